import { randomBytes } from "node:crypto";
import { type Sql, tableRowsJson } from "../db/sql";
import type { PayoutMethod } from "../eta/durations";
import type { EtaPrecision } from "../eta/promise";
import { JOB } from "../jobs/names";
import type { NotifyDecision } from "../notifications/rules";
import type { HappyStage, ReasonCode, Stage } from "./stages";

// The read-under-lock and write path of the one door (applyEvents, lib/payouts/apply.ts) in
// plain SQL. It runs for every event (ingest API, admin, sweeper, notices, back-fill); Prisma's query compiler and runtime cost several times the
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
  /** how the ETA is stated: a time, or a date (the end of that day in the customer's zone) */
  etaPrecision: EtaPrecision | null;
  /** who set the ETA shown */
  etaSource: EtaSource | null;
  /** the median completion, for "usually arrives …" (model estimates only) */
  etaTypicalAt: Date | null;
  /** when the customer was last told a new ETA without a stage change */
  etaNotifiedAt: Date | null;
  stageEnteredAt: Date;
  lastEventAt: Date;
}

export const ETA_SOURCES = ["MODEL", "PLATFORM", "ADMIN", "NOTICE", "SWEEPER"] as const;
export type EtaSource = (typeof ETA_SOURCES)[number];

/** What the door's rules need of a payout, read under a row lock. */
export interface PayoutRow extends PayoutState {
  id: string;
  externalId: string;
  reference: string;
  customerId: string;
  customerExternalId: string;
  /** the customer's zone: ETAs are stated in it */
  customerTimeZone: string;
  amountMinor: bigint;
  currency: string;
  method: PayoutMethod;
  /** where the customer acts (the platform's `action_url`); not part of PayoutState: no message depends on it */
  actionUrl: string | null;
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
  reference: string;
  customer_id: string;
  customer_external_id: string;
  customer_time_zone: string;
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
  eta_precision: EtaPrecision | null;
  eta_source: EtaSource | null;
  eta_typical_at: Date | null;
  eta_notified_at: Date | null;
  stage_entered_at: Date;
  last_event_at: Date;
  action_url: string | null;
}

export type PayoutKey = { id: string } | { reference: string } | { externalId: string };

const COLUMN = { id: "id", reference: "reference", externalId: "external_id" } as const;

const PAYOUT_COLUMNS = `p.id, p.external_id, p.reference, p.customer_id, c.external_id as customer_external_id,
  c.time_zone as customer_time_zone, p.amount_minor,
  p.currency, p.method::text as method, p.stage::text as stage, p.paused_from::text as paused_from,
  p.reason_code::text as reason_code, p.note, p.delayed, p.delay_reason::text as delay_reason, p.eta_at,
  p.original_eta_at, p.eta_reason::text as eta_reason, p.eta_precision::text as eta_precision,
  p.eta_source::text as eta_source, p.eta_typical_at, p.eta_notified_at, p.stage_entered_at, p.last_event_at,
  p.action_url`;

function toPayoutRow(r: RawPayoutRow & { id: string }): PayoutRow {
  return {
    id: r.id,
    externalId: r.external_id,
    reference: r.reference,
    customerId: r.customer_id,
    customerExternalId: r.customer_external_id,
    customerTimeZone: r.customer_time_zone,
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
    etaPrecision: r.eta_precision,
    etaSource: r.eta_source,
    etaTypicalAt: r.eta_typical_at,
    etaNotifiedAt: r.eta_notified_at,
    stageEnteredAt: r.stage_entered_at,
    lastEventAt: r.last_event_at,
    actionUrl: r.action_url,
  };
}

/** The payouts events name, read under their row locks (lockPayoutsAndKnown), found by any key. */
export class LockedPayouts {
  private readonly byKey = new Map<string, PayoutRow>();

  constructor(rows: readonly PayoutRow[]) {
    for (const row of rows) {
      this.byKey.set(`id:${row.id}`, row);
      this.byKey.set(`reference:${row.reference}`, row);
      this.byKey.set(`externalId:${row.externalId}`, row);
    }
  }

  get(key: PayoutKey): PayoutRow | undefined {
    return this.byKey.get(
      "id" in key ? `id:${key.id}` : "reference" in key ? `reference:${key.reference}` : `externalId:${key.externalId}`,
    );
  }
}

