import { randomBytes } from "node:crypto";
import type { Sql } from "../db/sql";
import type { PayoutMethod } from "../eta/estimate";
import type { NotifyDecision } from "../notifications/rules";
import type { HappyStage, ReasonCode, Stage } from "./stages";

// The write path of applyEvent in plain SQL. It runs for every event (ingest API, admin,
// sweeper, back-fill); Prisma's query compiler and runtime cost several times the
// database's own work per query here, so the hot path uses a few raw statements per event,
// on a Prisma transaction or a plain pg connection (lib/db/sql.ts). Pages read with Prisma.

export interface PayoutState {
  stage: Stage;
  pausedFrom: HappyStage | null;
  reasonCode: ReasonCode | null;
  note: string | null;
  delayed: boolean;
  delayReason: ReasonCode | null;
  etaAt: Date | null;
  originalEtaAt: Date | null;
  /** why the ETA was revised (sweeper, admin override); null when it follows the stages' pace */
  etaReason: ReasonCode | null;
  stageEnteredAt: Date;
  lastEventAt: Date;
}

/** What applyEvent needs of a payout, read under a row lock. */
export interface PayoutRow extends PayoutState {
  id: string;
  externalId: string;
  customerId: string;
  customerExternalId: string;
  amountMinor: bigint;
  currency: string;
  method: PayoutMethod;
}

/** A new row id, in the spirit of Prisma's cuid(): time-ordered prefix, random tail. */
export function newId(): string {
  return `c${Date.now().toString(36)}${randomBytes(8).toString("hex")}`;
}

/**
 * Advisory transaction locks, taken in the order given (callers keep one global order:
 * event, customer, payout). A statement's snapshot predates its locks: read what the lock
 * protects in a later statement.
 */
export async function lockKeys(sql: Sql, keys: string[]): Promise<void> {
  await sql.run(
    `select pg_advisory_xact_lock(hashtextextended(k, 0))
       from (select k from unnest($1::text[]) with ordinality as t(k, n) order by n) as ordered`,
    [keys],
  );
}

interface RawPayoutRow {
  id: string | null;
  external_id: string;
  customer_id: string;
  customer_external_id: string;
  amount_minor: bigint | string;
  currency: string;
  method: PayoutMethod;
  stage: Stage;
  paused_from: HappyStage | null;
  reason_code: ReasonCode | null;
  note: string | null;
  delayed: boolean;
  delay_reason: ReasonCode | null;
  eta_at: Date | null;
  original_eta_at: Date | null;
  eta_reason: ReasonCode | null;
  stage_entered_at: Date;
  last_event_at: Date;
}

export type PayoutKey = { id: string } | { reference: string } | { externalId: string };

const COLUMN = { id: "id", reference: "reference", externalId: "external_id" } as const;

/**
 * Reads a payout and locks its row until the transaction ends, and in the same round trip
 * whether `eventId` is already recorded (for any payout). Call it after locking the event
 * key: a statement's snapshot is taken before it waits for locks.
 */
export async function lockPayoutAndKnown(
  sql: Sql,
  key: PayoutKey,
  eventId: string,
): Promise<{ known: string | null; row: PayoutRow | null }> {
  const [column, value] =
    "id" in key
      ? [COLUMN.id, key.id]
      : "reference" in key
        ? [COLUMN.reference, key.reference]
        : [COLUMN.externalId, key.externalId];
  const rows = await sql.rows<RawPayoutRow & { known_payout_id: string | null }>(
    `select k.known_payout_id, p.*
       from (select (select payout_id from payout_events where event_id = $2) as known_payout_id) as k
       left join lateral (
         select p.id, p.external_id, p.customer_id, c.external_id as customer_external_id, p.amount_minor, p.currency,
                p.method::text as method, p.stage::text as stage, p.paused_from::text as paused_from,
                p.reason_code::text as reason_code, p.note, p.delayed, p.delay_reason::text as delay_reason,
                p.eta_at, p.original_eta_at, p.eta_reason::text as eta_reason, p.stage_entered_at, p.last_event_at
           from payouts p join customers c on c.id = p.customer_id
          where p.${column} = $1
            for update of p
       ) as p on true`,
    [value, eventId],
  );
  const r = rows[0];
  const known = r?.known_payout_id ?? null;
  if (!r?.id) {
    return { known, row: null };
  }
  return {
    known,
    row: {
      id: r.id,
      externalId: r.external_id,
      customerId: r.customer_id,
      customerExternalId: r.customer_external_id,
      amountMinor: BigInt(r.amount_minor),
      currency: r.currency.trim(),
      method: r.method,
      stage: r.stage,
      pausedFrom: r.paused_from,
      reasonCode: r.reason_code,
      note: r.note,
      delayed: r.delayed,
      delayReason: r.delay_reason,
      etaAt: r.eta_at,
      originalEtaAt: r.original_eta_at,
      etaReason: r.eta_reason,
      stageEnteredAt: r.stage_entered_at,
      lastEventAt: r.last_event_at,
    },
  };
}

