import { randomBytes } from "node:crypto";
import type { Db, Prisma, Tx } from "../db/client";
import { getDb } from "../db/client";
import { estimateCompletion, type PayoutMethod } from "../eta/estimate";
import { checkTransition, type HappyStage, isPaused, isTerminal, type ReasonCode, type Stage } from "./stages";

export type EventSource = { kind: "API" } | { kind: "ADMIN"; staffId: string } | { kind: "SWEEPER" };

export interface NewPayout {
  customerId: string;
  amountMinor: bigint;
  currency: string;
  method: PayoutMethod;
  destinationLabel: string;
}

export interface ApplyEventInput {
  /** The sender's id for this event: a replay of the same id is never applied twice. */
  eventId: string;
  occurredAt: Date;
  source: EventSource;
  /** Which payout; with `create`, a payout unknown by that external id is created. */
  payout: { id: string } | { reference: string } | { externalId: string; create?: NewPayout };
  /** The stage the payout is at after the event; omitted = unchanged. */
  stage?: Stage;
  /** Why it is paused, failed or returned; omitted = unchanged when the stage stays. */
  reasonCode?: ReasonCode | null;
  note?: string | null;
  /** Set (with a reason) or clear the delayed flag; omitted = unchanged, and cleared by a stage change. */
  delay?: { reasonCode: ReasonCode } | null;
}

export type ApplyEventResult =
  | { ok: true; result: "applied" | "duplicate" | "stale"; payoutId: string; stageChanged: boolean }
  | { ok: false; code: "ILLEGAL_TRANSITION" | "NOT_FOUND" | "INVALID_EVENT"; message: string };

/** How far in the future an event's occurred_at may lie (clock skew between systems). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export interface ApplyEventOptions {
  /** Run inside this transaction (the caller commits); otherwise in a transaction of our own. */
  tx?: Tx;
  db?: Db;
  /** the clock; injected by tests */
  now?: () => Date;
}

/** Stages that carry a reason (paused, failed, returned). */
function keepsReason(stage: Stage): boolean {
  return isPaused(stage) || stage === "FAILED" || stage === "RETURNED";
}

/**
 * The one door for every change to a payout: the event row and the payout
 * update are written in one transaction, or nothing is.
 * - a known event id answers `duplicate` and writes nothing;
 * - an event older than the payout's newest applied event is recorded as `stale`
 *   and changes nothing else;
 * - an illegal transition is rejected with the reason and writes nothing.
 */
export async function applyEvent(input: ApplyEventInput, options: ApplyEventOptions = {}): Promise<ApplyEventResult> {
  const now = (options.now ?? (() => new Date()))();
  if (input.occurredAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
    return {
      ok: false,
      code: "INVALID_EVENT",
      message: `occurred_at ${input.occurredAt.toISOString()} lies in the future (server time ${now.toISOString()}).`,
    };
  }
  if (options.tx) {
    return applyInTransaction(options.tx, input);
  }
  const db = options.db ?? getDb();
  return db.$transaction((tx) => applyInTransaction(tx, input), { timeout: 15_000 });
}

/** Admin and sweeper events describe "now": they are never stale, whatever the sender's clock said before. */
function describesNow(source: EventSource): boolean {
  return source.kind === "ADMIN" || source.kind === "SWEEPER";
}

