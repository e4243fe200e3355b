import { TZDate } from "@date-fns/tz";
import { type WorkCalendar, workingHoursBetween } from "./calendar";
import type { EvalOutcome } from "./generate";
import { EVAL_METHODS, type EvalMethod } from "./model";

// What the evaluation measures, from what a customer was shown (pure: lib/eta/eval/replay.ts
// collects the records, this file judges them).

/** An ETA as shown: the payout row's `eta_at` and, when the schema has it, `eta_precision`. */
export interface ShownEta {
  at: Date;
  /** "DATE" = shown as a date, promising the end of that day in the customer's zone; anything else is shown as a time */
  precision: string;
  /** when it was first shown (the replay clock) */
  shownAt: Date;
}

export interface PayoutRecord {
  method: EvalMethod;
  timeZone: string;
  /** the end the generator gave it; "OPEN" only if the replay stopped early */
  outcome: EvalOutcome | "OPEN";
  completedAt: Date | null;
  /** waited on the customer or on a hold (an ETA that could not know) */
  paused: boolean;
  /** the ETA right after the payout's first event (null: none shown) */
  first: ShownEta | null;
  /** every later change of the shown ETA (a time or a date that reads differently) */
  revisions: ShownEta[];
  /** seen open with a promise more than a minute in the past after a sweep */
  pastSeen: boolean;
  /** shown promises that passed while shown: replaced, hidden or ended after their deadline */
  brokenPromises: number;
  /** ETA or delay messages (not stage changes) on the busiest local day of this payout */
  etaMessagesMaxPerDay: number;
}

export interface Metrics {
  payouts: number;
  completed: number;
  /** completed by the first shown promise, of the completed ones (null: none completed) */
  onTime: number | null;
  /** the same among completed payouts that never waited on the customer or a hold */
  onTimeUnpaused: number | null;
  /** signed median of (first promise − arrival) over all completed, in working hours of the rail; negative = late */
  medianSlackHours: number | null;
  /** the 10th percentile of the same: how late the latest tenth arrives (negative = late) */
  p10SlackHours: number | null;
  /** share of payouts with at least one revision */
  revised: number | null;
  revisions: number;
  /** share of payouts with at least one revision that moved the promise later (a promise broken or stretched) */
  revisedLater: number | null;
  /** share of payouts that saw any shown promise (first or revised) pass while it was shown */
  broken: number | null;
  /** shown ETAs (first or revised) stated as a time in [00:30, 06:00) of the customer's zone */
  night: number;
  /** payouts seen with a past promise after a sweep */
  past: number;
  /** first ETAs not stated as a time or a date (e.g. "we will update you by …") */
  firstNotPromise: number;
  /** payouts that got more than one ETA or delay message on some day of their local calendar */
  etaMessagesOverOnePerDay: number;
}

export const NIGHT_START_MINUTE = 30;
export const NIGHT_END_MINUTE = 6 * 60;

/** When a shown ETA is kept: a time at that instant; a date at the end of its local day. */
export function promiseDeadline(eta: Pick<ShownEta, "at" | "precision">, timeZone: string): Date {
  if (eta.precision !== "DATE") {
    return eta.at;
  }
  // The day the ETA names; a value stored as the next local midnight still names the day before.
  const local = new TZDate(eta.at.getTime() - 1, timeZone);
  return new Date(new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + 1, 0, 0, 0, timeZone).getTime());
}

/** A time shown in the customer's night; a date never is. */
export function isNightEta(eta: Pick<ShownEta, "at" | "precision">, timeZone: string): boolean {
  if (eta.precision === "DATE") {
    return false;
  }
  const local = new TZDate(eta.at.getTime(), timeZone);
  const minute = local.getHours() * 60 + local.getMinutes();
  return minute >= NIGHT_START_MINUTE && minute < NIGHT_END_MINUTE;
}

/** Whether a customer reads two ETAs the same (then a new estimate is no revision). */
export function sameShownEta(a: ShownEta | null, b: ShownEta | null): boolean {
  if (a === null || b === null) {
    return a === b;
  }
  return a.precision === b.precision && a.at.getTime() === b.at.getTime();
}