/**
 * Reads the payouts these keys name and locks their rows (in id order) until the
 * transaction ends, and in the same round trip which of these event ids are recorded
 * already (event id → payout id). Call it after locking the events' keys: a statement's
 * snapshot is taken before it waits for locks.
 */
export async function lockPayoutsAndKnown(
  sql: Sql,
  keys: readonly PayoutKey[],
  eventIds: readonly string[],
): Promise<{ known: Map<string, string>; payouts: LockedPayouts }> {
  const values: Record<keyof typeof COLUMN, string[]> = { id: [], reference: [], externalId: [] };
  for (const key of keys) {
    if ("id" in key) {
      values.id.push(key.id);
    } else if ("reference" in key) {
      values.reference.push(key.reference);
    } else {
      values.externalId.push(key.externalId);
    }
  }
  // Only the kinds of key given: the ingest API's batches read by external id alone, as before.
  const params: unknown[] = [eventIds];
  const where: string[] = [];
  for (const kind of ["id", "reference", "externalId"] as const) {
    if (values[kind].length > 0) {
      params.push(values[kind]);
      where.push(`p.${COLUMN[kind]} = any($${params.length}::text[])`);
    }
  }
  const rows = await sql.rows<RawPayoutRow & { known: string[][] | null }>(
    `select k.known, p.*
       from (select array_agg(array[event_id, payout_id]) as known
               from payout_events where event_id = any($1::text[])) as k
       left join lateral (
         select ${PAYOUT_COLUMNS}
           from payouts p join customers c on c.id = p.customer_id
          where ${where.length > 0 ? where.join(" or ") : "false"}
          order by p.id
            for update of p
       ) as p on true`,
    params,
  );
  const known = new Map<string, string>();
  for (const [eventId, payoutId] of rows[0]?.known ?? []) {
    if (eventId && payoutId) {
      known.set(eventId, payoutId);
    }
  }
  const payouts: PayoutRow[] = [];
  for (const r of rows) {
    if (r.id) {
      payouts.push(toPayoutRow({ ...r, id: r.id }));
    }
  }
  return { known, payouts: new LockedPayouts(payouts) };
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
  actionUrl: string | null;
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
  etaPrecision: EtaPrecision | null;
  /** set when this event revised the ETA: who did */
  etaSource: EtaSource | null;
  /** the median completion ("usually arrives …") after this event, for the model's own promises */
  etaTypicalAt?: Date | null;
  /** the payout's action link after this event (a stale event: the one it brought) */
  actionUrl: string | null;
}

/**
 * What one event writes, decided by the door's rules (lib/payouts/apply-rules.ts):
 * - `stale`: only the event row;
 * - `update`: the payout's new state, the event row, and its notifications (if any);
 * - `insert`: a new payout, its first event row, and its notifications (if any).
 */
export type PayoutWrite =
  | { kind: "stale"; event: EventRow }
  | {
      kind: "update";
      id: string;
      customerId: string;
      state: PayoutState;
      actionUrl: string | null;
      /** a new destination label; undefined keeps the stored one */
      destinationLabel?: string;
      event: EventRow;
      notify: NotifyDecision | null;
    }
  | { kind: "insert"; payout: NewPayoutRow; event: EventRow; notify: NotifyDecision | null };

/** Tries per message before it counts as failed (graphile-worker backs off exponentially between them). */
export const NOTIFY_MAX_ATTEMPTS = 10;

/**
 * Writes what events decided, in ONE statement (one round trip, whatever the count): new
 * payouts, payout updates, event rows, one notification row per channel the customer has
 * an address for and one job per notification row — so that a change and its messages
 * commit together or not at all — then a NOTIFY per changed payout for open payout pages.
 * The rows come as JSON arrays shaped like the tables (tableRowsJson, json_populate_recordset).
 */
