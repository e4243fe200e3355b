import { randomBytes } from "node:crypto";
import { env } from "../env";
import { decideEta } from "../eta/decide";
import type { EtaModel, PayoutMethod } from "../eta/durations";
import { notificationFor } from "../notifications/rules";
import type { CustomerDetails } from "./customer-sql";
import { type EtaSource, type EventRow, newId, type PayoutRow, type PayoutWrite } from "./payout-sql";
import { checkTransition, isPaused, isTerminal, type ReasonCode, type Stage, takesReason } from "./stages";

// The rules of the one door (applyEvents, lib/payouts/apply.ts), without a database: what an
// event on a payout decides — the answer, and the rows to write. Every source's events meet
// the same rules here: the ingest API, the CSV back-fill, admins, the ETA sweeper, notices.

export type EventSource =
  | { kind: "API" }
  | { kind: "ADMIN"; staffId: string }
  | { kind: "SWEEPER" }
  /** history loaded by an admin's CSV back-fill: recorded, never notified */
  | { kind: "BACKFILL" };

/** What a payout is, as an event that may create it describes it: none of it changes later. */
export interface PayoutFacts {
  amountMinor: bigint;
  currency: string;
  method: PayoutMethod;
  destinationLabel: string;
}

/**
 * The payout an event describes (and creates when it is unknown). Its owner is a customer
 * id, or the customer as the event describes them (the ingest API's): created, or refreshed
 * by an event no older than the payout's newest. On a payout that exists, a different owner,
 * amount, currency or method is refused, whoever sends it.
 */
export type NewPayout = PayoutFacts &
  (
    | {
        customerId: string;
        /** the customer's zone (ETAs are stated in it); default: the stored one, UTC for a new payout */
        customerTimeZone?: string;
      }
    | { customer: CustomerDetails }
  );

/** A NewPayout whose owner is known by id (a described customer after it was written). */
export interface ResolvedNewPayout extends PayoutFacts {
  customerId: string;
  customerTimeZone: string;
}

export interface ApplyEventInput {
  /** The sender's id for this event: a replay of the same id is never applied twice. */
  eventId: string;
  occurredAt: Date;
  /** When the server received it (the ingest queue's batches mix arrivals); default: the door's clock. */
  receivedAt?: Date;
  source: EventSource;
  /** Which payout; with `create`, a payout unknown by that external id is created. */
  payout: { id: string } | { reference: string } | { externalId: string; create?: NewPayout };
  /** The stage the payout is at after the event; omitted = unchanged. */
  stage?: Stage;
  /** Why it is paused, failed or returned; omitted = unchanged when the stage stays. */
  reasonCode?: ReasonCode | null;
  note?: string | null;
  /**
   * Where the customer acts (already checked: lib/payouts/action-url.ts); null clears it;
   * omitted = unchanged on the same stage, cleared by a stage change (it belonged to the old one).
   */
  actionUrl?: string | null;
  /** Set (with a reason) or clear the delayed flag; omitted = unchanged, and cleared by a stage change. */
  delay?: { reasonCode: ReasonCode } | null;
  /** A revised ETA (the sweeper's, an admin's override); omitted = unchanged, or recomputed on a stage change. */
  eta?: Date;
  /** Why the ETA was revised; shown to the customer next to the original ETA. */
  etaReason?: ReasonCode;
  /** Who gives `eta` (default: PLATFORM for the API, ADMIN, SWEEPER by source). */
  etaSource?: EtaSource;
  /** `eta` is not a promise of completion but when the customer hears from us next. */
  etaIsNextUpdate?: boolean;
  /** Recorded and applied, but nobody is told (the sweeper catching up on old data). */
  silent?: boolean;
  /**
   * A condition on the payout as it is under its row lock (the caller decided on an older
   * read): false = nothing is written, and the answer is CHANGED with this message.
   */
  onlyIf?: { test: (payout: PayoutRow) => boolean; message: string };
}

export type ApplyEventResult =
  | { ok: true; result: "applied" | "duplicate" | "stale"; payoutId: string; stageChanged: boolean }
  | { ok: false; code: "ILLEGAL_TRANSITION" | "NOT_FOUND" | "INVALID_EVENT" | "CHANGED"; message: string };

/** How far in the future an event's occurred_at may lie (clock skew between systems). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** An event from further in the future than clock skew explains is refused. */
export function futureEventError(occurredAt: Date, now: Date): Extract<ApplyEventResult, { ok: false }> | null {
  if (occurredAt.getTime() <= now.getTime() + MAX_CLOCK_SKEW_MS) {
    return null;
  }
  return {
    ok: false,
    code: "INVALID_EVENT",
    message: `occurred_at ${occurredAt.toISOString()} lies in the future (server time ${now.toISOString()}).`,
  };
}

/** Admin and sweeper events describe "now": they are never stale, whatever the sender's clock said before. */
export function describesNow(source: EventSource): boolean {
  return source.kind === "ADMIN" || source.kind === "SWEEPER";
}