async function lock(tx: Tx, key: string): Promise<void> {
  await tx.$executeRaw`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
}

async function applyInTransaction(tx: Tx, input: ApplyEventInput): Promise<ApplyEventResult> {
  // Serialise work on one event id, so that concurrent replays see each other.
  await lock(tx, `event:${input.eventId}`);
  const known = await tx.payoutEvent.findUnique({ where: { eventId: input.eventId }, select: { payoutId: true } });
  if (known) {
    return { ok: true, result: "duplicate", payoutId: known.payoutId, stageChanged: false };
  }

  const ref = input.payout;
  if ("externalId" in ref) {
    await lock(tx, `payout:${ref.externalId}`);
  }
  const where =
    "id" in ref ? { id: ref.id } : "reference" in ref ? { reference: ref.reference } : { externalId: ref.externalId };
  const found = await tx.payout.findUnique({ where, select: { id: true } });

  if (!found) {
    if ("externalId" in ref && ref.create) {
      return createPayout(tx, input, ref.externalId, ref.create);
    }
    return { ok: false, code: "NOT_FOUND", message: "No such payout." };
  }

  // Row lock: concurrent events for one payout apply one after the other.
  await tx.$queryRaw`select id from payouts where id = ${found.id} for update`;
  const payout = await tx.payout.findUniqueOrThrow({ where: { id: found.id } });
  const targetStage = input.stage ?? payout.stage;

  if (input.occurredAt < payout.lastEventAt && !describesNow(input.source)) {
    await recordEvent(tx, input, payout.id, {
      outcome: "STALE",
      fromStage: payout.stage,
      stage: targetStage,
      reasonCode: input.reasonCode ?? null,
      // what the event asked for, not what the payout is
      delayed: input.delay === undefined ? payout.delayed : input.delay !== null,
      delayReason: input.delay === undefined ? payout.delayReason : (input.delay?.reasonCode ?? null),
      note: input.note ?? null,
      occurredAt: input.occurredAt,
      etaAt: payout.etaAt,
    });
    return { ok: true, result: "stale", payoutId: payout.id, stageChanged: false };
  }

  const check = checkTransition(payout.stage, targetStage, payout.pausedFrom as HappyStage | null);
  if (!check.ok) {
    return { ok: false, code: "ILLEGAL_TRANSITION", message: check.reason };
  }

  const stageChanged = targetStage !== payout.stage;
  if (input.delay && (isPaused(targetStage) || isTerminal(targetStage))) {
    return {
      ok: false,
      code: "ILLEGAL_TRANSITION",
      message: `A payout that is ${targetStage} cannot be marked delayed: it has no ETA to be late against.`,
    };
  }
  // An admin event may carry a clock older than a (skewed) sender's newest event.
  const occurredAt = new Date(Math.max(input.occurredAt.getTime(), payout.lastEventAt.getTime()));
  const reasonCode = keepsReason(targetStage)
    ? input.reasonCode !== undefined
      ? input.reasonCode
      : stageChanged
        ? null
        : payout.reasonCode
    : null;
  const note = input.note !== undefined ? input.note : stageChanged ? null : payout.note;

  let delayed = payout.delayed;
  let delayReason = payout.delayReason;
  if (input.delay !== undefined) {
    delayed = input.delay !== null;
    delayReason = input.delay?.reasonCode ?? null;
  } else if (stageChanged) {
    delayed = false;
    delayReason = null;
  }
  if (isTerminal(targetStage)) {
    delayed = false;
    delayReason = null;
  }

  const stageEnteredAt = stageChanged ? occurredAt : payout.stageEnteredAt;
  const etaAt = stageChanged ? estimateCompletion(payout.method, targetStage, stageEnteredAt) : payout.etaAt;

  await tx.payout.update({
    where: { id: payout.id },
    data: {
      stage: targetStage,
      pausedFrom: check.pausedFrom,
      reasonCode,
      note,
      delayed,
      delayReason,
      etaAt,
      originalEtaAt: payout.originalEtaAt ?? etaAt,
      stageEnteredAt,
      lastEventAt: occurredAt,
    },
  });
  await recordEvent(tx, input, payout.id, {
    outcome: "APPLIED",
    fromStage: payout.stage,
    stage: targetStage,
    reasonCode,
    delayed,
    delayReason,
    note,
    occurredAt,
    etaAt,
  });
  return { ok: true, result: "applied", payoutId: payout.id, stageChanged };
}

async function createPayout(
  tx: Tx,
  input: ApplyEventInput,
  externalId: string,
  create: NewPayout,
): Promise<ApplyEventResult> {
  const stage = input.stage ?? "REQUESTED";
  if (isPaused(stage)) {
    // We would not know which stage it returns to.
    return {
      ok: false,
      code: "ILLEGAL_TRANSITION",
      message: `A new payout cannot start ${stage}; send the stage it paused at first.`,
    };
  }
  const reasonCode = keepsReason(stage) ? (input.reasonCode ?? null) : null;
  const delayed = !isTerminal(stage) && Boolean(input.delay);
  const delayReason = delayed ? (input.delay?.reasonCode ?? null) : null;
  const etaAt = estimateCompletion(create.method, stage, input.occurredAt);
  const payout = await tx.payout.create({
    data: {
      externalId,
      reference: newReference(),
      customerId: create.customerId,
      amountMinor: create.amountMinor,
      currency: create.currency,
      method: create.method,
      destinationLabel: create.destinationLabel,
      stage,
      reasonCode,
      note: input.note ?? null,
      delayed,
      delayReason,
      etaAt,
      originalEtaAt: etaAt,
      stageEnteredAt: input.occurredAt,
      lastEventAt: input.occurredAt,
    },
    select: { id: true },
  });
  await recordEvent(tx, input, payout.id, {
    outcome: "APPLIED",
    fromStage: null,
    stage,
    reasonCode,
    delayed,
    delayReason,
    note: input.note ?? null,
    occurredAt: input.occurredAt,
    etaAt,
  });
  return { ok: true, result: "applied", payoutId: payout.id, stageChanged: true };
}

type EventFields = Omit<Prisma.PayoutEventUncheckedCreateInput, "eventId" | "payoutId" | "source" | "actorId">;

/** The event row: what happened, who sent it, and the payout's ETA right after. */
async function recordEvent(tx: Tx, input: ApplyEventInput, payoutId: string, fields: EventFields): Promise<void> {
  await tx.payoutEvent.create({
    data: {
      ...fields,
      eventId: input.eventId,
      payoutId,
      source: input.source.kind,
      actorId: input.source.kind === "ADMIN" ? input.source.staffId : null,
    },
  });
}

// Crockford base32 without I, L, O, U: easy to read out on the phone.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A public payout reference such as PT-7K3M9Q2X (40 random bits). */
export function newReference(): string {
  const bytes = randomBytes(8);
  let out = "";
  for (let i = 0; i < 8; i++) {
    out += ALPHABET[(bytes[i] ?? 0) % 32];
  }
  return `PT-${out}`;
}
