import type { Db, Tx } from "../db/client";
import type { PayoutMethod } from "../eta/estimate";
import { applyEvent } from "../payouts/apply-event";
import { hitRateLimit } from "../rate-limit/fixed-window";
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
  const limit = await hitRateLimit(db, `ingest:${request.sender ?? "default"}`, config.ratePerMinute, 60, now);
  if (!limit.allowed) {
    return {
      status: 429,
      body: { error: "rate_limited", message: `More than ${config.ratePerMinute} events a minute; retry later.` },
      retryAfterSeconds: limit.retryAfterSeconds,
    };
  }
  return applyIngested(db, parsed.data, now);
}

export async function applyIngested(db: Db, event: TIngestEvent, now: Date = new Date()): Promise<IngestResponse> {
  try {
    return await db.$transaction((tx) => applyInTransaction(tx, event, now), { timeout: 15_000 });
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

async function lock(tx: Tx, key: string): Promise<void> {
  await tx.$executeRaw`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
}

async function applyInTransaction(tx: Tx, event: TIngestEvent, now: Date): Promise<IngestResponse> {
  const p = event.payout;
  // Same keys as applyEvent (advisory locks nest within a transaction): replays of one
  // event, events creating one customer, and events of one payout go one after the other.
  // Order: event, customer, payout — applyEvent takes event, payout, so no cycle.
  await lock(tx, `event:${event.id}`);
  if (await tx.payoutEvent.findUnique({ where: { eventId: event.id }, select: { id: true } })) {
    return { status: 200, body: { result: "duplicate" } };
  }
  await lock(tx, `customer:${p.customer.external_id}`);
  // Before reading the payout: two first events of one payout naming different customers
  // (or amounts) would otherwise both find no payout, and the second would be applied to
  // the payout the first created, skipping the owner check. Same key as applyEvent.
  await lock(tx, `payout:${p.external_id}`);
  const existing = await tx.payout.findUnique({
    where: { externalId: p.external_id },
    select: { amountMinor: true, currency: true, method: true, customer: { select: { externalId: true } } },
  });
  if (existing) {
    const conflict =
      existing.customer.externalId !== p.customer.external_id
        ? `payout ${p.external_id} belongs to another customer`
        : existing.amountMinor !== BigInt(p.amount_minor) ||
            existing.currency !== p.currency ||
            existing.method !== METHOD[p.method]
          ? `the amount, currency and method of payout ${p.external_id} cannot change`
          : null;
    if (conflict) {
      throw new Rejected({ status: 409, body: { error: "conflict", message: conflict } });
    }
  }
  const c = p.customer;
  const details = {
    name: c.name,
    email: c.email ?? null,
    phone: c.phone ?? null,
    locale: c.locale,
    timeZone: c.timezone,
  };
  // Created if new; its details are updated only by an event that applies (not a stale one).
  const customer = await tx.customer.upsert({
    where: { externalId: c.external_id },
    create: { externalId: c.external_id, ...details },
    update: {},
    select: { id: true },
  });

  const result = await applyEvent(
    {
      eventId: event.id,
      occurredAt: event.occurred_at,
      source: { kind: "API" },
      payout: {
        externalId: p.external_id,
        create: {
          customerId: customer.id,
          amountMinor: BigInt(p.amount_minor),
          currency: p.currency,
          method: METHOD[p.method],
          destinationLabel: p.destination.label,
        },
      },
      stage: p.stage,
      reasonCode: p.reason_code ?? null,
      note: p.note ?? null,
    },
    { tx, now: () => now },
  );
  if (!result.ok) {
    const status = result.code === "NOT_FOUND" ? 404 : result.code === "INVALID_EVENT" ? 400 : 409;
    const body =
      status === 400
        ? {
            error: "invalid_event" as const,
            message: result.message,
            issues: [{ path: "occurred_at", message: result.message }],
          }
        : { error: status === 404 ? ("not_found" as const) : ("conflict" as const), message: result.message };
    throw new Rejected({ status, body } as IngestResponse);
  }
  if (result.result === "duplicate") {
    // A replay changes nothing, not even the customer's details.
    throw new Rejected({ status: 200, body: { result: "duplicate" } });
  }
  if (result.result === "applied") {
    await tx.customer.update({ where: { id: customer.id }, data: details });
    if (existing) {
      await tx.payout.update({ where: { id: result.payoutId }, data: { destinationLabel: p.destination.label } });
    }
  }
  return { status: 200, body: { result: result.result } };
}
