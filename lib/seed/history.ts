import { decideEta, type EtaState } from "../eta/decide";
import type { EtaModel } from "../eta/durations";
import { estimate, estimateCompletion, type PayoutMethod } from "../eta/estimate";
import { currentEtaModel } from "../eta/model-cache";
import {
  checkTransition,
  HAPPY_PATH,
  type HappyStage,
  happyIndex,
  isPaused,
  isTerminal,
  type ReasonCode,
  type Stage,
} from "../payouts/stages";
import type { Rng } from "./random";

export type PauseStage = "ACTION_REQUIRED" | "ON_HOLD";

/** What a payout looks like now; planHistory() invents the events that led there. */
export interface Target {
  stage: Stage;
  /** ACTION_REQUIRED / ON_HOLD: the happy-path stage it paused at (at most PROCESSING) */
  pausedFrom?: HappyStage;
  /** FAILED / CANCELED: the happy-path stage it was at before */
  from?: HappyStage;
  /** paused, failed or returned: why */
  reasonCode?: ReasonCode;
  /** open payouts only: flagged delayed with this reason after the ETA passed */
  delayReason?: ReasonCode;
  /** FAILED / CANCELED: it was paused at `from` first (e.g. the customer never acted) */
  via?: { stage: PauseStage; reasonCode: ReasonCode };
  /** an earlier pause that was resolved: the payout resumed and went on */
  detour?: { stage: PauseStage; reasonCode: ReasonCode };
}

export interface PlannedEvent {
  fromStage: Stage | null;
  stage: Stage;
  reasonCode: ReasonCode | null;
  delayed: boolean;
  delayReason: ReasonCode | null;
  occurredAt: Date;
  recordedAt: Date;
  /** the payout's ETA right after this event */
  etaAt: Date | null;
  /** set on the events that revised the ETA */
  etaReason: ReasonCode | null;
  etaPrecision: EtaState["etaPrecision"];
  etaSource: EtaState["etaSource"];
  /** the "usually arrives" time after this event (the model's own promises) */
  etaTypicalAt?: Date | null;
}

/** The payout columns that follow from its history, as applyEvent() would have left them. */
export interface PlannedHistory {
  stage: Stage;
  pausedFrom: HappyStage | null;
  reasonCode: ReasonCode | null;
  delayed: boolean;
  delayReason: ReasonCode | null;
  eta: EtaState;
  etaAt: Date | null;
  originalEtaAt: Date | null;
  stageEnteredAt: Date;
  lastEventAt: Date;
  createdAt: Date;
  events: PlannedEvent[];
}

export interface PlanOptions {
  method: PayoutMethod;
  target: Target;
  now: Date;
  rng: Rng;
  /** when the current stage was entered; default: a time that fits the target */
  stageEnteredAt?: Date;
  /** the customer's zone: ETAs are stated in it */
  timeZone?: string;
  /** default: this process's ETA model */
  model?: EtaModel;
}

