import type { Db } from "../db/client";
import { getPgPool } from "../db/client";
import { poolSql, type Sql, withPgTransaction } from "../db/sql";
import type { PayoutMethod } from "../eta/estimate";
import {
  type ApplyEventInput,
  type ApplyEventResult,
  applyToPayout,
  createPayout,
  futureEventError,
} from "../payouts/apply-event";
import { lockKeys, lockPayoutAndKnown } from "../payouts/payout-sql";
import { hitRateLimit } from "../rate-limit/fixed-window";
import { type CustomerDetails, updateCustomer, upsertCustomer } from "./customer-sql";
import { fieldIssues, MAX_BODY_BYTES, type TIngestEvent, ZIngestEvent } from "./schema";
import { verifySignature } from "./signature";

export interface IngestConfig {
  /** the signing secret, and the previous one during a rotation */
  secrets: readonly string[];
  /** events per minute per sender */
  ratePerMinute: number;
}

export type IngestResponse =
  | { status: 200; body: { result: "applied" | "duplicate" | "stale" } }
  | {
      status: 400;
      body: { error: "invalid_json" | "invalid_event"; message: string; issues?: { path: string; message: string }[] };
    }
  | { status: 401; body: { error: "invalid_signature"; message: string } }
  | { status: 404 | 409; body: { error: "conflict" | "not_found"; message: string } }
  | { status: 413; body: { error: "too_large"; message: string } }
  | { status: 429; body: { error: "rate_limited"; message: string }; retryAfterSeconds: number };

// Thrown inside the transaction to roll back a change that must not be kept.
class Rejected extends Error {
  constructor(readonly response: IngestResponse) {
    super("rejected");
  }
}

/**
 * The ingest API's logic (route: app/api/v1/events). In order: size, signature, JSON,
 * schema, rate limit; then, in one transaction, the customer upsert and applyEvent.
 * Whatever is rejected writes nothing (a duplicate does not even update the customer).
 */
export async function ingestEvent(
  db: Db,
  request: { rawBody: Buffer; signature: string | null; sender?: string },
  config: IngestConfig,
  now: Date = new Date(),
): Promise<IngestResponse> {
  if (request.rawBody.length > MAX_BODY_BYTES) {
    return { status: 413, body: { error: "too_large", message: `The body is larger than ${MAX_BODY_BYTES} bytes.` } };
  }
  const check = verifySignature(request.signature, request.rawBody, config.secrets, Math.floor(now.getTime() / 1000));
  if (!check.ok) {
    return { status: 401, body: { error: "invalid_signature", message: check.reason } };
  }
  let json: unknown;
  try {
    json = JSON.parse(request.rawBody.toString("utf8"));
  } catch {
    return { status: 400, body: { error: "invalid_json", message: "The body is not valid JSON." } };
  }
  const parsed = ZIngestEvent.safeParse(json);
  if (!parsed.success) {
    return {
      status: 400,
      body: {
        error: "invalid_event",
        message: "The event does not match the schema.",
        issues: fieldIssues(parsed.error),
      },
    };
  }
  const limit = await hitRateLimit(
    poolSql(getPgPool()),
    `ingest:${request.sender ?? "default"}`,
    config.ratePerMinute,
    60,
    now,
  );
  if (!limit.allowed) {
    return {
      status: 429,
      body: { error: "rate_limited", message: `More than ${config.ratePerMinute} events a minute; retry later.` },
      retryAfterSeconds: limit.retryAfterSeconds,
    };
  }
  return applyIngested(db, parsed.data, now);
}

/**
 * Applies one validated event: customer upsert and applyEvent in one transaction, on a
 * plain pg connection (the hot path of the API and the back-fill; see lib/payouts/payout-sql.ts).
 * `db` names the database the caller works on; the pool is the same database's.
 */
export async function applyIngested(
  _db: Db,
  event: TIngestEvent,
  now: Date = new Date(),
  source: "API" | "BACKFILL" = "API",
): Promise<IngestResponse> {
  try {
    return await withPgTransaction(getPgPool(), (sql) => applyInTransaction(sql, event, now, source));
  } catch (error) {
    if (error instanceof Rejected) {
      return error.response;
    }
    throw error;
  }
}

const METHOD: Record<TIngestEvent["payout"]["method"], PayoutMethod> = {
  sepa: "SEPA",
  swift: "SWIFT",
  ach: "ACH",
  faster_payments: "FASTER_PAYMENTS",
  card: "CARD",
  paypal: "PAYPAL",
  wallet: "WALLET",
};

async function applyInTransaction(
  sql: Sql,
  event: TIngestEvent,
  now: Date,
  source: "API" | "BACKFILL",
): Promise<IngestResponse> {
  const p = event.payout;
  const c = p.customer;
  const input: ApplyEventInput = {
    eventId: event.id,
    occurredAt: event.occurred_at,
    source: { kind: source },
    payout: { externalId: p.external_id },
    stage: p.stage,
    reasonCode: p.reason_code ?? null,
    note: p.note ?? null,
  };
  const future = futureEventError(event.occurred_at, now);
  if (future) {
    return reject(future);
  }
  // The same locks as applyEvent, in one global order — event, customer, payout — so
  // replays of one event, first events of one customer or payout, go one after the other.
  await lockKeys(sql, [`event:${event.id}`, `customer:${c.external_id}`, `payout:${p.external_id}`]);
  const { known, row: existing } = await lockPayoutAndKnown(sql, { externalId: p.external_id }, event.id);
  if (known) {
    return { status: 200, body: { result: "duplicate" } }; // nothing written, not even the customer
  }
  if (existing) {
    const conflict =
      existing.customerExternalId !== c.external_id
        ? `payout ${p.external_id} belongs to another customer`
        : existing.amountMinor !== BigInt(p.amount_minor) ||
            existing.currency !== p.currency ||
            existing.method !== METHOD[p.method]
          ? `the amount, currency and method of payout ${p.external_id} cannot change`
          : null;
    if (conflict) {
      return reject({ ok: false, code: "ILLEGAL_TRANSITION", message: conflict });
    }
  }
  const details: CustomerDetails = {
    externalId: c.external_id,
    name: c.name,
    email: c.email ?? null,
    phone: c.phone ?? null,
    locale: c.locale,
    timeZone: c.timezone,
  };

  let result: ApplyEventResult;
  if (existing) {
    // A stale snapshot does not overwrite newer customer details. A newer one updates them
    // first, so that its notifications go to the address it brings (a rejected event rolls
    // the update back with everything else).
    if (event.occurred_at >= existing.lastEventAt) {
      await updateCustomer(sql, existing.customerId, details);
    }
    result = await applyToPayout(sql, input, existing, { destinationLabel: p.destination.label });
  } else {
    const customerId = await upsertCustomer(sql, details);
    result = await createPayout(sql, input, p.external_id, {
      customerId,
      amountMinor: BigInt(p.amount_minor),
      currency: p.currency,
      method: METHOD[p.method],
      destinationLabel: p.destination.label,
    });
  }
  if (!result.ok) {
    return reject(result);
  }
  return { status: 200, body: { result: result.result } };
}

/** Rolls the transaction back (the customer upsert included) and answers with the reason. */
function reject(result: Extract<ApplyEventResult, { ok: false }>): never {
  if (result.code === "INVALID_EVENT") {
    throw new Rejected({
      status: 400,
      body: {
        error: "invalid_event",
        message: result.message,
        issues: [{ path: "occurred_at", message: result.message }],
      },
    });
  }
  throw new Rejected({ status: 409, body: { error: "conflict", message: result.message } });
}