export interface NewPayoutRow extends PayoutState {
  id: string;
  externalId: string;
  reference: string;
  customerId: string;
  amountMinor: bigint;
  currency: string;
  method: PayoutMethod;
  destinationLabel: string;
}

export interface EventRow {
  eventId: string;
  payoutId: string;
  outcome: "APPLIED" | "STALE";
  fromStage: Stage | null;
  stage: Stage;
  reasonCode: ReasonCode | null;
  delayed: boolean;
  delayReason: ReasonCode | null;
  note: string | null;
  source: "API" | "ADMIN" | "SWEEPER" | "BACKFILL";
  actorId: string | null;
  occurredAt: Date;
  etaAt: Date | null;
  etaReason: ReasonCode | null;
}

const EVENT_COLUMNS = `id, event_id, payout_id, outcome, from_stage, stage, reason_code, delayed, delay_reason, note,
  source, actor_id, occurred_at, eta_at, eta_reason`;

/** The event row's values as $n placeholders from `first` on; `payoutId` is an SQL expression. */
function eventValues(first: number, payoutId: string): string {
  const n = (i: number) => `$${first + i}`;
  return `${n(0)}, ${n(1)}, ${payoutId}, ${n(2)}::"EventOutcome", ${n(3)}::"Stage", ${n(4)}::"Stage",
    ${n(5)}::"ReasonCode", ${n(6)}, ${n(7)}::"ReasonCode", ${n(8)}, ${n(9)}::"EventSource", ${n(10)}, ${n(11)}, ${n(12)}, ${n(13)}::"ReasonCode"`;
}

function eventParams(e: Omit<EventRow, "payoutId">): unknown[] {
  return [
    newId(),
    e.eventId,
    e.outcome,
    e.fromStage,
    e.stage,
    e.reasonCode,
    e.delayed,
    e.delayReason,
    e.note,
    e.source,
    e.actorId,
    e.occurredAt,
    e.etaAt,
    e.etaReason,
  ];
}

/** Records an event that changes nothing else (a stale one). */
export async function insertEvent(sql: Sql, e: EventRow): Promise<void> {
  await sql.run(`insert into payout_events (${EVENT_COLUMNS}) values (${eventValues(2, "$1")})`, [
    e.payoutId,
    ...eventParams(e),
  ]);
}

/**
 * The tail of the statement that writes an applied event: the notification rows (one per
 * channel the customer has an address for) and their jobs, added in the same transaction
 * so that a change and its messages commit together or not at all; then a NOTIFY for
 * open payout pages. `ev` is the CTE that inserted the event row (id, payout_id,
 * customer_id); the decision's values are parameters from `first` on.
 */
