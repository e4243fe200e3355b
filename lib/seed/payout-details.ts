import type { PayoutMethod } from "../eta/estimate";
import type { PlannedCustomer, Region } from "./people";
import type { Rng } from "./random";

export interface PayoutDetails {
  method: PayoutMethod;
  currency: string;
  amountMinor: bigint;
  destinationLabel: string;
}

/** How people in each region are usually paid. */
const METHOD_WEIGHTS: Record<Region, Partial<Record<PayoutMethod, number>>> = {
  DE: { SEPA: 55, PAYPAL: 15, CARD: 10, WALLET: 8, SWIFT: 7, FASTER_PAYMENTS: 2, ACH: 3 },
  IE: { SEPA: 50, PAYPAL: 15, CARD: 12, WALLET: 8, SWIFT: 8, FASTER_PAYMENTS: 7 },
  GB: { FASTER_PAYMENTS: 55, PAYPAL: 13, CARD: 12, WALLET: 8, SWIFT: 7, SEPA: 5 },
  US: { ACH: 55, PAYPAL: 15, CARD: 12, WALLET: 8, SWIFT: 10 },
};

const HOME_CURRENCY: Record<Region, string> = { DE: "EUR", IE: "EUR", GB: "GBP", US: "USD" };
const SEPA_COUNTRIES = ["FR", "NL", "ES", "IT", "AT", "BE"] as const;

/** Method (unless forced), a currency that fits it, an amount and a masked destination. */
export function planPayoutDetails(rng: Rng, customer: PlannedCustomer, forcedMethod?: PayoutMethod): PayoutDetails {
  const method = forcedMethod ?? rng.weighted(METHOD_WEIGHTS[customer.region]);
  const currency = currencyFor(rng, method, customer.region);
  return {
    method,
    currency,
    amountMinor: amountFor(rng),
    destinationLabel: destinationFor(rng, method, currency, customer),
  };
}

function currencyFor(rng: Rng, method: PayoutMethod, region: Region): string {
  switch (method) {
    case "SEPA":
      return "EUR";
    case "FASTER_PAYMENTS":
      return "GBP";
    case "ACH":
      return "USD";
    case "SWIFT":
      return rng.weighted({ USD: 40, EUR: 25, GBP: 20, CHF: 10, CAD: 5 });
    default:
      // Card, PayPal and wallet payouts are mostly in the customer's own currency.
      return rng.chance(0.85) ? HOME_CURRENCY[region] : rng.pick(["EUR", "GBP", "USD"]);
  }
}

/**
 * Between 10.00 and 25,000.00, log-uniform (many small payouts, few large ones);
 * large amounts are usually round numbers.
 */
function amountFor(rng: Rng): bigint {
  const minor = Math.round(Math.exp(rng.float(Math.log(1_000), Math.log(2_500_000))));
  if (minor >= 50_000 && rng.chance(0.7)) {
    return BigInt(Math.max(1_000, Math.round(minor / 1_000) * 1_000));
  }
  return BigInt(minor);
}

const IBAN_COUNTRY: Record<string, string> = { USD: "US", EUR: "DE", GBP: "GB", CHF: "CH", CAD: "CA" };

function destinationFor(rng: Rng, method: PayoutMethod, currency: string, customer: PlannedCustomer): string {
  const last4 = rng.digits(4);
  switch (method) {
    case "SEPA": {
      const home = customer.region === "DE" || customer.region === "IE" ? customer.region : rng.pick(SEPA_COUNTRIES);
      const country = rng.chance(0.9) ? home : rng.pick(SEPA_COUNTRIES);
      return `${country}•• ${last4}`;
    }
    case "FASTER_PAYMENTS":
      return `GB•• ${last4}`;
    case "ACH":
      return `US•• ${last4}`;
    case "SWIFT":
      return `${IBAN_COUNTRY[currency] ?? "US"}•• ${last4}`;
    case "CARD":
      return `${rng.weighted({ Visa: 60, Mastercard: 40 })} •• ${last4}`;
    case "PAYPAL":
      return `PayPal ${maskEmail(customer.email)}`;
    case "WALLET":
      return `Wallet •• ${rng.digits(2)}`;
  }
}

/** "anna.schmidt7@example.com" → "a•••@example.com" */
export function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 1)}•••@${domain}`;
}
