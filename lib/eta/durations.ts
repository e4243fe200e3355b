import type { HappyStage } from "../payouts/stages";
import type { WorkingCalendar } from "./working-time";

export const PAYOUT_METHODS = ["SEPA", "SWIFT", "ACH", "FASTER_PAYMENTS", "CARD", "PAYPAL", "WALLET"] as const;
export type PayoutMethod = (typeof PAYOUT_METHODS)[number];

/** The stages a payout spends time in on its way to COMPLETED. */
export const TIMED_STAGES = ["REQUESTED", "VERIFYING", "UNDER_REVIEW", "APPROVED", "PROCESSING", "SENT"] as const;
export type TimedStage = (typeof TIMED_STAGES)[number] & Exclude<HappyStage, "COMPLETED">;

/**
 * How long a stage takes, in working hours of the place where its work happens
 * (lib/eta/stage-calendar.ts): the median and the 90th percentile, before anything is
 * learned. A stage's time is modelled as log-normal through these two quantiles.
 */
export const DEFAULT_STAGE_HOURS: Record<PayoutMethod, Record<TimedStage, { p50: number; p90: number }>> = {
  SEPA: {
    REQUESTED: { p50: 0.25, p90: 1 },
    VERIFYING: { p50: 1, p90: 4 },
    UNDER_REVIEW: { p50: 2, p90: 8 },
    APPROVED: { p50: 0.5, p90: 2 },
    PROCESSING: { p50: 2, p90: 6 },
    SENT: { p50: 4, p90: 11 },
  },
  SWIFT: {
    REQUESTED: { p50: 0.25, p90: 1 },
    VERIFYING: { p50: 1, p90: 4 },
    UNDER_REVIEW: { p50: 3, p90: 10 },
    APPROVED: { p50: 1, p90: 4 },
    PROCESSING: { p50: 4, p90: 10 },
    SENT: { p50: 12, p90: 30 },
  },
  ACH: {
    REQUESTED: { p50: 0.25, p90: 1 },
    VERIFYING: { p50: 1, p90: 4 },
    UNDER_REVIEW: { p50: 2, p90: 8 },
    APPROVED: { p50: 0.5, p90: 2 },
    PROCESSING: { p50: 3, p90: 8 },
    SENT: { p50: 8, p90: 20 },
  },
  FASTER_PAYMENTS: {
    REQUESTED: { p50: 0.1, p90: 0.5 },
    VERIFYING: { p50: 0.5, p90: 2 },
    UNDER_REVIEW: { p50: 1, p90: 4 },
    APPROVED: { p50: 0.25, p90: 1 },
    PROCESSING: { p50: 0.25, p90: 1 },
    SENT: { p50: 0.25, p90: 2 },
  },
  CARD: {
    REQUESTED: { p50: 0.25, p90: 1 },
    VERIFYING: { p50: 0.5, p90: 2 },
    UNDER_REVIEW: { p50: 1, p90: 4 },
    APPROVED: { p50: 0.5, p90: 2 },
    PROCESSING: { p50: 2, p90: 8 },
    SENT: { p50: 24, p90: 60 },
  },
  PAYPAL: {
    REQUESTED: { p50: 0.1, p90: 0.5 },
    VERIFYING: { p50: 0.5, p90: 2 },
    UNDER_REVIEW: { p50: 1, p90: 4 },
    APPROVED: { p50: 0.25, p90: 1 },
    PROCESSING: { p50: 0.5, p90: 2 },
    SENT: { p50: 1, p90: 4 },
  },
  WALLET: {
    REQUESTED: { p50: 0.1, p90: 0.5 },
    VERIFYING: { p50: 0.25, p90: 1 },
    UNDER_REVIEW: { p50: 0.5, p90: 2 },
    APPROVED: { p50: 0.25, p90: 1 },
    PROCESSING: { p50: 0.25, p90: 1 },
    SENT: { p50: 0.25, p90: 1 },
  },
};

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
