import type { HappyStage } from "../payouts/stages";
import { type CalendarCountry, isClosed } from "./business-calendar";

export const PAYOUT_METHODS = ["SEPA", "SWIFT", "ACH", "FASTER_PAYMENTS", "CARD", "PAYPAL", "WALLET"] as const;
export type PayoutMethod = (typeof PAYOUT_METHODS)[number];

/** The stages a payout spends time in on its way to COMPLETED. */
export const TIMED_STAGES = ["REQUESTED", "VERIFYING", "UNDER_REVIEW", "APPROVED", "PROCESSING", "SENT"] as const;
export type TimedStage = (typeof TIMED_STAGES)[number] & Exclude<HappyStage, "COMPLETED">;

/** Expected business hours per stage, before any configuration or learning: sensible defaults per method. */
export const DEFAULT_STAGE_HOURS: Record<PayoutMethod, Record<TimedStage, number>> = {
  SEPA: { REQUESTED: 1, VERIFYING: 4, UNDER_REVIEW: 8, APPROVED: 2, PROCESSING: 8, SENT: 16 },
  SWIFT: { REQUESTED: 1, VERIFYING: 4, UNDER_REVIEW: 8, APPROVED: 4, PROCESSING: 16, SENT: 40 },
  ACH: { REQUESTED: 1, VERIFYING: 4, UNDER_REVIEW: 8, APPROVED: 2, PROCESSING: 8, SENT: 24 },
  FASTER_PAYMENTS: { REQUESTED: 1, VERIFYING: 2, UNDER_REVIEW: 4, APPROVED: 1, PROCESSING: 2, SENT: 2 },
  CARD: { REQUESTED: 1, VERIFYING: 2, UNDER_REVIEW: 4, APPROVED: 2, PROCESSING: 8, SENT: 48 },
  PAYPAL: { REQUESTED: 1, VERIFYING: 2, UNDER_REVIEW: 4, APPROVED: 1, PROCESSING: 2, SENT: 4 },
  WALLET: { REQUESTED: 1, VERIFYING: 1, UNDER_REVIEW: 2, APPROVED: 1, PROCESSING: 1, SENT: 1 },
};

/** Completed stage visits needed before the learned p80 replaces the default. */
export const MIN_LEARNING_SAMPLES = 30;

export type DurationSource = "CONFIGURED" | "LEARNED" | "DEFAULT";
export interface StageDuration {
  hours: number;
  source: DurationSource;
}
export type DurationTable = Record<PayoutMethod, Record<TimedStage, StageDuration>>;

export interface DurationRow {
  method: PayoutMethod;
  stage: string;
  configuredHours: number | null;
  learnedP80Hours: number | null;
  samples: number;
}

/**
 * The effective table. Per (method, stage): an admin's configured hours win; else the
 * learned p80 when it rests on at least MIN_LEARNING_SAMPLES completed visits; else the default.
 */
export function resolveDurations(rows: DurationRow[] = []): DurationTable {
  const table = {} as DurationTable;
  for (const method of PAYOUT_METHODS) {
    table[method] = {} as Record<TimedStage, StageDuration>;
    for (const stage of TIMED_STAGES) {
      table[method][stage] = { hours: DEFAULT_STAGE_HOURS[method][stage], source: "DEFAULT" };
    }
  }
  for (const row of rows) {
    const slot = table[row.method]?.[row.stage as TimedStage];
    if (!slot) {
      continue;
    }
    if (row.configuredHours !== null) {
      table[row.method][row.stage as TimedStage] = { hours: row.configuredHours, source: "CONFIGURED" };
    } else if (row.learnedP80Hours !== null && row.samples >= MIN_LEARNING_SAMPLES) {
      table[row.method][row.stage as TimedStage] = { hours: row.learnedP80Hours, source: "LEARNED" };
    }
  }
  return table;
}

const globalForDurations = globalThis as unknown as { __payoutTrackerDurations?: DurationTable };

/** The table this process uses; the defaults until `setCurrentDurations` is called. */
export function currentDurations(): DurationTable {
  globalForDurations.__payoutTrackerDurations ??= resolveDurations();
  return globalForDurations.__payoutTrackerDurations;
}

export function setCurrentDurations(table: DurationTable): void {
  globalForDurations.__payoutTrackerDurations = table;
}

const HOUR = 3_600_000;

/** Business hours between two instants: time on business days (UTC), weekends and the country's bank holidays skipped. */
export function businessHoursBetween(from: Date, to: Date, country: CalendarCountry | null): number {
  let cursor = from.getTime();
  const end = to.getTime();
  let total = 0;
  while (cursor < end) {
    const at = new Date(cursor);
    const nextMidnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1);
    const step = Math.min(end, nextMidnight) - cursor;
    const day = at.getUTCDay();
    if (day !== 0 && day !== 6 && !isClosed(country, at)) {
      total += step;
    }
    cursor += step;
  }
  return total / HOUR;
}

/** The 80th percentile (nearest rank) of positive numbers; null for none. */
export function p80(values: number[]): number | null {
  if (values.length === 0) {
    return null;
  }
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(sorted.length * 0.8) - 1)] ?? null;
}

/** Anything that can run a query: a pg pool or transaction (lib/db/sql.ts). */
interface RowSource {
  rows<T>(text: string, values?: unknown[]): Promise<T[]>;
}

const REFRESH_MS = 60_000;
const refreshState = globalThis as unknown as { __payoutTrackerDurationsAt?: number };

/** Reads the configured and learned durations from PostgreSQL into this process's table. */
export async function loadDurations(sql: RowSource): Promise<DurationTable> {
  const rows = await sql.rows<{
    method: PayoutMethod;
    stage: string;
    configured_hours: number | null;
    learned_p80_hours: number | null;
    samples: number;
  }>("select method, stage, configured_hours, learned_p80_hours, samples from eta_stage_durations");
  const table = resolveDurations(
    rows.map((r) => ({
      method: r.method,
      stage: r.stage,
      configuredHours: r.configured_hours === null ? null : Number(r.configured_hours),
      learnedP80Hours: r.learned_p80_hours === null ? null : Number(r.learned_p80_hours),
      samples: Number(r.samples),
    })),
  );
  setCurrentDurations(table);
  refreshState.__payoutTrackerDurationsAt = Date.now();
  return table;
}

/**
 * Keeps this process's table at most a minute old: a no-op within the minute, one small
 * query after it. Every process that computes ETAs calls it before estimating.
 */
export async function refreshDurations(sql: RowSource): Promise<DurationTable> {
  const at = refreshState.__payoutTrackerDurationsAt ?? 0;
  if (Date.now() - at < REFRESH_MS) {
    return currentDurations();
  }
  return loadDurations(sql);
}
