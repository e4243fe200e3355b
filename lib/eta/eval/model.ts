import type { WorkCalendar } from "./calendar";
import { fedHolidays, holidayTest, target2Holidays } from "./holidays";

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

const weekday = (day: { year: number; month: number; day: number }) => {
  const w = new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay();
  return w !== 0 && w !== 6;
};
const target2Closed = holidayTest(target2Holidays);
const fedClosed = holidayTest(fedHolidays);

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
    isOpenDay: (d) => weekday(d) && !target2Closed(d),
  },
  SWIFT: { name: "London weekdays", zone: "Europe/London", hours: null, isOpenDay: weekday },
  ACH: {
    name: "Federal Reserve days, America/New_York",
    zone: "America/New_York",
    hours: null,
    isOpenDay: (d) => weekday(d) && !fedClosed(d),
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
  /** how often a customer in a zone picks this method (relative weights per zone) */
  share: Partial<Record<CustomerZone, number>>;
}

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

export const METHODS: Record<EvalMethod, MethodModel> = {
  SEPA: {
    currency: "EUR",
    destination: "DE•• 4410",
    reviewFactor: 1,
    skip: { VERIFYING: 0.05, UNDER_REVIEW: 0.3, APPROVED: 0.1 },
    processing: { median: 1.5, sigma: 0.6 },
    sent: { median: 6, sigma: 0.7 },
    share: { "Europe/Berlin": 55, "Europe/London": 5 },
  },
  SWIFT: {
    currency: "USD",
    destination: "SG•• 7781",
    reviewFactor: 1.6,
    skip: { VERIFYING: 0.05, UNDER_REVIEW: 0.1, APPROVED: 0.1 },
    processing: { median: 4, sigma: 0.7 },
    sent: { median: 20, sigma: 0.8 },
    share: {
      "Europe/Berlin": 5,
      "Europe/London": 10,
      "America/New_York": 8,
      "Asia/Singapore": 45,
      "Australia/Sydney": 45,
    },
  },
  ACH: {
    currency: "USD",
    destination: "US•• 0923",
    reviewFactor: 1,
    skip: { VERIFYING: 0.05, UNDER_REVIEW: 0.3, APPROVED: 0.1 },
    processing: { median: 2, sigma: 0.5 },
    sent: { median: 14, sigma: 0.5 },
    share: { "America/New_York": 55, "America/Los_Angeles": 55 },
  },
  FASTER_PAYMENTS: {
    currency: "GBP",
    destination: "GB•• 3307",
    reviewFactor: 0.8,
    skip: { VERIFYING: 0.05, UNDER_REVIEW: 0.45, APPROVED: 0.1 },
    processing: { median: 0.1, sigma: 1.0 },
    sent: { median: 0.15, sigma: 1.2 },
    share: { "Europe/London": 50 },
  },
  CARD: {
    currency: "EUR",
    destination: "Visa •• 4242",
    reviewFactor: 0.9,
    skip: { VERIFYING: 0.05, UNDER_REVIEW: 0.4, APPROVED: 0.1 },
    processing: { median: 1, sigma: 0.8 },
    sent: { median: 20, sigma: 0.8 },
    share: {
      "Europe/Berlin": 12,
      "Europe/London": 12,
      "America/New_York": 15,
      "America/Los_Angeles": 15,
      "Asia/Singapore": 20,
      "Australia/Sydney": 20,
    },
  },
  PAYPAL: {
    currency: "EUR",
    destination: "PayPal a•••@example.com",
    reviewFactor: 0.7,
    skip: { VERIFYING: 0.05, UNDER_REVIEW: 0.5, APPROVED: 0.1 },
    processing: { median: 0.3, sigma: 0.9 },
    sent: { median: 0.5, sigma: 1.0 },
    share: {
      "Europe/Berlin": 15,
      "Europe/London": 13,
      "America/New_York": 12,
      "America/Los_Angeles": 15,
      "Asia/Singapore": 20,
      "Australia/Sydney": 20,
    },
  },
  WALLET: {
    currency: "EUR",
    destination: "Wallet •• 19",
    reviewFactor: 0.6,
    skip: { VERIFYING: 0.05, UNDER_REVIEW: 0.55, APPROVED: 0.1 },
    processing: { median: 0.05, sigma: 0.8 },
    sent: { median: 0.1, sigma: 1.0 },
    share: {
      "Europe/Berlin": 13,
      "Europe/London": 10,
      "America/New_York": 10,
      "America/Los_Angeles": 15,
      "Asia/Singapore": 15,
      "Australia/Sydney": 15,
    },
  },
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
