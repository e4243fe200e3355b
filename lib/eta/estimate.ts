import type { HappyStage, Stage } from "../payouts/stages";
import { HAPPY_PATH, isPaused, isTerminal } from "../payouts/stages";
import { type CalendarCountry, isClosed } from "./business-calendar";

export const PAYOUT_METHODS = ["SEPA", "SWIFT", "ACH", "FASTER_PAYMENTS", "CARD", "PAYPAL", "WALLET"] as const;
export type PayoutMethod = (typeof PAYOUT_METHODS)[number];

/**
 * Expected business hours a payout spends in each happy-path stage, per method.
 * A first table of sensible defaults; the ETA engine issue makes it configurable
 * and learns from history.
 */
const STAGE_HOURS: Record<PayoutMethod, Record<Exclude<HappyStage, "COMPLETED">, number>> = {
  SEPA: { REQUESTED: 1, VERIFYING: 4, UNDER_REVIEW: 8, APPROVED: 2, PROCESSING: 8, SENT: 16 },
  SWIFT: { REQUESTED: 1, VERIFYING: 4, UNDER_REVIEW: 8, APPROVED: 4, PROCESSING: 16, SENT: 40 },
  ACH: { REQUESTED: 1, VERIFYING: 4, UNDER_REVIEW: 8, APPROVED: 2, PROCESSING: 8, SENT: 24 },
  FASTER_PAYMENTS: { REQUESTED: 1, VERIFYING: 2, UNDER_REVIEW: 4, APPROVED: 1, PROCESSING: 2, SENT: 2 },
  CARD: { REQUESTED: 1, VERIFYING: 2, UNDER_REVIEW: 4, APPROVED: 2, PROCESSING: 8, SENT: 48 },
  PAYPAL: { REQUESTED: 1, VERIFYING: 2, UNDER_REVIEW: 4, APPROVED: 1, PROCESSING: 2, SENT: 4 },
  WALLET: { REQUESTED: 1, VERIFYING: 1, UNDER_REVIEW: 2, APPROVED: 1, PROCESSING: 1, SENT: 1 },
};

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
 * The expected completion time of a payout that entered `stage` at `enteredAt`.
 * Terminal and paused payouts have no ETA: a paused one waits on someone.
 */
export function estimateCompletion(method: PayoutMethod, stage: Stage, enteredAt: Date): Date | null {
  if (isTerminal(stage) || isPaused(stage)) {
    return null;
  }
  const from = HAPPY_PATH.indexOf(stage as HappyStage);
  const table = STAGE_HOURS[method];
  let hours = 0;
  for (const remaining of HAPPY_PATH.slice(from)) {
    if (remaining !== "COMPLETED") {
      hours += table[remaining];
    }
  }
  return addBusinessHours(enteredAt, hours, METHOD_CALENDAR[method]);
}

/** How far past its expected business hours a stage may run before the payout counts as delayed. */
export const STAGE_LIMIT_FACTOR = 2;

/**
 * When a payout that entered `stage` at `enteredAt` has outlived the stage: twice its
 * expected business hours. Null for stages without a limit (paused, final, COMPLETED).
 */
export function stageDeadline(method: PayoutMethod, stage: Stage, enteredAt: Date): Date | null {
  if (isTerminal(stage) || isPaused(stage) || stage === "COMPLETED") {
    return null;
  }
  const hours = STAGE_HOURS[method][stage as Exclude<HappyStage, "COMPLETED">];
  return addBusinessHours(enteredAt, hours * STAGE_LIMIT_FACTOR, METHOD_CALENDAR[method]);
}