interface Step {
  stage: Stage;
  reasonCode: ReasonCode | null;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Payouts are created over the last ~30 days. */
const WINDOW = 30 * DAY;
const LAST_PAUSABLE = happyIndex("PROCESSING");

/**
 * Invents a history for a payout that is at `target` now: events that walk the
 * happy path from REQUESTED (skipping a stage now and then), with times and
 * ETAs as applyEvent() would have recorded them. Every step is checked against
 * the stage machine, so a planning bug throws instead of writing bad data.
 */
export function planHistory(options: PlanOptions): PlannedHistory {
  const { method, target, now, rng, stageEnteredAt } = options;
  const zone = options.timeZone ?? "UTC";
  const model = options.model ?? currentEtaModel();
  const steps = planSteps(rng, target);
  const offsets = [0];
  for (let i = 1; i < steps.length; i++) {
    offsets.push((offsets[i - 1] ?? 0) + gapMs(rng, method, at(steps, i - 1), at(steps, i)));
  }
  const span = offsets.at(-1) ?? 0;
  const delayed = target.delayReason !== undefined && !isTerminal(target.stage) && !isPaused(target.stage);
  const entered = stageEnteredAt ?? chooseStageEnteredAt(rng, method, target.stage, delayed, span, now, zone, model);

  const events: PlannedEvent[] = [];
  let current: Stage | null = null;
  let pausedFrom: HappyStage | null = null;
  let eta: EtaState | null = null;
  // The ETA after each event, decided by the product's own rules (lib/eta/decide.ts).
  const etaAfter = (
    stage: Stage,
    at: Date,
    stageChanged: boolean,
    given?: Parameters<typeof decideEta>[0]["given"],
  ) => {
    const decided = decideEta({
      before: eta && current ? { ...eta, stage: current } : null,
      method,
      stage,
      stageChanged,
      stageEnteredAt: at,
      at,
      zone,
      given,
      model,
    });
    const { revised, ...state } = decided;
    eta = state;
    return {
      etaAt: state.etaAt,
      etaReason: revised ? state.etaReason : null,
      etaPrecision: state.etaPrecision,
      etaSource: revised ? state.etaSource : null,
      etaTypicalAt: state.etaTypicalAt,
    };
  };
  for (const [i, step] of steps.entries()) {
    if (current !== null) {
      const check = checkTransition(current, step.stage, pausedFrom);
      if (!check.ok) {
        throw new Error(`The seed planned an illegal transition: ${check.reason}`);
      }
      pausedFrom = check.pausedFrom;
    }
    const occurredAt = new Date(entered.getTime() - span + (offsets[i] ?? 0));
    const etaFields = etaAfter(step.stage, occurredAt, true);
    events.push({ ...event(rng, now, current, step, occurredAt), ...etaFields });
    current = step.stage;
  }

  const entering = events.at(-1);
  if (!entering) {
    throw new Error("planSteps() returned no steps");
  }
  if (delayed && target.delayReason) {
    // The ETA sweeper re-estimates a payout within a minute of its ETA passing and flags it
    // delayed; the stage stays. It does so again each time the new ETA passes, until the ETA
    // lies ahead — exactly what lib/eta/sweeper.ts does, so a fresh start shows no past ETA.
    const step = { stage: entering.stage, reasonCode: null };
    let passed = entering.etaAt ?? entered;
    for (let sweeps = 0; passed.getTime() <= now.getTime() && sweeps < 20; sweeps++) {
      // Each sweep comes after the event before it (a re-estimate capped at `now − 1 min`
      // must not repeat or precede the previous sweep's time).
      const previousAt = events.at(-1)?.occurredAt.getTime() ?? entering.occurredAt.getTime();
      const flaggedAt = new Date(
        Math.max(
          Math.min(passed.getTime() + rng.int(1, 59) * 1000, now.getTime() - MINUTE),
          entering.occurredAt.getTime() + MINUTE,
          previousAt + 1000,
        ),
      );
      const fresh = estimate({ method, stage: entering.stage, enteredAt: entering.occurredAt, now: flaggedAt, model });
      const etaFields = etaAfter(entering.stage, flaggedAt, false, {
        at: fresh?.at ?? new Date(flaggedAt.getTime() + DAY),
        source: "SWEEPER",
        reason: target.delayReason,
        precision: fresh?.basis === false ? "UPDATE" : undefined,
      });
      events.push({
        ...event(rng, now, entering.stage, step, flaggedAt),
        ...etaFields,
        delayed: true,
        delayReason: target.delayReason,
      });
      passed = etaFields.etaAt ?? now;
    }
  }

  const first = events[0] ?? entering;
  const last = events.at(-1) ?? entering;
  const finalEta: EtaState = eta ?? {
    etaAt: null,
    originalEtaAt: null,
    etaReason: null,
    etaPrecision: null,
    etaSource: null,
    etaTypicalAt: null,
  };
  return {
    stage: last.stage,
    pausedFrom,
    reasonCode: last.reasonCode,
    delayed: last.delayed,
    delayReason: last.delayReason,
    eta: finalEta,
    etaAt: finalEta.etaAt,
    originalEtaAt: finalEta.originalEtaAt ?? first.etaAt,
    stageEnteredAt: entering.occurredAt,
    lastEventAt: last.occurredAt,
    createdAt: first.occurredAt,
    events,
  };
}

function at(steps: Step[], i: number): Step {
  const step = steps[i];
  if (!step) {
    throw new Error(`no step ${i}`);
  }
  return step;
}

function event(
  rng: Rng,
  now: Date,
  from: Stage | null,
  step: Step,
  occurredAt: Date,
): Omit<PlannedEvent, "etaAt" | "etaReason" | "etaPrecision" | "etaSource"> {
  return {
    fromStage: from,
    stage: step.stage,
    reasonCode: step.reasonCode,
    delayed: false,
    delayReason: null,
    occurredAt,
    // The ingest API stores an event a moment after it happened.
    recordedAt: new Date(Math.min(occurredAt.getTime() + rng.int(150, 4_000), now.getTime())),
  };
}

/** The stages the payout went through, in order, with the reason where one applies. */
function planSteps(rng: Rng, target: Target): Step[] {
  const stage = target.stage;
  const reason = target.reasonCode ?? "OTHER";
  let walk: HappyStage[];
  let tail: Step[] = [];
  if (happyIndex(stage) >= 0) {
    walk = happyWalk(rng, stage as HappyStage);
  } else if (isPaused(stage)) {
    walk = happyWalk(rng, target.pausedFrom ?? "VERIFYING");
    tail = [{ stage, reasonCode: reason }];
  } else if (stage === "RETURNED") {
    walk = happyWalk(rng, "SENT");
    tail = [{ stage, reasonCode: reason }];
  } else {
    // FAILED or CANCELED
    walk = happyWalk(rng, target.from ?? "PROCESSING");
    const via = target.via && happyIndex(walk.at(-1) ?? "REQUESTED") <= LAST_PAUSABLE ? [target.via] : [];
    tail = [...via, { stage, reasonCode: stage === "FAILED" ? reason : null }];
  }

  const steps: Step[] = walk.map((s) => ({ stage: s, reasonCode: null }));
  if (target.detour) {
    // Pause after a stage that may pause and has a later step to resume at.
    const candidates = walk.flatMap((s, i) => (i < walk.length - 1 && happyIndex(s) <= LAST_PAUSABLE ? [i] : []));
    if (candidates.length > 0) {
      steps.splice(rng.pick(candidates) + 1, 0, target.detour);
    }
  }
  return [...steps, ...tail];
}

/** REQUESTED … `to` along the happy path; the payout system skips a stage now and then. */
function happyWalk(rng: Rng, to: HappyStage): HappyStage[] {
  const end = happyIndex(to);
  const walk: HappyStage[] = ["REQUESTED"];
  for (let i = 1; i < end; i++) {
    const stage = HAPPY_PATH[i];
    if (stage && rng.chance(stage === "SENT" ? 0.95 : 0.85)) {
      walk.push(stage);
    }
  }
  if (end > 0) {
    walk.push(to);
  }
  return walk;
}

/** Business hours from entering `stage` to completion, per the ETA table (counted from a Monday). */
function remainingHours(method: PayoutMethod, stage: Stage): number {
  const monday = new Date("2026-01-05T00:00:00Z");
  const eta = estimateCompletion(method, stage, monday, currentEtaModel());
  return eta ? (eta.getTime() - monday.getTime()) / HOUR : 0;
}

/** How long the payout stayed at `from` before `to` happened. */
function gapMs(rng: Rng, method: PayoutMethod, from: Step, to: Step): number {
  let hours: number;
  if (isPaused(from.stage)) {
    hours = rng.float(2, 60); // someone has to act: the customer or compliance
  } else if (to.stage === "RETURNED") {
    hours = rng.float(24, 120); // the bank sends it back days later
  } else if (happyIndex(to.stage) > happyIndex(from.stage)) {
    // the expected time of `from` and of any stage skipped on the way
    // (never negative: a promise of the whole remaining time is not a sum of stage promises,
    // so from an earlier stage it can be shorter, e.g. when the intake runs in the night)
    hours = Math.max(0, remainingHours(method, from.stage) - remainingHours(method, to.stage)) * rng.float(0.4, 1.3);
  } else {
    // interrupted part-way (paused, failed, canceled)
    hours = remainingHours(method, from.stage) * rng.float(0.05, 0.3);
  }
  return Math.round(hours * HOUR) + rng.int(1, 25) * MINUTE + rng.int(0, 59_999);
}

/** When the payout entered its current stage, so that its ETA and age look right today. */
function chooseStageEnteredAt(
  rng: Rng,
  method: PayoutMethod,
  stage: Stage,
  delayed: boolean,
  span: number,
  now: Date,
  zone: string,
  model: EtaModel,
): Date {
  const t = now.getTime();
  if (isTerminal(stage)) {
    const earliestStart = t - WINDOW;
    const latestStart = t - span - 10 * MINUTE;
    const start = Math.min(latestStart, earliestStart + rng.float(0, Math.max(0, latestStart - earliestStart)));
    return new Date(start + span);
  }
  if (isPaused(stage)) {
    return new Date(t - rng.float(0.5, 6 * 24) * HOUR);
  }
  const remaining = remainingHours(method, stage);
  // The ETA promised on entering the stage (as the product states it to this customer).
  const promised = (entered: number) => {
    const at = new Date(entered);
    return decideEta({ before: null, method, stage, stageChanged: true, stageEnteredAt: at, at, zone, model }).etaAt;
  };
  if (!delayed) {
    // Part of the expected time has passed, but the promise made on entry still lies ahead
    // (by more than a sweep), or the ETA sweeper would re-estimate the payout at once.
    let entered = t - Math.max(MINUTE, remaining * rng.float(0.05, 0.8) * HOUR);
    for (let tries = 0; tries < 20; tries++) {
      const eta = promised(entered);
      if (!eta || eta.getTime() > t + 31 * MINUTE) {
        break;
      }
      entered = t - (t - entered) / 2;
    }
    return new Date(entered);
  }
  // Overdue: entered long enough ago that the promised ETA has passed (weekends push it out).
  let entered = t - remaining * rng.float(1.2, 2.5) * HOUR - rng.float(0, 36) * HOUR;
  for (;;) {
    const eta = promised(entered);
    if (!eta || eta.getTime() < t - 31 * MINUTE) {
      return new Date(entered);
    }
    entered -= 12 * HOUR;
  }
}