function notifyTail(first: number, notify: NotifyDecision | null): { sql: string; params: unknown[] } {
  if (!notify) {
    return { sql: "select pg_notify('payout_changed', (select payout_id from ev))", params: [] };
  }
  const n = (i: number) => `$${first + i}`;
  return {
    sql: `, notif as (
       insert into notifications (id, event_row_id, payout_id, customer_id, channel, kind, important, urgent)
       select ev.id || ':' || ch.channel, ev.id, ev.payout_id, c.id, ch.channel::"NotificationChannel",
              ${n(0)}::"NotificationKind", ${n(1)}, ${n(2)}
         from ev join customers c on c.id = ev.customer_id
        cross join lateral (values ('EMAIL', c.email), ('SMS', c.phone)) as ch(channel, destination)
        where ch.destination is not null
       on conflict (event_row_id, channel) do nothing
       returning id
     ), jobs as (
       select graphile_worker.add_job('notify', json_build_object('id', notif.id), max_attempts := ${NOTIFY_MAX_ATTEMPTS},
                job_key := 'notify:' || notif.id) as job
         from notif
     )
     select (select count(*) from jobs) as jobs, pg_notify('payout_changed', (select payout_id from ev))`,
    params: [notify.kind, notify.important, notify.urgent],
  };
}

/** Tries per message before it counts as failed (graphile-worker backs off exponentially between them). */
export const NOTIFY_MAX_ATTEMPTS = 10;

/**
 * Updates the payout, records the event and queues its notifications, in one statement
 * (one round trip).
 */
export async function updatePayoutWithEvent(
  sql: Sql,
  id: string,
  s: PayoutState,
  e: Omit<EventRow, "payoutId">,
  destinationLabel: string | undefined,
  notify: NotifyDecision | null,
): Promise<void> {
  const tail = notifyTail(28, notify);
  await sql.run(
    `with updated as (
       update payouts set
         stage = $2::"Stage", paused_from = $3::"Stage", reason_code = $4::"ReasonCode", note = $5, delayed = $6,
         delay_reason = $7::"ReasonCode", eta_at = $8, original_eta_at = $9, stage_entered_at = $10,
         last_event_at = $11, destination_label = coalesce($12, destination_label), eta_reason = $27::"ReasonCode",
         updated_at = now()
       where id = $1
       returning id, customer_id
     ), ev as (
       insert into payout_events (${EVENT_COLUMNS}) select ${eventValues(13, "updated.id")} from updated
       returning id, payout_id, (select customer_id from updated) as customer_id
     )
     ${tail.sql}`,
    [
      id,
      s.stage,
      s.pausedFrom,
      s.reasonCode,
      s.note,
      s.delayed,
      s.delayReason,
      s.etaAt,
      s.originalEtaAt,
      s.stageEnteredAt,
      s.lastEventAt,
      destinationLabel ?? null,
      ...eventParams(e),
      s.etaReason,
      ...tail.params,
    ],
  );
}

/** Creates the payout, records its first event and queues its notifications, in one statement. */
export async function insertPayoutWithEvent(
  sql: Sql,
  p: NewPayoutRow,
  e: Omit<EventRow, "payoutId">,
  notify: NotifyDecision | null,
): Promise<void> {
  const tail = notifyTail(34, notify);
  await sql.run(
    `with inserted as (
       insert into payouts (id, external_id, reference, customer_id, amount_minor, currency, method, destination_label,
         stage, paused_from, reason_code, note, delayed, delay_reason, eta_at, original_eta_at, stage_entered_at,
         last_event_at, eta_reason, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7::"PayoutMethod", $8, $9::"Stage", $10::"Stage", $11::"ReasonCode", $12, $13,
         $14::"ReasonCode", $15, $16, $17, $18, $33::"ReasonCode", now(), now())
       returning id, customer_id
     ), ev as (
       insert into payout_events (${EVENT_COLUMNS}) select ${eventValues(19, "inserted.id")} from inserted
       returning id, payout_id, (select customer_id from inserted) as customer_id
     )
     ${tail.sql}`,
    [
      p.id,
      p.externalId,
      p.reference,
      p.customerId,
      p.amountMinor.toString(),
      p.currency,
      p.method,
      p.destinationLabel,
      p.stage,
      p.pausedFrom,
      p.reasonCode,
      p.note,
      p.delayed,
      p.delayReason,
      p.etaAt,
      p.originalEtaAt,
      p.stageEnteredAt,
      p.lastEventAt,
      ...eventParams(e),
      p.etaReason,
      ...tail.params,
    ],
  );
}
