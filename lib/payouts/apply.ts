import type pg from "pg";
import type { Db, Tx } from "../db/client";
import { getDb } from "../db/client";
import { prismaSql, type Sql, withPgTransaction } from "../db/sql";
import { refreshEtaModel } from "../eta/model-cache";
import {
  type ApplyEventInput,
  type ApplyEventResult,
  describedZone,
  factsConflict,
  futureEventError,
  type NewPayout,
  newPayoutRefusal,
  planForPayout,
  planNewPayout,
} from "./apply-rules";
import { type CustomerDetails, writeCustomers } from "./customer-sql";
import { lockKeys, lockPayoutsAndKnown, type PayoutWrite, writePayoutChanges } from "./payout-sql";

export interface ApplyOptions {
  /** Run inside this transaction (the caller commits); otherwise in a transaction of our own. */
  tx?: Tx;
  db?: Db;
  /** Run in a transaction on this plain pg pool instead of Prisma's (cheaper: the write path is raw SQL anyway). */
  pool?: pg.Pool;
  /** the clock (an input's `receivedAt` wins); injected by tests */
  now?: () => Date;
}

/**
 * THE one door for every change to a payout, from every source (ingest API and back-fill
 * batches, admins, the ETA sweeper, notices; a single event is a batch of one). In one
 * transaction and a fixed number of statements however many events: lock, read, customers,
 * writes (event rows, payout rows, notifications and their jobs: lib/payouts/payout-sql.ts).
 * Answers in input order, each exactly as the event would get alone (lib/payouts/apply-rules.ts):
 * - a known event id answers `duplicate` and writes nothing (not even the customer);
 * - an event from further ahead than clock skew explains is refused (INVALID_EVENT);
 * - an event that names a payout with another owner, amount, currency or method is refused;
 * - an event older than the payout's newest is recorded as `stale` and changes nothing else;
 * - an illegal transition is refused with the reason and writes nothing.
 * The events' ids, described customers and payouts must be distinct (the ingest queue keeps
 * them so); otherwise it throws and writes nothing.
 */
export async function applyEvents(
  inputs: readonly ApplyEventInput[],
  options: ApplyOptions = {},
): Promise<ApplyEventResult[]> {
  const now = options.now ?? (() => new Date());
  // All refused before any database work (a future event): no transaction at all.
  const early = inputs.map((input) => futureEventError(input.occurredAt, input.receivedAt ?? now()));
  if (early.every((refusal) => refusal !== null)) {
    return early as ApplyEventResult[];
  }
  if (options.tx) {
    return applyEventsWithSql(prismaSql(options.tx), inputs, now, early);
  }
  if (options.pool) {
    const pool = options.pool;
    return withPgTransaction(pool, (sql) => applyEventsWithSql(sql, inputs, now, early));
  }
  const db = options.db ?? getDb();
  return db.$transaction((tx) => applyEventsWithSql(prismaSql(tx), inputs, now, early), { timeout: 15_000 });
}

/** applyEvents for one event. */
export async function applyEvent(input: ApplyEventInput, options: ApplyOptions = {}): Promise<ApplyEventResult> {
  const [result] = await applyEvents([input], options);
  if (!result) {
    throw new Error("applyEvents returned no answer");
  }
  return result;
}

/** The advisory-lock key of an event id, a customer's or a payout's external id. */
export const LOCK_KEY = {
  event: (eventId: string) => `event:${eventId}`,
  customer: (externalId: string) => `customer:${externalId}`,
  payout: (externalId: string) => `payout:${externalId}`,
};

/**
 * The advisory-lock keys of events, in the one global order every writer keeps: events,
 * then described customers, then payouts named by external id (a payout that may not exist
 * yet: two first events create it once), each kind sorted. Rows named by id or reference
 * are locked by the read (in id order).
 */
function lockOrder(inputs: readonly ApplyEventInput[]): string[] {
  const events: string[] = [];
  const customers: string[] = [];
  const payouts: string[] = [];
  for (const input of inputs) {
    events.push(LOCK_KEY.event(input.eventId));
    const ref = input.payout;
    if ("externalId" in ref) {
      payouts.push(LOCK_KEY.payout(ref.externalId));
      if (ref.create && "customer" in ref.create) {
        customers.push(LOCK_KEY.customer(ref.create.customer.externalId));
      }
    }
  }
  const ordered = [...events.sort(), ...customers.sort(), ...payouts.sort()];
  if (new Set(ordered).size !== ordered.length) {
    throw new Error("applyEvents: two events of one batch share an event id, customer or payout");
  }
  return ordered;
}