/** Quantile q (0–1) by linear interpolation between order statistics; null for none. */
export function quantile(values: number[], q: number): number | null {
  if (values.length === 0) {
    return null;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const a = sorted[low] ?? 0;
  const b = sorted[high] ?? a;
  return a + (b - a) * (position - low);
}

export function median(values: number[]): number | null {
  return quantile(values, 0.5);
}

/** Signed slack of a completed payout: working hours from arrival to its first promise (negative = late). */
export function slackHours(record: PayoutRecord, calendar: WorkCalendar): number | null {
  if (record.completedAt === null || record.first === null) {
    return null;
  }
  return workingHoursBetween(calendar, record.completedAt, promiseDeadline(record.first, record.timeZone));
}

export function onTime(record: PayoutRecord): boolean {
  return (
    record.completedAt !== null &&
    record.first !== null &&
    record.completedAt.getTime() <= promiseDeadline(record.first, record.timeZone).getTime()
  );
}

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** Whether any revision promised later than the ETA shown before it. */
export function movedLater(record: PayoutRecord): boolean {
  let previous = record.first;
  for (const revision of record.revisions) {
    if (
      previous &&
      promiseDeadline(revision, record.timeZone).getTime() > promiseDeadline(previous, record.timeZone).getTime()
    ) {
      return true;
    }
    previous = revision;
  }
  return false;
}

/** The metrics of a set of payouts; slack counts in each payout's rail calendar. */
export function measure(records: PayoutRecord[], railCalendar: (method: EvalMethod) => WorkCalendar): Metrics {
  const completed = records.filter((r) => r.outcome === "COMPLETED" && r.completedAt !== null);
  const unpaused = completed.filter((r) => !r.paused);
  // A completed payout that was never shown an ETA counts as late, with no slack to measure.
  const slacks = completed.map((r) => slackHours(r, railCalendar(r.method))).filter((s): s is number => s !== null);
  const shown = (r: PayoutRecord) => [...(r.first ? [r.first] : []), ...r.revisions];
  return {
    payouts: records.length,
    completed: completed.length,
    onTime: share(completed.filter(onTime).length, completed.length),
    onTimeUnpaused: share(unpaused.filter(onTime).length, unpaused.length),
    medianSlackHours: median(slacks),
    p10SlackHours: quantile(slacks, 0.1),
    revised: share(records.filter((r) => r.revisions.length > 0).length, records.length),
    revisions: records.reduce((sum, r) => sum + r.revisions.length, 0),
    revisedLater: share(records.filter(movedLater).length, records.length),
    broken: share(records.filter((r) => r.brokenPromises > 0).length, records.length),
    night: records.reduce((sum, r) => sum + shown(r).filter((eta) => isNightEta(eta, r.timeZone)).length, 0),
    past: records.filter((r) => r.pastSeen).length,
    firstNotPromise: records.filter(
      (r) => r.first !== null && r.first.precision !== "TIME" && r.first.precision !== "DATE",
    ).length,
    etaMessagesOverOnePerDay: records.filter((r) => r.etaMessagesMaxPerDay > 1).length,
  };
}

export interface Summary {
  perMethod: { method: EvalMethod; metrics: Metrics }[];
  overall: Metrics;
}

export function summarize(records: PayoutRecord[], railCalendar: (method: EvalMethod) => WorkCalendar): Summary {
  return {
    perMethod: EVAL_METHODS.map((method) => ({
      method,
      metrics: measure(
        records.filter((r) => r.method === method),
        railCalendar,
      ),
    })),
    overall: measure(records, railCalendar),
  };
}

/**
 * How many ETA messages a payout got on its busiest day in the customer's zone, from the
 * occurrence times of its ETA and delay messages.
 */
export function maxPerLocalDay(times: Date[], timeZone: string): number {
  const perDay = new Map<string, number>();
  for (const at of times) {
    const local = new TZDate(at.getTime(), timeZone);
    const key = `${local.getFullYear()}-${local.getMonth()}-${local.getDate()}`;
    perDay.set(key, (perDay.get(key) ?? 0) + 1);
  }
  return Math.max(0, ...perDay.values());
}
