import type { Sql } from "../db/sql";
import type { PayoutMethod } from "../eta/estimate";
import { applyEventsWithSql, LOCK_KEY } from "../payouts/apply";
import type { ApplyEventInput, ApplyEventResult } from "../payouts/apply-rules";
import type { IngestResponse } from "./ingest-response";
import type { TIngestEvent } from "./schema";

/** A validated event and the server time it arrived at. */
export interface IngestItem {
  event: TIngestEvent;
  now: Date;
}

export type IngestSource = "API" | "BACKFILL";

const METHOD: Record<TIngestEvent["payout"]["method"], PayoutMethod> = {
  sepa: "SEPA",
  swift: "SWIFT",
  ach: "ACH",
  faster_payments: "FASTER_PAYMENTS",
  card: "CARD",
  paypal: "PAYPAL",
  wallet: "WALLET",
};

/**
 * The advisory-lock keys of an event, in the one global order every writer keeps: event,
 * customer, payout (see applyEvents). Two events that share a key must not be in one batch.
 */
export function ingestKeys(event: TIngestEvent): [string, string, string] {
  return [
    LOCK_KEY.event(event.id),
    LOCK_KEY.customer(event.payout.customer.external_id),
    LOCK_KEY.payout(event.payout.external_id),
  ];
}

/**
 * Applies validated events in the caller's transaction through the one door (applyEvents:
 * a fixed number of statements however many events — the ingest API's group commit), and
 * answers each as the API does. The events' ids, customers and payouts must be distinct
 * (ingestKeys).
 */
export async function applyBatch(
  sql: Sql,
  items: readonly IngestItem[],
  source: IngestSource = "API",
): Promise<IngestResponse[]> {
  const results = await applyEventsWithSql(
    sql,
    items.map((item) => toInput(item, source)),
  );
  return results.map(answer);
}

/** An ingest event as the door's input: a snapshot of the whole payout, its customer included. */
export function toInput({ event, now }: IngestItem, source: IngestSource): ApplyEventInput {
  const p = event.payout;
  const c = p.customer;
  return {
    eventId: event.id,
    occurredAt: event.occurred_at,
    receivedAt: now,
    source: { kind: source },
    payout: {
      externalId: p.external_id,
      create: {
        customer: {
          externalId: c.external_id,
          name: c.name,
          email: c.email ?? null,
          phone: c.phone ?? null,
          locale: c.locale,
          timeZone: c.timezone,
        },
        amountMinor: BigInt(p.amount_minor),
        currency: p.currency,
        method: METHOD[p.method],
        destinationLabel: p.destination.label,
      },
    },
    stage: p.stage,
    reasonCode: p.reason_code ?? null,
    note: p.note ?? null,
    // the platform's own promise, shown instead of ours (rounded later to an honest precision)
    ...(p.eta && { eta: p.eta }),
    // a delay the platform flags (null clears one it set); absent = unchanged
    ...(p.delay !== undefined && { delay: p.delay === null ? null : { reasonCode: p.delay.reason_code } }),
    // where the customer acts (its host checked by ingestEvent); null clears it; absent = unchanged
    ...(p.action_url !== undefined && { actionUrl: p.action_url }),
  };
}

/** The door's answer as the API's: 200 with the result, 400 for an impossible time, 409 with the reason otherwise. */
export function answer(result: ApplyEventResult): IngestResponse {
  if (result.ok) {
    return { status: 200, body: { result: result.result } };
  }
  if (result.code === "INVALID_EVENT") {
    return {
      status: 400,
      body: {
        error: "invalid_event",
        message: result.message,
        issues: [{ path: "occurred_at", message: result.message }],
      },
    };
  }
  return { status: 409, body: { error: "conflict", message: result.message } };
}