/**
 * applyEvents inside a transaction the caller runs, on either kind of connection.
 * `refused`: the events from too far ahead, when the caller has already decided them.
 */
export async function applyEventsWithSql(
  sql: Sql,
  inputs: readonly ApplyEventInput[],
  now: () => Date = () => new Date(),
  refused: readonly (ApplyEventResult | null)[] = inputs.map((input) =>
    futureEventError(input.occurredAt, input.receivedAt ?? now()),
  ),
): Promise<ApplyEventResult[]> {
  const answers: ApplyEventResult[] = new Array(inputs.length);
  const live: number[] = [];
  inputs.forEach((_input, i) => {
    const future = refused[i];
    if (future) {
      answers[i] = future;
    } else {
      live.push(i);
    }
  });
  if (live.length === 0) {
    return answers;
  }
  const events = live.map((i) => inputs[i] as ApplyEventInput);
  await lockKeys(sql, lockOrder(events));
  const { known, payouts } = await lockPayoutsAndKnown(
    sql,
    events.map((e) => e.payout),
    events.map((e) => e.eventId),
  );
  const model = await refreshEtaModel(sql);

  const writes: PayoutWrite[] = [];
  const upserts: CustomerDetails[] = [];
  const updates: { id: string; details: CustomerDetails }[] = [];
  const creates: { index: number; input: ApplyEventInput; externalId: string; create: NewPayout }[] = [];
  const seen = new Set<string>();
  for (const i of live) {
    const input = inputs[i] as ApplyEventInput;
    const knownPayout = known.get(input.eventId);
    if (knownPayout) {
      answers[i] = { ok: true, result: "duplicate", payoutId: knownPayout, stageChanged: false };
      continue;
    }
    const ref = input.payout;
    const create = "externalId" in ref ? ref.create : undefined;
    const existing = payouts.get(ref);
    if (!existing) {
      if (!("externalId" in ref) || !create) {
        answers[i] = { ok: false, code: "NOT_FOUND", message: "No such payout." };
        continue;
      }
      // Refused before the customer is written: a refused event writes nothing.
      const refusal = newPayoutRefusal(input.stage ?? "REQUESTED");
      if (refusal) {
        answers[i] = refusal;
        continue;
      }
      creates.push({ index: i, input, externalId: ref.externalId, create });
      if ("customer" in create) {
        upserts.push(create.customer);
      }
      continue;
    }
    if (seen.has(existing.id)) {
      throw new Error("applyEvents: two events of one batch name the same payout");
    }
    seen.add(existing.id);
    const conflict = create ? factsConflict(existing, create) : null;
    if (conflict) {
      answers[i] = conflict;
      continue;
    }
    const planned = planForPayout(
      input,
      existing,
      create
        ? { destinationLabel: create.destinationLabel, customerTimeZone: describedZone(create), model }
        : { model },
    );
    answers[i] = planned.result;
    if (planned.write) {
      writes.push(planned.write);
    }
    // A stale snapshot does not overwrite newer customer details. A newer, applied one updates
    // them before its notifications are written, so that they go to the address it brings.
    if (create && "customer" in create && planned.result.ok && input.occurredAt >= existing.lastEventAt) {
      updates.push({ id: existing.customerId, details: create.customer });
    }
  }

  const customerIds = await writeCustomers(sql, upserts, updates);
  for (const { index, input, externalId, create } of creates) {
    const customerId = "customer" in create ? customerIds.get(create.customer.externalId) : create.customerId;
    if (!customerId) {
      throw new Error("applyEvents: the customer upsert returned no id");
    }
    const planned = planNewPayout(
      input,
      externalId,
      {
        customerId,
        customerTimeZone: describedZone(create) ?? "UTC",
        amountMinor: create.amountMinor,
        currency: create.currency,
        method: create.method,
        destinationLabel: create.destinationLabel,
      },
      model,
    );
    answers[index] = planned.result;
    if (planned.write) {
      writes.push(planned.write);
    }
  }
  await writePayoutChanges(sql, writes);
  return answers;
}
