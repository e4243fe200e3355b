import { type CalendarCountry, isClosed } from "../business-calendar";
import type { LocalDay, WorkCalendar } from "./calendar";

// The parameters of the evaluation's generative model: the "truth" of how long payouts take.
// The walk that uses them is lib/eta/eval/generate.ts; docs/etas.md ("Evaluation") explains
// both. Durations are lognormal (median, sigma) in WORKING hours of the calendar where the
// work happens. Change a number here and the evaluation measures the product against a
// different world: keep docs/etas.md in step.

export const EVAL_METHODS = ["SEPA", "SWIFT", "ACH", "FASTER_PAYMENTS", "CARD", "PAYPAL", "WALLET"] as const;
export type EvalMethod = (typeof EVAL_METHODS)[number];

/** A lognormal duration: half the draws are below `median` hours; sigma is the log-scale spread. */
export interface DurationLaw {
  median: number;
  sigma: number;
}

/** Open on weekdays but the country's bank holidays (none for null): lib/eta/business-calendar.ts. */
const openDays = (country: CalendarCountry | null) => (day: LocalDay) =>
  !isClosed(country, new Date(Date.UTC(day.year, day.month - 1, day.day)));
const weekday = openDays(null);

/** The operations team reviews payouts Monday to Friday, 08:00–18:00 in Berlin. */
export const OPERATIONS: WorkCalendar = {
  name: "operations Mon–Fri 08:00–18:00 Europe/Berlin",
  zone: "Europe/Berlin",
  hours: { from: 8 * 60, to: 18 * 60 },
  isOpenDay: weekday,
};

/** Instant rails and automated steps: every hour of every day. */
export const AROUND_THE_CLOCK: WorkCalendar = {
  name: "around the clock",
  zone: "UTC",
  hours: null,
  isOpenDay: () => true,
};

/** Banking days of each rail (whole local days; closed days skipped entirely). */
export const RAIL_CALENDARS: Record<EvalMethod, WorkCalendar> = {
  SEPA: {
    name: "TARGET2 days, Europe/Berlin",
    zone: "Europe/Berlin",
    hours: null,
    isOpenDay: openDays("EU"),
  },
  SWIFT: { name: "London weekdays", zone: "Europe/London", hours: null, isOpenDay: weekday },
  ACH: {
    name: "Federal Reserve days, America/New_York",
    zone: "America/New_York",
    hours: null,
    isOpenDay: openDays("US"),
  },
  FASTER_PAYMENTS: AROUND_THE_CLOCK,
  CARD: AROUND_THE_CLOCK,
  PAYPAL: AROUND_THE_CLOCK,
  WALLET: AROUND_THE_CLOCK,
};

/**
 * The rail's daily cut-off (local minutes): a payout that reaches PROCESSING later, or on a
 * closed day, is taken in the next banking day's first cycle (`opens`); one reaching it
 * before the day's first cycle waits for it.
 */
export interface Cutoff {
  zone: string;
  minute: number;
  opens: number;
}
export const RAIL_CUTOFFS: Record<EvalMethod, Cutoff | null> = {
  SEPA: { zone: "Europe/Berlin", minute: 15 * 60, opens: 7 * 60 },
  SWIFT: { zone: "Europe/London", minute: 14 * 60, opens: 8 * 60 },
  ACH: { zone: "America/New_York", minute: 16 * 60, opens: 8 * 60 + 30 },
  FASTER_PAYMENTS: null,
  CARD: null,
  PAYPAL: null,
  WALLET: null,
};

/** REQUESTED: automated intake, around the clock. */
export const INTAKE: DurationLaw = { median: 0.1, sigma: 1.0 };

/** Review stages in the operations team's hours, before the method's factor. */
export const REVIEW: Record<"VERIFYING" | "UNDER_REVIEW" | "APPROVED", DurationLaw> = {
  VERIFYING: { median: 1.0, sigma: 0.8 },
  UNDER_REVIEW: { median: 2.0, sigma: 0.9 },
  APPROVED: { median: 0.5, sigma: 0.7 },
};

export interface MethodModel {
  currency: string;
  destination: string;
  /** multiplies the review medians (cross-border SWIFT takes longer to check, wallets less) */
  reviewFactor: number;
  /** chance that a review stage is skipped (decided automatically: no event, no time) */
  skip: Record<"VERIFYING" | "UNDER_REVIEW" | "APPROVED", number>;
  /** on the rail's banking days */
  processing: DurationLaw;
  sent: DurationLaw;
}

type MethodRow = [
  currency: string,
  destination: string,
  reviewFactor: number,
  skipUnderReview: number,
  processing: [median: number, sigma: number],
  sent: [median: number, sigma: number],
];
/** The table in docs/etas.md; VERIFYING is skipped for 5 % and APPROVED for 10 % of every method's payouts. */
const METHOD_ROWS: Record<EvalMethod, MethodRow> = {
  SEPA: ["EUR", "DE•• 4410", 1, 0.3, [1.5, 0.6], [6, 0.7]],
  SWIFT: ["USD", "SG•• 7781", 1.6, 0.1, [4, 0.7], [20, 0.8]],
  ACH: ["USD", "US•• 0923", 1, 0.3, [2, 0.5], [14, 0.5]],
  FASTER_PAYMENTS: ["GBP", "GB•• 3307", 0.8, 0.45, [0.1, 1.0], [0.15, 1.2]],
  CARD: ["EUR", "Visa •• 4242", 0.9, 0.4, [1, 0.8], [20, 0.8]],
  PAYPAL: ["EUR", "PayPal a•••@example.com", 0.7, 0.5, [0.3, 0.9], [0.5, 1.0]],
  WALLET: ["EUR", "Wallet •• 19", 0.6, 0.55, [0.05, 0.8], [0.1, 1.0]],
};