/** The customer's zone an event brings with its payout's facts, if any. */
export function describedZone(payout: NewPayout): string | undefined {
  return "customer" in payout ? payout.customer.timeZone : payout.customerTimeZone;
}

/**
 * Why an event's description of a payout contradicts the stored one: another owner, or
 * another amount, currency or method. A payout's facts never change (answered 409 by the API).
 */
export function factsConflict(
  payout: PayoutRow,
  described: NewPayout,
): Extract<ApplyEventResult, { ok: false }> | null {
  const sameOwner =
    "customer" in described
      ? payout.customerExternalId === described.customer.externalId
      : payout.customerId === described.customerId;
  const message = !sameOwner
    ? `payout ${payout.externalId} belongs to another customer`
    : payout.amountMinor !== described.amountMinor ||
        payout.currency !== described.currency ||
        payout.method !== described.method
      ? `the amount, currency and method of payout ${payout.externalId} cannot change`
      : null;
  return message ? { ok: false, code: "ILLEGAL_TRANSITION", message } : null;
}

/** What an event decides: the answer, and what to write for it (nothing when refused). */
export interface Planned {
  result: ApplyEventResult;
  write: PayoutWrite | null;
}

export interface PlanOptions {
  /** the destination label the event brings (ingest) */
  destinationLabel?: string;
  /** the customer's zone the event brings (ingest); default the stored one */
  customerTimeZone?: string;
  etaThresholdMs?: number;
  /** the ETA model to plan with (the caller's: refreshEtaModel) */
  model: EtaModel;
}

/** Who an ETA given with an event comes from, by the event's source. */
function givenEta(input: ApplyEventInput) {
  if (!input.eta) {
    return undefined;
  }
  const bySource: Record<EventSource["kind"], EtaSource> = {
    API: "PLATFORM",
    BACKFILL: "PLATFORM",
    ADMIN: "ADMIN",
    SWEEPER: "SWEEPER",
  };
  return {
    at: input.eta,
    source: input.etaSource ?? bySource[input.source.kind],
    reason: input.etaReason ?? null,
    precision: input.etaIsNextUpdate ? ("UPDATE" as const) : undefined,
  };
}

/**
 * The rules for an event on an existing payout: the answer and the rows to write. The
 * caller (applyEvents) holds the locks, has checked that the event id is new and the
 * payout's facts, and passes the ETA model (refreshEtaModel).
 */
export function planForPayout(input: ApplyEventInput, payout: PayoutRow, options: PlanOptions): Planned {
  const targetStage = input.stage ?? payout.stage;
  const event = eventSource(input);

  if (input.occurredAt < payout.lastEventAt && !describesNow(input.source)) {
    const stale: EventRow = {
      ...event,
      payoutId: payout.id,
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
      etaReason: null,
      etaPrecision: payout.etaPrecision,
      etaSource: null,
      actionUrl: input.actionUrl ?? null,
    };
    return {
      result: { ok: true, result: "stale", payoutId: payout.id, stageChanged: false },
      write: { kind: "stale", event: stale },
    };
  }

  if (input.onlyIf && !input.onlyIf.test(payout)) {
    return refused({ ok: false, code: "CHANGED", message: input.onlyIf.message });
  }

  const check = checkTransition(payout.stage, targetStage, payout.pausedFrom);
  if (!check.ok) {
    return refused({ ok: false, code: "ILLEGAL_TRANSITION", message: check.reason });
  }

  const stageChanged = targetStage !== payout.stage;
  if (input.delay && (isPaused(targetStage) || isTerminal(targetStage))) {
    return refused({
      ok: false,
      code: "ILLEGAL_TRANSITION",
      message: `A payout that is ${targetStage} cannot be marked delayed: it has no ETA to be late against.`,
    });
  }
  // An admin event may carry a clock older than a (skewed) sender's newest event.
  const occurredAt = new Date(Math.max(input.occurredAt.getTime(), payout.lastEventAt.getTime()));
  const reasonCode = takesReason(targetStage)
    ? input.reasonCode !== undefined
      ? input.reasonCode
      : stageChanged
        ? null
        : payout.reasonCode
    : null;
  const note = input.note !== undefined ? input.note : stageChanged ? null : payout.note;
  const actionUrl = input.actionUrl !== undefined ? input.actionUrl : stageChanged ? null : payout.actionUrl;

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
  const { revised, ...eta } = decideEta({
    before: payout,
    method: payout.method,
    stage: targetStage,
    stageChanged,
    stageEnteredAt,
    at: occurredAt,
    zone: options.customerTimeZone ?? payout.customerTimeZone,
    given: givenEta(input),
    model: options.model,
  });

  const after = {
    stage: targetStage,
    pausedFrom: check.pausedFrom,
    reasonCode,
    note,
    delayed,
    delayReason,
    ...eta,
    etaNotifiedAt: payout.etaNotifiedAt,
    stageEnteredAt,
    // An admin's or the sweeper's remark on the same stage (delay, ETA, note) is not a
    // snapshot of the payout system: it must not make the sender's next event look stale.
    lastEventAt: stageChanged || !describesNow(input.source) ? occurredAt : payout.lastEventAt,
  };
  const notify = input.silent
    ? null
    : notificationFor(
        payout,
        after,
        input.source.kind,
        options.etaThresholdMs ?? env.NOTIFY_ETA_THRESHOLD_MINUTES * 60_000,
        occurredAt,
      );
  if (notify && notify.kind !== "STAGE_CHANGED") {
    after.etaNotifiedAt = occurredAt; // at most one ETA message a day without a stage change
  }
  return {
    result: { ok: true, result: "applied", payoutId: payout.id, stageChanged },
    write: {
      kind: "update",
      id: payout.id,
      customerId: payout.customerId,
      state: after,
      actionUrl,
      destinationLabel: options.destinationLabel,
      event: {
        ...event,
        payoutId: payout.id,
        outcome: "APPLIED",
        fromStage: payout.stage,
        stage: targetStage,
        reasonCode,
        delayed,
        delayReason,
        note,
        occurredAt,
        etaAt: after.etaAt,
        // set only on the event that revised the ETA: the page's history of revisions
        etaReason: revised ? after.etaReason : null,
        etaPrecision: after.etaPrecision,
        etaSource: revised ? after.etaSource : null,
        etaTypicalAt: after.etaTypicalAt,
        actionUrl,
      },
      notify,
    },
  };
}

