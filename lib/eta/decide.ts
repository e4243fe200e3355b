import type { EtaSource, PayoutState } from "../payouts/payout-sql";
import { isPaused, isTerminal, type ReasonCode, type Stage } from "../payouts/stages";
import type { EtaModel, PayoutMethod } from "./durations";
import { estimate } from "./estimate";
import { type EtaPromise, promiseFor, samePromise } from "./promise";

/** The ETA columns of a payout. */
export type EtaState = Pick<
  PayoutState,
  "etaAt" | "originalEtaAt" | "etaReason" | "etaPrecision" | "etaSource" | "etaTypicalAt"
>;

export interface EtaDecisionInput {
  /** the payout before the event; null for a new payout */
  before: (EtaState & { stage: Stage }) | null;
  method: PayoutMethod;
  /** the stage after the event */
  stage: Stage;
  stageChanged: boolean;
  stageEnteredAt: Date;
  /** the moment of the event: promises are made from it */
  at: Date;
  /** the customer's zone: the precision of a promise is read in it */
  zone: string;
  /** an ETA given with the event (the platform's, an admin's, the sweeper's, a notice's) */
  given?: { at: Date; source: EtaSource; reason: ReasonCode | null; precision?: "UPDATE" };
  model: EtaModel;
}

/**
 * The ETA a payout shows after an event, and whether the event revised it. A revision
 * exists only when the shown promise changes (its instant or how it is stated); an estimate
 * that rounds to the same promise keeps the earlier one with its reason and source.
 * - terminal and paused stages have no ETA (a pause keeps none: someone must act first);
 * - an ETA given with the event is shown as given, rounded later to an honest precision;
 * - a stage change (or a resume) gets the model's promise from that moment;
 * - otherwise the ETA stays.
 */
export function decideEta(input: EtaDecisionInput): EtaState & { revised: boolean } {
  const { before, stage, at, zone } = input;
  const kept: EtaState = {
    etaAt: before?.etaAt ?? null,
    originalEtaAt: before?.originalEtaAt ?? null,
    etaReason: before?.etaReason ?? null,
    etaPrecision: before?.etaPrecision ?? null,
    etaSource: before?.etaSource ?? null,
    etaTypicalAt: before?.etaTypicalAt ?? null,
  };
  if (isTerminal(stage) || isPaused(stage)) {
    if (!input.stageChanged) {
      return { ...kept, revised: false };
    }
    return {
      ...kept,
      etaAt: null,
      etaReason: null,
      etaPrecision: null,
      etaSource: null,
      etaTypicalAt: null,
      revised: false,
    };
  }
  let next: { promise: EtaPromise; source: EtaSource; reason: ReasonCode | null; typical: Date | null } | null = null;
  if (input.given) {
    const rounded = promiseFor(input.given.at, at, zone);
    next = {
      promise: input.given.precision ? { at: rounded.at, precision: input.given.precision } : rounded,
      source: input.given.source,
      reason: input.given.reason,
      typical: null,
    };
  } else if (input.stageChanged || before === null || before.etaAt === null) {
    const e = estimate({ method: input.method, stage, enteredAt: input.stageEnteredAt, now: at, model: input.model });
    if (e) {
      next = { promise: promiseFor(e.at, at, zone), source: "MODEL", reason: null, typical: e.typical };
    }
  }
  if (next === null) {
    return { ...kept, revised: false };
  }
  const current: EtaPromise | null =
    before?.etaAt && before.etaPrecision ? { at: before.etaAt, precision: before.etaPrecision } : null;
  if (samePromise(current, next.promise) || wobble(current, next.promise, next.source, at)) {
    return { ...kept, revised: false };
  }
  return {
    etaAt: next.promise.at,
    originalEtaAt: before?.originalEtaAt ?? next.promise.at,
    etaReason: next.reason,
    etaPrecision: next.promise.precision,
    etaSource: next.source,
    etaTypicalAt: next.typical,
    revised: true,
  };
}

/** A model's new time this much earlier than a time still ahead is noise, not news. */
export const WOBBLE_MS = 2 * 3_600_000;

/**
 * The model's new promise at a stage change is a little earlier than the time still shown:
 * the customer keeps the promise they have (a half-hour shift reads as the estimate being
 * unsure of itself, and the earlier time has less margin). Later promises, dates, and what
 * the platform, an admin, a notice or the sweeper give always count.
 */
function wobble(current: EtaPromise | null, next: EtaPromise, source: EtaSource, at: Date): boolean {
  return (
    source === "MODEL" &&
    current !== null &&
    current.precision === "TIME" &&
    next.precision === "TIME" &&
    current.at.getTime() > at.getTime() &&
    next.at.getTime() < current.at.getTime() &&
    current.at.getTime() - next.at.getTime() < WOBBLE_MS
  );
}
