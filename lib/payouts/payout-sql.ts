import { randomBytes } from "node:crypto";
import type { Tx } from "../db/client";
import type { PayoutMethod } from "../eta/estimate";
import type { HappyStage, ReasonCode, Stage } from "./stages";

// The write path of applyEvent in plain SQL. It runs for every event (ingest API, admin,
// sweeper, back-fill); Prisma's query compiler cost ~4 times the database's own work per
// model query here, so the hot path uses raw statements, a few per event. Reads for pages
// stay on the Prisma client.

/** What applyEvent needs of a payout, read under a row lock. */
export interface PayoutRow {
  id: string;
  externalId: string;
  customerId: string;
  customerExternalId: string;
  amountMinor: bigint;
  currency: string;
  method: PayoutMethod;
  stage: Stage;
  pausedFrom: HappyStage | null;
  reasonCode: ReasonCode | null;
  note: string | null;
  delayed: boolean;
  delayReason: ReasonCode | null;
  etaAt: Date | null;
  originalEtaAt: Date | null;
  stageEnteredAt: Date;
  lastEventAt: Date;
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
export async function lockKeys(tx: Tx, keys: string[]): Promise<void> {
  await tx.$executeRaw`select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest(${keys}::text[]) with ordinality as t(k, n) order by n`;
}

/** The payout that already recorded this event id, if any. */
export async function knownEventPayout(tx: Tx, eventId: string): Promise<string | null> {
  const rows = await tx.$queryRaw<
    { payout_id: string }[]
  >`select payout_id from payout_events where event_id = ${eventId}`;
  return rows[0]?.payout_id ?? null;
}

interface RawPayoutRow {
  id: string;
  external_id: string;
  customer_id: string;
  customer_external_id: string;
  amount_minor: bigint;
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
  stage_entered_at: Date;
  last_event_at: Date;
}

export type PayoutKey = { id: string } | { reference: string } | { externalId: string };

/** Reads a payout and locks its row until the transaction ends. */
export async function lockPayout(tx: Tx, key: PayoutKey): Promise<PayoutRow | null> {
  const [column, value] =
    "id" in key ? ["id", key.id] : "reference" in key ? ["reference", key.reference] : ["external_id", key.externalId];
  const rows = await tx.$queryRawUnsafe<RawPayoutRow[]>(
    `select p.id, p.external_id, p.customer_id, c.external_id as customer_external_id, p.amount_minor, p.currency,
            p.method::text as method, p.stage::text as stage, p.paused_from::text as paused_from,
            p.reason_code::text as reason_code, p.note, p.delayed, p.delay_reason::text as delay_reason,
            p.eta_at, p.original_eta_at, p.stage_entered_at, p.last_event_at
       from payouts p join customers c on c.id = p.customer_id
      where p.${column} = $1
        for update of p`,
    value,
  );
  const r = rows[0];
  return r
    ? {
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
        stageEnteredAt: r.stage_entered_at,
        lastEventAt: r.last_event_at,
      }
    : null;
}

export interface PayoutState {
  stage: Stage;
  pausedFrom: HappyStage | null;
  reasonCode: ReasonCode | null;
  note: string | null;
  delayed: boolean;
  delayReason: ReasonCode | null;
  etaAt: Date | null;
  originalEtaAt: Date | null;
  stageEnteredAt: Date;
  lastEventAt: Date;
}

export async function updatePayout(tx: Tx, id: string, s: PayoutState, destinationLabel?: string): Promise<void> {
  await tx.$executeRaw`
    update payouts set
      stage = ${s.stage}::"Stage", paused_from = ${s.pausedFrom}::"Stage", reason_code = ${s.reasonCode}::"ReasonCode",
      note = ${s.note}, delayed = ${s.delayed}, delay_reason = ${s.delayReason}::"ReasonCode",
      eta_at = ${s.etaAt}, original_eta_at = ${s.originalEtaAt}, stage_entered_at = ${s.stageEnteredAt},
      last_event_at = ${s.lastEventAt}, destination_label = coalesce(${destinationLabel ?? null}, destination_label),
      updated_at = now()
    where id = ${id}`;
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

export async function insertPayout(tx: Tx, p: NewPayoutRow): Promise<void> {
  await tx.$executeRaw`
    insert into payouts (id, external_id, reference, customer_id, amount_minor, currency, method, destination_label,
      stage, paused_from, reason_code, note, delayed, delay_reason, eta_at, original_eta_at, stage_entered_at,
      last_event_at, created_at, updated_at)
    values (${p.id}, ${p.externalId}, ${p.reference}, ${p.customerId}, ${p.amountMinor}, ${p.currency},
      ${p.method}::"PayoutMethod", ${p.destinationLabel}, ${p.stage}::"Stage", ${p.pausedFrom}::"Stage",
      ${p.reasonCode}::"ReasonCode", ${p.note}, ${p.delayed}, ${p.delayReason}::"ReasonCode", ${p.etaAt},
      ${p.originalEtaAt}, ${p.stageEnteredAt}, ${p.lastEventAt}, now(), now())`;
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
  source: "API" | "ADMIN" | "SWEEPER";
  actorId: string | null;
  occurredAt: Date;
  etaAt: Date | null;
}

export async function insertEvent(tx: Tx, e: EventRow): Promise<void> {
  await tx.$executeRaw`
    insert into payout_events (id, event_id, payout_id, outcome, from_stage, stage, reason_code, delayed, delay_reason,
      note, source, actor_id, occurred_at, eta_at)
    values (${newId()}, ${e.eventId}, ${e.payoutId}, ${e.outcome}::"EventOutcome", ${e.fromStage}::"Stage",
      ${e.stage}::"Stage", ${e.reasonCode}::"ReasonCode", ${e.delayed}, ${e.delayReason}::"ReasonCode", ${e.note},
      ${e.source}::"EventSource", ${e.actorId}, ${e.occurredAt}, ${e.etaAt})`;
}
