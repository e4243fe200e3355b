import { TZDate } from "@date-fns/tz";
import type { HappyStage, Stage } from "../payouts/stages";
import { HAPPY_PATH, isPaused, isTerminal } from "../payouts/stages";
import { type CalendarCountry, isClosed } from "./business-calendar";
import { currentDurations, type DurationTable, type PayoutMethod, type TimedStage } from "./durations";

export { PAYOUT_METHODS, type PayoutMethod } from "./durations";

const HOUR = 3_600_000;

/**
 * The bank calendar a method's money moves on: SEPA on German bank days, Faster Payments
 * on England's, ACH on the Federal Reserve's; the others only skip weekends.
 */
export const METHOD_CALENDAR: Record<PayoutMethod, CalendarCountry | null> = {
  SEPA: "DE",
  SWIFT: null,
  ACH: "US",
  FASTER_PAYMENTS: "GB",
  CARD: null,
  PAYPAL: null,
  WALLET: null,
};

/**
 * Adds business hours, counting business days (UTC) around the clock and skipping
 * weekends and, with a country, its bank holidays.
 */
export function addBusinessHours(start: Date, hours: number, country: CalendarCountry | null = null): Date {
  let cursor = start.getTime();
  let remaining = hours * HOUR;
  while (remaining > 0) {
    const day = new Date(cursor).getUTCDay();
    const nextMidnight = Date.UTC(
      new Date(cursor).getUTCFullYear(),
      new Date(cursor).getUTCMonth(),
      new Date(cursor).getUTCDate() + 1,
    );
    if (day === 0 || day === 6 || isClosed(country, new Date(cursor))) {
      cursor = nextMidnight;
      continue;
    }
    const step = Math.min(remaining, nextMidnight - cursor);
    cursor += step;
    remaining -= step;
  }
  return new Date(cursor);
}

/**
 * Daily cut-offs of the rails that have one: a payout that reaches PROCESSING (submission
 * to the bank) after the cut-off, or on a day the rail is closed, is submitted at the start
 * of the next business day there. Faster Payments, cards, PayPal and wallets have none.
 */
export const METHOD_CUTOFF: Record<PayoutMethod, { zone: string; hour: number; minute: number } | null> = {
  SEPA: { zone: "Europe/Berlin", hour: 15, minute: 0 },
  SWIFT: { zone: "Europe/London", hour: 14, minute: 0 },
  ACH: { zone: "America/New_York", hour: 16, minute: 0 },
  FASTER_PAYMENTS: null,
  CARD: null,
  PAYPAL: null,
  WALLET: null,
};

/** When a submission made at `at` is taken by the rail: `at` itself before the cut-off on a business day, else the next business day's start. */
export function afterCutoff(method: PayoutMethod, at: Date): Date {
  const cutoff = METHOD_CUTOFF[method];
  if (!cutoff) {
    return at;
  }
  const country = METHOD_CALENDAR[method];
  const local = new TZDate(at.getTime(), cutoff.zone);
  const open = (y: number, m: number, d: number) => {
    const noon = new TZDate(y, m, d, 12, 0, 0, cutoff.zone);
    const weekday = noon.getDay();
    return weekday !== 0 && weekday !== 6 && !isClosed(country, noon);
  };
  const [y, m, d] = [local.getFullYear(), local.getMonth(), local.getDate()];
  const deadline = new TZDate(y, m, d, cutoff.hour, cutoff.minute, 0, cutoff.zone);
  if (open(y, m, d) && at.getTime() <= deadline.getTime()) {
    return at;
  }
  for (let add = 1; add <= 14; add++) {
    const day = new TZDate(y, m, d + add, 0, 0, 0, cutoff.zone);
    if (open(day.getFullYear(), day.getMonth(), day.getDate())) {
      return new Date(day.getTime());
    }
  }
  return at;
}

export interface StageEstimate {
  /** the stage the payout is expected to reach */
  stage: HappyStage;
  /** when */
  at: Date;
}

/**
 * When a payout that entered `stage` at `enteredAt` is expected to reach each later
 * happy-path stage, COMPLETED last: every stage's expected business hours (configured,
 * learned or default: lib/eta/durations.ts) on the method's bank calendar, with the rail's
 * cut-off before PROCESSING. Null for terminal and paused payouts: a paused one waits on someone.
 */
export function estimateStages(
  method: PayoutMethod,
  stage: Stage,
  enteredAt: Date,
  table: DurationTable = currentDurations(),
): StageEstimate[] | null {
  if (isTerminal(stage) || isPaused(stage)) {
    return null;
  }
  const from = HAPPY_PATH.indexOf(stage as HappyStage);
  const country = METHOD_CALENDAR[method];
  const path = HAPPY_PATH.slice(from);
  const estimates: StageEstimate[] = [];
  let cursor = enteredAt;
  for (let i = 0; i < path.length - 1; i++) {
    const current = path[i] as TimedStage;
    const start = current === "PROCESSING" ? afterCutoff(method, cursor) : cursor;
    cursor = addBusinessHours(start, table[method][current].hours, country);
    estimates.push({ stage: path[i + 1] as HappyStage, at: cursor });
  }
  return estimates;
}

/** The expected completion time of a payout that entered `stage` at `enteredAt` (see estimateStages). */
export function estimateCompletion(
  method: PayoutMethod,
  stage: Stage,
  enteredAt: Date,
  table: DurationTable = currentDurations(),
): Date | null {
  const stages = estimateStages(method, stage, enteredAt, table);
  return stages?.at(-1)?.at ?? null;
}

/** How far past its expected business hours a stage may run before the payout counts as delayed. */
export const STAGE_LIMIT_FACTOR = 2;

/**
 * When a payout that entered `stage` at `enteredAt` has outlived the stage: twice its
 * expected business hours. Null for stages without a limit (paused, final, COMPLETED).
 */
export function stageDeadline(
  method: PayoutMethod,
  stage: Stage,
  enteredAt: Date,
  table: DurationTable = currentDurations(),
): Date | null {
  if (isTerminal(stage) || isPaused(stage) || stage === "COMPLETED") {
    return null;
  }
  const hours = table[method][stage as TimedStage].hours;
  return addBusinessHours(enteredAt, hours * STAGE_LIMIT_FACTOR, METHOD_CALENDAR[method]);
}
