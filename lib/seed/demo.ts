import { estimateCompletion, type PayoutMethod } from "../eta/estimate";
import { currentEtaModel } from "../eta/model-cache";
import type { Stage } from "../payouts/stages";
import type { Target } from "./history";
import type { PayoutDetails } from "./payout-details";

/** Known people to sign in as in a demo: the same on every machine. */
export const DEMO_CUSTOMERS = [
  {
    externalId: "cus_demo",
    name: "Dana Demo",
    email: "demo@example.com",
    phone: "+4915112345678",
    locale: "en",
    timeZone: "Europe/Berlin",
  },
  {
    externalId: "cus_demo_de",
    name: "Jonas Beispiel",
    email: "demo.de@example.com",
    phone: "+4917612345678",
    locale: "de",
    timeZone: "Europe/Berlin",
  },
] as const;

export const DEMO_STAFF = [
  { email: "admin@example.com", name: "Ada Admin", role: "ADMIN" },
  { email: "support@example.com", name: "Sam Support", role: "SUPPORT" },
] as const;

export type DemoExternalId = (typeof DEMO_CUSTOMERS)[number]["externalId"];

export interface DemoPayout extends PayoutDetails {
  target: Target;
  /** when the current stage was entered, where the case needs a particular time */
  stageEnteredAt?: (now: Date) => Date;
}

const HOUR = 3_600_000;

function payout(
  method: PayoutMethod,
  currency: string,
  amountMinor: bigint,
  destinationLabel: string,
  target: Target,
  stageEnteredAt?: (now: Date) => Date,
): DemoPayout {
  return { method, currency, amountMinor, destinationLabel, target, stageEnteredAt };
}

/** One payout for each case worth showing: done, due tomorrow, waiting on the customer, late, failed … */
export const DEMO_PAYOUTS: Record<DemoExternalId, DemoPayout[]> = {
  cus_demo: [
    // Arrived yesterday: the account shows a fresh success (and its survey, answered).
    payout("SEPA", "EUR", 125_000n, "DE•• 1234", { stage: "COMPLETED" }, (now) => new Date(now.getTime() - 26 * HOUR)),
    payout("SEPA", "EUR", 340_000n, "DE•• 1234", { stage: "PROCESSING" }, (now) =>
      enteredForEtaTomorrow("SEPA", "PROCESSING", now, "Europe/Berlin"),
    ),
    payout("PAYPAL", "EUR", 8_990n, "PayPal d•••@example.com", {
      stage: "ACTION_REQUIRED",
      pausedFrom: "VERIFYING",
      reasonCode: "VERIFICATION_INCOMPLETE",
    }),
    payout("SWIFT", "USD", 1_250_000n, "US•• 6789", { stage: "PROCESSING", delayReason: "BANK_HOLIDAY" }),
    payout("FASTER_PAYMENTS", "GBP", 64_000n, "GB•• 5678", { stage: "SENT" }),
    payout("SEPA", "EUR", 21_000n, "NL•• 4410", { stage: "FAILED", from: "PROCESSING", reasonCode: "INVALID_ACCOUNT" }),
    payout("CARD", "EUR", 980_000n, "Visa •• 4242", {
      stage: "ON_HOLD",
      pausedFrom: "UNDER_REVIEW",
      reasonCode: "COMPLIANCE_REVIEW",
    }),
    payout(
      "WALLET",
      "EUR",
      4_500n,
      "Wallet •• 77",
      { stage: "REQUESTED" },
      (now) => new Date(now.getTime() - HOUR / 4),
    ),
  ],
  cus_demo_de: [
    payout("SEPA", "EUR", 250_000n, "DE•• 4321", { stage: "COMPLETED" }, (now) => new Date(now.getTime() - 30 * HOUR)),
    payout("PAYPAL", "EUR", 15_000n, "PayPal d•••@example.com", { stage: "UNDER_REVIEW" }),
    payout("SEPA", "EUR", 72_000n, "DE•• 4321", { stage: "APPROVED", delayReason: "HIGH_VOLUME" }),
    payout("SEPA", "EUR", 49_900n, "AT•• 0815", { stage: "RETURNED", reasonCode: "INVALID_ACCOUNT" }),
  ],
};

/**
 * A time in the last day at which entering `stage` gives an ETA on tomorrow's date
 * in `timeZone`. ETAs count business days, so on a Friday or Saturday no such time
 * exists: then the payout entered the stage an hour ago and is due after the weekend.
 */
export function enteredForEtaTomorrow(method: PayoutMethod, stage: Stage, now: Date, timeZone: string): Date {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  const tomorrow = day.format(new Date(now.getTime() + 24 * HOUR));
  // Prefer the latest time that works: the stage looks freshly entered.
  for (let quarter = 4; quarter <= 96; quarter++) {
    const entered = new Date(now.getTime() - (quarter * HOUR) / 4);
    const eta = estimateCompletion(method, stage, entered, currentEtaModel());
    if (eta && eta > now && day.format(eta) === tomorrow) {
      return entered;
    }
  }
  return new Date(now.getTime() - HOUR);
}
