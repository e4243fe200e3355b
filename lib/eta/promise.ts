import { TZDate } from "@date-fns/tz";

/** TIME "by 14:00", DATE "by Tuesday 8 December", UPDATE "we will update you by …" (no basis for a promise) */
export type EtaPrecision = "TIME" | "DATE" | "UPDATE";

/** A shown ETA: the instant promised, and whether it is stated as a time or as a date. */
export interface EtaPromise {
  /** a DATE promise means the end of that day in the customer's zone */
  at: Date;
  precision: EtaPrecision;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Further away than this, a time would claim more precision than the estimate has. */
export const TIME_HORIZON_MS = 24 * HOUR;
/** The customer's night, [00:30, 06:00) local: never a time in it (minutes after midnight). */
export const NIGHT = { start: 30, end: 6 * 60 } as const;
/** Where a time that falls in the night (or just after midnight) moves to: that morning. */
const MORNING_MINUTE = 8 * 60;

/**
 * The ETA shown for an estimate `raw` made at `now`, for a customer in `zone`: always at or
 * after `raw` (rounded later, never earlier).
 * - More than a day away: a date, promising the end of the day `raw` falls on.
 * - Closer: a time, rounded up to the half hour; a time from midnight to 06:00 moves to
 *   08:00 that morning, so a promise never names the customer's night (and never "00:00").
 */
export function promiseFor(raw: Date, now: Date, zone: string): EtaPromise {
  if (raw.getTime() - now.getTime() > TIME_HORIZON_MS) {
    return { at: endOfLocalDay(raw, zone), precision: "DATE" };
  }
  const halfHour = 30 * MINUTE;
  let at = new Date(Math.ceil(raw.getTime() / halfHour) * halfHour);
  // Half hours are whole in every zone in use but a few (e.g. Asia/Kathmandu): round there too.
  const local = new TZDate(at.getTime(), zone);
  const offMinutes = local.getMinutes() % 30;
  if (offMinutes !== 0) {
    at = new Date(at.getTime() + (30 - offMinutes) * MINUTE - local.getSeconds() * 1000);
  }
  const shown = new TZDate(at.getTime(), zone);
  const minute = shown.getHours() * 60 + shown.getMinutes();
  if (minute < NIGHT.end) {
    const morning = new TZDate(
      shown.getFullYear(),
      shown.getMonth(),
      shown.getDate(),
      Math.floor(MORNING_MINUTE / 60),
      MORNING_MINUTE % 60,
      0,
      zone,
    );
    at = new Date(morning.getTime());
  }
  return { at, precision: "TIME" };
}

/** The last millisecond of the local day `at` falls on. */
export function endOfLocalDay(at: Date, zone: string): Date {
  const local = new TZDate(at.getTime(), zone);
  const next = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + 1, 0, 0, 0, zone);
  return new Date(next.getTime() - 1);
}

/** Whether a promise stated as a time names the customer's night (never true of ours). */
export function isNightTime(promise: EtaPromise, zone: string): boolean {
  if (promise.precision !== "TIME") {
    return false;
  }
  const local = new TZDate(promise.at.getTime(), zone);
  const minute = local.getHours() * 60 + local.getMinutes();
  return minute >= NIGHT.start && minute < NIGHT.end;
}

/** Whether two promises read the same to the customer: only then is a new estimate no revision. */
export function samePromise(a: EtaPromise | null, b: EtaPromise | null): boolean {
  if (a === null || b === null) {
    return a === b;
  }
  return a.precision === b.precision && a.at.getTime() === b.at.getTime();
}