function refused(result: Extract<ApplyEventResult, { ok: false }>): Planned {
  return { result, write: null };
}

/** Why a new payout cannot start at this stage, or null when it can. */
export function newPayoutRefusal(stage: Stage): Extract<ApplyEventResult, { ok: false }> | null {
  // A paused start: we would not know which stage it returns to.
  return isPaused(stage)
    ? {
        ok: false,
        code: "ILLEGAL_TRANSITION",
        message: `A new payout cannot start ${stage}; send the stage it paused at first.`,
      }
    : null;
}

/** The rules for an event that creates its payout (see planForPayout). */
export function planNewPayout(
  input: ApplyEventInput,
  externalId: string,
  create: ResolvedNewPayout,
  model: EtaModel,
): Planned {
  const stage = input.stage ?? "REQUESTED";
  const refusal = newPayoutRefusal(stage);
  if (refusal) {
    return refused(refusal);
  }
  const reasonCode = takesReason(stage) ? (input.reasonCode ?? null) : null;
  const delayed = !isTerminal(stage) && Boolean(input.delay);
  const delayReason = delayed ? (input.delay?.reasonCode ?? null) : null;
  const eta = decideEta({
    before: null,
    method: create.method,
    stage,
    stageChanged: true,
    stageEnteredAt: input.occurredAt,
    at: input.occurredAt,
    zone: create.customerTimeZone,
    given: givenEta(input),
    model,
  });
  const id = newId();
  const row = {
    id,
    externalId,
    reference: newReference(),
    customerId: create.customerId,
    amountMinor: create.amountMinor,
    currency: create.currency,
    method: create.method,
    destinationLabel: create.destinationLabel,
    stage,
    pausedFrom: null,
    reasonCode,
    note: input.note ?? null,
    delayed,
    delayReason,
    etaAt: eta.etaAt,
    originalEtaAt: eta.originalEtaAt,
    etaReason: eta.etaReason,
    etaPrecision: eta.etaPrecision,
    etaSource: eta.etaSource,
    etaTypicalAt: eta.etaTypicalAt,
    etaNotifiedAt: null,
    stageEnteredAt: input.occurredAt,
    lastEventAt: input.occurredAt,
    actionUrl: input.actionUrl ?? null,
  };
  return {
    result: { ok: true, result: "applied", payoutId: id, stageChanged: true },
    write: {
      kind: "insert",
      payout: row,
      event: {
        ...eventSource(input),
        payoutId: id,
        outcome: "APPLIED",
        fromStage: null,
        stage,
        reasonCode,
        delayed,
        delayReason,
        note: input.note ?? null,
        occurredAt: input.occurredAt,
        etaAt: eta.etaAt,
        etaReason: eta.etaReason,
        etaPrecision: eta.etaPrecision,
        etaSource: eta.etaSource,
        etaTypicalAt: eta.etaTypicalAt,
        actionUrl: row.actionUrl,
      },
      notify: input.silent ? null : notificationFor(null, row, input.source.kind),
    },
  };
}

/** Who sent the event, as the event row records it. */
function eventSource(input: ApplyEventInput): Pick<EventRow, "eventId" | "source" | "actorId"> {
  return {
    eventId: input.eventId,
    source: input.source.kind,
    actorId: input.source.kind === "ADMIN" ? input.source.staffId : null,
  };
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
