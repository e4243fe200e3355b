import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { z } from "zod";
import { isValidTimeZone } from "../format/dates";
import { actionUrlShapeProblem } from "../payouts/action-url";
import { REASON_CODES, STAGES } from "../payouts/stages";

/** Maximum accepted request body (ARCHITECTURE: "at most 64 KiB"). */
export const MAX_BODY_BYTES = 64 * 1024;

export const INGEST_METHODS = ["sepa", "swift", "ach", "faster_payments", "card", "paypal", "wallet"] as const;

const ZId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_.:-]+$/, "only letters, digits and _ . : - are allowed");

let currencies: Set<string> | undefined;

function isKnownCurrency(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf("currency"));
  return currencies.has(code);
}

/**
 * Free text the database can store: PostgreSQL text cannot hold a NUL character, and an
 * unpaired surrogate (not Unicode) is refused by Prisma's query engine — both used to throw
 * (a 500) after the schema had accepted them. Found by lib/ingest/ingest-fuzz.int.test.ts.
 */
function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && !/\p{Cs}/u.test(value);
}
const STORABLE_MESSAGE = "must not contain NUL characters or unpaired surrogates (not valid Unicode text)";
const ZLine = (max: number) => z.string().trim().min(1).max(max).refine(isStorableText, STORABLE_MESSAGE);

/**
 * The earliest accepted occurred_at. PostgreSQL does not read year 0 and earlier as the
 * adapter writes it (a 500), and no payout system sends events from before the Unix epoch.
 */
export const EARLIEST_OCCURRED_AT = "1970-01-01T00:00:00Z";

const ZPhone = z
  .string()
  .max(40)
  .transform((value, ctx) => {
    const parsed = parsePhoneNumberFromString(value);
    if (!parsed?.isValid()) {
      ctx.addIssue({ code: "custom", message: "not a valid international phone number (E.164, e.g. +4915112345678)" });
      return z.NEVER;
    }
    return parsed.number; // E.164
  });

// One issue per bad link (actionUrlShapeProblem also measures the length, in UTF-8 bytes).
const ZActionUrl = z.string().superRefine((value, ctx) => {
  const problem = actionUrlShapeProblem(value);
  if (problem) {
    ctx.addIssue({ code: "custom", message: problem });
  }
});

export const ZIngestCustomer = z.object({
  external_id: ZId,
  name: ZLine(200),
  email: z
    .email()
    .max(254)
    .transform((e) => e.toLowerCase())
    .nullish(),
  phone: ZPhone.nullish(),
  locale: z.enum(["en", "de"]),
  timezone: z.string().max(64).refine(isValidTimeZone, "not an IANA time zone such as Europe/Berlin"),
});

export const ZIngestEvent = z
  .object({
    id: ZId,
    type: z.literal("payout.updated"),
    occurred_at: z.iso
      .datetime({ offset: true })
      .refine((s) => Date.parse(s) >= Date.parse(EARLIEST_OCCURRED_AT), `must be ${EARLIEST_OCCURRED_AT} or later`)
      .transform((s) => new Date(s)),
    payout: z.object({
      external_id: ZId,
      customer: ZIngestCustomer,
      amount_minor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/, "an ISO 4217 code in capitals, such as EUR")
        .refine(isKnownCurrency, "not a known ISO 4217 currency"),
      method: z.enum(INGEST_METHODS),
      destination: z.object({ label: ZLine(100) }),
      stage: z.enum(STAGES),
      reason_code: z.enum(REASON_CODES).nullish(),
      note: z.string().max(500).refine(isStorableText, STORABLE_MESSAGE).nullish(),
      /** the platform's own promise of completion; null or absent = ours */
      eta: z.iso
        .datetime({ offset: true })
        .refine((s) => Date.parse(s) >= Date.parse(EARLIEST_OCCURRED_AT), `must be ${EARLIEST_OCCURRED_AT} or later`)
        .transform((s) => new Date(s))
        .nullish(),
      /** flags a delay with its reason; null clears one the platform set; absent = unchanged */
      delay: z.object({ reason_code: z.enum(REASON_CODES) }).nullish(),
      /**
       * where the customer acts (an https link on ACTION_URL_HOSTS, checked by ingestEvent);
       * null clears it; absent = unchanged on the same stage, cleared by a stage change
       */
      action_url: ZActionUrl.nullish(),
    }),
  })
  .superRefine((event, ctx) => {
    if (event.payout.eta && event.payout.eta.getTime() <= event.occurred_at.getTime()) {
      ctx.addIssue({ code: "custom", path: ["payout", "eta"], message: "must lie after occurred_at" });
    }
  });
export type TIngestEvent = z.infer<typeof ZIngestEvent>;

export interface FieldIssue {
  path: string;
  message: string;
}

/** Zod issues as `{ path: "payout.customer.phone", message }`. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.slice(0, 50).map((issue) => ({
    path: issue.path.map(String).join(".") || "(body)",
    message: issue.message,
  }));
}
