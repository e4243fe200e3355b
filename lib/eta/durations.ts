import type { HappyStage } from "../payouts/stages";
import type { WorkingCalendar } from "./working-time";

export const PAYOUT_METHODS = ["SEPA", "SWIFT", "ACH", "FASTER_PAYMENTS", "CARD", "PAYPAL", "WALLET"] as const;
export type PayoutMethod = (typeof PAYOUT_METHODS)[number];

/** The stages a payout spends time in on its way to COMPLETED. */
export const TIMED_STAGES = ["REQUESTED", "VERIFYING", "UNDER_REVIEW", "APPROVED", "PROCESSING", "SENT"] as const;
export type TimedStage = (typeof TIMED_STAGES)[number] & Exclude<HappyStage, "COMPLETED">;

/** A stage's [median, 90th percentile] in working hours. */
type Hours = readonly [p50: number, p90: number];

/** Per method, the hours of each of the TIMED_STAGES, in their order. */
// biome-ignore format: a table, one method a row
const STAGE_HOURS: Record<PayoutMethod, readonly [Hours, Hours, Hours, Hours, Hours, Hours]> = {
  //                REQUESTED   VERIFYING   UNDER_REVIEW  APPROVED    PROCESSING  SENT
  SEPA:            [[0.25, 1],  [1, 4],     [2, 8],       [0.5, 2],   [2, 6],     [4, 11]],
  SWIFT:           [[0.25, 1],  [1, 4],     [3, 10],      [1, 4],     [4, 10],    [12, 30]],
  ACH:             [[0.25, 1],  [1, 4],     [2, 8],       [0.5, 2],   [3, 8],     [8, 20]],
  FASTER_PAYMENTS: [[0.1, 0.5], [0.5, 2],   [1, 4],       [0.25, 1],  [0.25, 1],  [0.25, 2]],
  CARD:            [[0.25, 1],  [0.5, 2],   [1, 4],       [0.5, 2],   [2, 8],     [24, 60]],
  PAYPAL:          [[0.1, 0.5], [0.5, 2],   [1, 4],       [0.25, 1],  [0.5, 2],   [1, 4]],
  WALLET:          [[0.1, 0.5], [0.25, 1],  [0.5, 2],     [0.25, 1],  [0.25, 1],  [0.25, 1]],
};

/**
 * How long a stage takes, in working hours of the place where its work happens
 * (stageCalendar in lib/eta/estimate.ts): the median and the 90th percentile, before anything
 * is learned. A stage's time is modelled as log-normal through these two quantiles.
 */
export const DEFAULT_STAGE_HOURS = Object.fromEntries(
  PAYOUT_METHODS.map((method) => [
    method,
    Object.fromEntries(
      TIMED_STAGES.map((stage, i) => {
        const [p50, p90] = STAGE_HOURS[method][i] as Hours;
        return [stage, { p50, p90 }];
      }),
    ),
  ]),
) as Record<PayoutMethod, Record<TimedStage, { p50: number; p90: number }>>;

/** Completed stage visits needed before learned quantiles replace the defaults. */
export const MIN_LEARNING_SAMPLES = 30;

/** The quantile of completion an ETA promises unless an admin sets another per method. */
export const DEFAULT_QUANTILE = 0.9;

export type DurationSource = "CONFIGURED" | "LEARNED" | "DEFAULT";
export interface StageDuration {
  /** median working hours */
  p50: number;
  /** 90th percentile of working hours */
  p90: number;
  source: DurationSource;
}
export type DurationTable = Record<PayoutMethod, Record<TimedStage, StageDuration>>;

export interface DurationRow {
  method: PayoutMethod;
  stage: string;
  /** an admin's 90th percentile */
  configuredHours: number | null;
  learnedP50Hours: number | null;
  learnedP90Hours: number | null;
  samples: number;
}

/**
 * The effective table. Per (method, stage): an admin's configured p90 wins (the median keeps
 * the default's ratio to it); else the learned quantiles when they rest on at least
 * MIN_LEARNING_SAMPLES completed visits; else the defaults.
 */
export function resolveDurations(rows: DurationRow[] = []): DurationTable {
  const table = {} as DurationTable;
  for (const method of PAYOUT_METHODS) {
    table[method] = {} as Record<TimedStage, StageDuration>;
    for (const stage of TIMED_STAGES) {
      table[method][stage] = { ...DEFAULT_STAGE_HOURS[method][stage], source: "DEFAULT" };
    }
  }
  for (const row of rows) {
    const slot = table[row.method]?.[row.stage as TimedStage];
    if (!slot) {
      continue;
    }
    const stage = row.stage as TimedStage;
    if (row.configuredHours !== null) {
      const base = DEFAULT_STAGE_HOURS[row.method][stage];
      table[row.method][stage] = {
        p50: (row.configuredHours * base.p50) / base.p90,
        p90: row.configuredHours,
        source: "CONFIGURED",
      };
    } else if (row.learnedP50Hours !== null && row.learnedP90Hours !== null && row.samples >= MIN_LEARNING_SAMPLES) {
      table[row.method][stage] = {
        p50: row.learnedP50Hours,
        // a p90 no lower than the median (a degenerate sample)
        p90: Math.max(row.learnedP90Hours, row.learnedP50Hours * 1.05),
        source: "LEARNED",
      };
    }
  }
  return table;
}

/** The operations team's default working hours: Monday to Friday, 08:00–18:00 in Berlin. */
export const DEFAULT_OPS_HOURS: WorkingCalendar = {
  zone: "Europe/Berlin",
  days: [1, 2, 3, 4, 5],
  startMinute: 8 * 60,
  endMinute: 18 * 60,
};

/** Everything an estimate needs besides the payout: the planner takes it as an argument. */
export interface EtaModel {
  durations: DurationTable;
  /** the operations team's working hours (review stages) */
  ops: WorkingCalendar;
  /** the quantile of completion promised, per method */
  quantiles: Record<PayoutMethod, number>;
}

export function defaultQuantiles(overrides: Partial<Record<string, unknown>> = {}): Record<PayoutMethod, number> {
  const result = {} as Record<PayoutMethod, number>;
  for (const method of PAYOUT_METHODS) {
    const value = overrides[method];
    result[method] = typeof value === "number" && value >= 0.5 && value <= 0.99 ? value : DEFAULT_QUANTILE;
  }
  return result;
}

export function defaultEtaModel(): EtaModel {
  return { durations: resolveDurations(), ops: DEFAULT_OPS_HOURS, quantiles: defaultQuantiles() };
}

/** Quantile (linear interpolation between order statistics) of a non-empty list; null for none. */
export function quantile(values: number[], q: number): number | null {
  if (values.length === 0) {
    return null;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lower = Math.floor(pos);
  const upper = Math.ceil(pos);
  const a = sorted[lower] ?? 0;
  const b = sorted[upper] ?? a;
  return a + (b - a) * (pos - lower);
}