export async function writePayoutChanges(sql: Sql, writes: readonly PayoutWrite[]): Promise<void> {
  if (writes.length === 0) {
    return;
  }
  const inserts: NewPayoutRow[] = [];
  const updates: (PayoutState & { id: string; destinationLabel: string | null; actionUrl: string | null })[] = [];
  const events: (EventRow & { id: string })[] = [];
  const notifications: unknown[] = [];
  const changed: string[] = [];
  for (const w of writes) {
    const eventRowId = newId();
    events.push({ ...w.event, id: eventRowId });
    if (w.kind === "stale") {
      continue;
    }
    if (w.kind === "insert") {
      inserts.push(w.payout);
    } else {
      updates.push({ ...w.state, id: w.id, destinationLabel: w.destinationLabel ?? null, actionUrl: w.actionUrl });
    }
    const payoutId = w.kind === "insert" ? w.payout.id : w.id;
    changed.push(payoutId);
    if (w.notify) {
      notifications.push({
        event_row_id: eventRowId,
        payout_id: payoutId,
        customer_id: w.kind === "insert" ? w.payout.customerId : w.customerId,
        kind: w.notify.kind,
        important: w.notify.important,
        urgent: w.notify.urgent,
      });
    }
  }
  await sql.run(
    `with new_payouts as (
       insert into payouts (id, external_id, reference, customer_id, amount_minor, currency, method, destination_label,
         stage, paused_from, reason_code, note, delayed, delay_reason, eta_at, original_eta_at, stage_entered_at,
         last_event_at, eta_reason, eta_precision, eta_source, eta_typical_at, eta_notified_at, action_url,
         created_at, updated_at)
       select id, external_id, reference, customer_id, amount_minor, currency, method, destination_label,
         stage, paused_from, reason_code, note, delayed, delay_reason, eta_at, original_eta_at, stage_entered_at,
         last_event_at, eta_reason, eta_precision, eta_source, eta_typical_at, eta_notified_at, action_url,
         now(), now()
         from json_populate_recordset(null::payouts, $1::json)
       returning id
     ), updated as (
       update payouts p set
         stage = u.stage, paused_from = u.paused_from, reason_code = u.reason_code, note = u.note, delayed = u.delayed,
         delay_reason = u.delay_reason, eta_at = u.eta_at, original_eta_at = u.original_eta_at,
         stage_entered_at = u.stage_entered_at, last_event_at = u.last_event_at,
         destination_label = coalesce(u.destination_label, p.destination_label), eta_reason = u.eta_reason,
         eta_precision = u.eta_precision, eta_source = u.eta_source, eta_typical_at = u.eta_typical_at,
         eta_notified_at = u.eta_notified_at, action_url = u.action_url, updated_at = now()
         from json_populate_recordset(null::payouts, $2::json) as u
        where p.id = u.id
       returning p.id
     ), events as (
       insert into payout_events (id, event_id, payout_id, outcome, from_stage, stage, reason_code, delayed,
         delay_reason, note, source, actor_id, occurred_at, eta_at, eta_reason, eta_precision, eta_source, action_url,
         eta_typical_at)
       select id, event_id, payout_id, outcome, from_stage, stage, reason_code, delayed,
         delay_reason, note, source, actor_id, occurred_at, eta_at, eta_reason, eta_precision, eta_source, action_url,
         eta_typical_at
         from json_populate_recordset(null::payout_events, $3::json)
       returning id
     ), notif as (
       insert into notifications (id, event_row_id, payout_id, customer_id, channel, kind, important, urgent)
       select n.event_row_id || ':' || ch.channel, n.event_row_id, n.payout_id, c.id,
              ch.channel::"NotificationChannel", n.kind::"NotificationKind", n.important, n.urgent
         from json_to_recordset($4::json)
              as n(event_row_id text, payout_id text, customer_id text, kind text, important boolean, urgent boolean)
         join customers c on c.id = n.customer_id
        cross join lateral (values ('EMAIL', c.email), ('SMS', c.phone)) as ch(channel, destination)
        where ch.destination is not null
       on conflict (event_row_id, channel) do nothing
       returning id
     ), jobs as (
       -- one add_jobs call: one NOTIFY for the workers however many messages
       select j.id
         from (select array_agg(row('${JOB.notify}', json_build_object('id', notif.id), null, null, ${NOTIFY_MAX_ATTEMPTS},
                        'notify:' || notif.id, null, null)::graphile_worker.job_spec) as specs
                 from notif having count(*) > 0) as s
        cross join lateral graphile_worker.add_jobs(s.specs) as j
     )
     select (select count(*) from new_payouts) as inserted, (select count(*) from updated) as updated,
            (select count(*) from events) as events, (select count(*) from jobs) as jobs,
            (select count(*) from (select pg_notify('payout_changed', id) from unnest($5::text[]) as id) as n) as notified`,
    [tableRowsJson(inserts), tableRowsJson(updates), tableRowsJson(events), JSON.stringify(notifications), changed],
  );
}
