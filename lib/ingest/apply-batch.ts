import type { Sql } from "../db/sql";
import type { PayoutMethod } from "../eta/estimate";
import { refreshEtaModel } from "../eta/model-cache";
import {
  type ApplyEventInput,
  type ApplyEventResult,
  futureEventError,
  newPayoutRefusal,
  planForPayout,
  planNewPayout,
} from "../payouts/apply-event";
import { lockKeys, lockPayoutsAndKnown, type PayoutWrite, writePayoutChanges } from "../payouts/payout-sql";
import { type CustomerDetails, writeCustomers } from "./customer-sql";
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
 * customer, payout (see lockKeys). Two events that share a key must not be in one batch.
 */
export function ingestKeys(event: TIngestEvent): [string, string, string] {
  return [`event:${event.id}`, `customer:${event.payout.customer.external_id}`, `payout:${event.payout.external_id}`];
}

/**
 * Applies validated events in the caller's transaction, with a fixed number of statements
 * however many there are (lock, read, customers, writes): the ingest API's group commit.
 * Every event gets exactly the answer it would get alone — applyEvent's rules
 * (planForPayout / planNewPayout) decide — and a refused event writes nothing, not even its
 * customer. The events' ids, customers and payouts must be distinct (ingestKeys).
 */
export async function applyBatch(
  sql: Sql,
  items: readonly IngestItem[],
  source: IngestSource = "API",
): Promise<IngestResponse[]> {
  const answers: IngestResponse[] = new Array(items.length);
  const live: number[] = [];
  items.forEach((item, i) => {
    const future = futureEventError(item.event.occurred_at, item.now);
    if (future) {
      answers[i] = refusal(future);
    } else {
      live.push(i);
    }
  });
  if (live.length === 0) {
    return answers;
  }
  const events = live.map((i) => (items[i] as IngestItem).event);
  const keys = events.map(ingestKeys);
  // One global order (kind, then key) for every lock of the batch, whatever the events' order:
  // a single event locks event, customer, payout — the same order — so no two writers deadlock.
  const ordered = [0, 1, 2].flatMap((kind) => keys.map((k) => k[kind] as string).sort());
  if (new Set(ordered).size !== ordered.length) {
    throw new Error("applyBatch: two events of one batch share an event id, customer or payout");
  }
  await lockKeys(sql, ordered);
  const { known, rows } = await lockPayoutsAndKnown(
    sql,
    events.map((e) => e.payout.external_id),
    events.map((e) => e.id),
  );
  await refreshEtaModel(sql);

  const writes: PayoutWrite[] = [];
  const upserts: CustomerDetails[] = [];
  const updates: { id: string; details: CustomerDetails }[] = [];
  const creates: { index: number; input: ApplyEventInput; event: TIngestEvent }[] = [];
  for (const i of live) {
    const event = (items[i] as IngestItem).event;
    if (known.has(event.id)) {
      answers[i] = { status: 200, body: { result: "duplicate" } }; // nothing written, not even the customer
      continue;
    }
    const p = event.payout;
    const input = toInput(event, source);
    const details = customerDetails(event);
    const existing = rows.get(p.external_id);
    if (!existing) {
      const refused = newPayoutRefusal(input.stage ?? "REQUESTED");
      if (refused) {
        answers[i] = refusal(refused);
      } else {
        creates.push({ index: i, input, event });
        upserts.push(details);
      }
      continue;
    }
    const conflict =
      existing.customerExternalId !== p.customer.external_id
        ? `payout ${p.external_id} belongs to another customer`
        : existing.amountMinor !== BigInt(p.amount_minor) ||
            existing.currency !== p.currency ||
            existing.method !== METHOD[p.method]
          ? `the amount, currency and method of payout ${p.external_id} cannot change`
          : null;
    if (conflict) {
      answers[i] = refusal({ ok: false, code: "ILLEGAL_TRANSITION", message: conflict });
      continue;
    }
    const planned = planForPayout(input, existing, {
      destinationLabel: p.destination.label,
      customerTimeZone: p.customer.timezone,
    });
    answers[i] = answer(planned.result);
    if (planned.write) {
      writes.push(planned.write);
    }
    // A stale snapshot does not overwrite newer customer details. A newer, applied one updates
    // them before its notifications are written, so that they go to the address it brings.
    if (planned.result.ok && event.occurred_at >= existing.lastEventAt) {
      updates.push({ id: existing.customerId, details });
    }
  }

  const customerIds = await writeCustomers(sql, upserts, updates);
  for (const { index, input, event } of creates) {
    const p = event.payout;
    const customerId = customerIds.get(p.customer.external_id);
    if (!customerId) {
      throw new Error("applyBatch: the customer upsert returned no id");
    }
    const planned = planNewPayout(input, p.external_id, {
      customerId,
      amountMinor: BigInt(p.amount_minor),
      currency: p.currency,
      method: METHOD[p.method],
      destinationLabel: p.destination.label,
      customerTimeZone: p.customer.timezone,
    });
    answers[index] = answer(planned.result);
    if (planned.write) {
      writes.push(planned.write);
    }
  }
  await writePayoutChanges(sql, writes);
  return answers;
}

function toInput(event: TIngestEvent, source: IngestSource): ApplyEventInput {
  const p = event.payout;
  return {
    eventId: event.id,
    occurredAt: event.occurred_at,
    source: { kind: source },
    payout: { externalId: p.external_id },
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

function customerDetails(event: TIngestEvent): CustomerDetails {
  const c = event.payout.customer;
  return {
    externalId: c.external_id,
    name: c.name,
    email: c.email ?? null,
    phone: c.phone ?? null,
    locale: c.locale,
    timeZone: c.timezone,
  };
}

function answer(result: ApplyEventResult): IngestResponse {
  return result.ok ? { status: 200, body: { result: result.result } } : refusal(result);
}

/** A refused event's answer: 400 for an impossible time, 409 with the reason otherwise. */
function refusal(result: Extract<ApplyEventResult, { ok: false }>): IngestResponse {
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