export const METHODS = Object.fromEntries(
  EVAL_METHODS.map((method) => {
    const [currency, destination, reviewFactor, skipUnderReview, processing, sent] = METHOD_ROWS[method];
    const model: MethodModel = {
      currency,
      destination,
      reviewFactor,
      skip: { VERIFYING: 0.05, UNDER_REVIEW: skipUnderReview, APPROVED: 0.1 },
      processing: { median: processing[0], sigma: processing[1] },
      sent: { median: sent[0], sigma: sent[1] },
    };
    return [method, model];
  }),
) as Record<EvalMethod, MethodModel>;

export const CUSTOMER_ZONES = [
  "Europe/Berlin",
  "Europe/London",
  "America/New_York",
  "America/Los_Angeles",
  "Asia/Singapore",
  "Australia/Sydney",
] as const;
export type CustomerZone = (typeof CUSTOMER_ZONES)[number];
/** Where the customers live (relative weights). */
export const ZONE_WEIGHTS: Record<CustomerZone, number> = {
  "Europe/Berlin": 35,
  "Europe/London": 18,
  "America/New_York": 18,
  "America/Los_Angeles": 7,
  "Asia/Singapore": 12,
  "Australia/Sydney": 10,
};

/** How often a customer in a zone picks each method (relative weights; in EVAL_METHODS order, as drawn). */
export const METHODS_FOR_ZONE: Record<CustomerZone, Partial<Record<EvalMethod, number>>> = {
  "Europe/Berlin": { SEPA: 55, SWIFT: 5, CARD: 12, PAYPAL: 15, WALLET: 13 },
  "Europe/London": { SEPA: 5, SWIFT: 10, FASTER_PAYMENTS: 50, CARD: 12, PAYPAL: 13, WALLET: 10 },
  "America/New_York": { SWIFT: 8, ACH: 55, CARD: 15, PAYPAL: 12, WALLET: 10 },
  "America/Los_Angeles": { ACH: 55, CARD: 15, PAYPAL: 15, WALLET: 15 },
  "Asia/Singapore": { SWIFT: 45, CARD: 20, PAYPAL: 20, WALLET: 15 },
  "Australia/Sydney": { SWIFT: 45, CARD: 20, PAYPAL: 20, WALLET: 15 },
};

/** Arrivals per local hour of the customer's day (relative): quiet nights, busy late mornings. */
export const HOUR_WEIGHTS = [
  0.3, 0.2, 0.15, 0.1, 0.1, 0.2, 0.4, 0.6, 1.0, 1.4, 1.6, 1.6, 1.5, 1.5, 1.5, 1.4, 1.3, 1.2, 1.1, 1.1, 1.0, 0.9, 0.7,
  0.5,
] as const;
/** Arrivals per weekday (0 = Sunday), averaging 1: Mondays busiest, weekends quiet. */
export const WEEKDAY_FACTORS = [0.6, 1.25, 1.15, 1.1, 1.1, 1.15, 0.65] as const;

/** Off the happy path, per payout. */
export const PAUSES = {
  /** ACTION_REQUIRED (VERIFICATION_INCOMPLETE) during VERIFYING (2/3) or UNDER_REVIEW (1/3) */
  actionRequired: 0.06,
  /** how long customers take to act, wall-clock hours, then moved into their waking hours */
  customerResponse: { median: 16, sigma: 1.0 } satisfies DurationLaw,
  /** customers' waking hours, local minutes, in which they act */
  wakingFrom: 8 * 60,
  wakingTo: 22 * 60,
  /** of the payouts waiting on the customer, the share never answered: CANCELED after 5 days */
  abandoned: 0.15,
  /** ON_HOLD (COMPLIANCE_REVIEW) during UNDER_REVIEW, resolved in the operations team's hours */
  onHold: 0.02,
  hold: { median: 6, sigma: 0.8 } satisfies DurationLaw,
} as const;

export const OUTCOMES = {
  /** canceled during review (by the customer or operations) */
  canceled: 0.01,
  /** rejected by the bank at PROCESSING (BANK_REJECTED) */
  failed: 0.007,
  /** returned after SENT (INVALID_ACCOUNT), one to three banking days later */
  returned: 0.004,
} as const;

/** A snapshot the platform never sends: the stage happens, its event is missing (events are snapshots). */
export const MISSING_EVENT = 0.04;

/** Rail incidents: on average one per rail every 45 days, lasting 1–2 days, bank stages 2–3× slower. */
export const INCIDENTS = { everyDays: 45, minHours: 24, maxHours: 48, minFactor: 2, maxFactor: 3 } as const;
