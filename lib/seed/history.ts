import { estimateCompletion, type PayoutMethod, stageDeadline } from "../eta/estimate";
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
}

/** The payout columns that follow from its history, as applyEvent() would have left them. */
export interface PlannedHistory {
  stage: Stage;
  pausedFrom: HappyStage | null;
  reasonCode: ReasonCode | null;
  delayed: boolean;
  delayReason: ReasonCode | null;
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
export function planHistory({ method, target, now, rng, stageEnteredAt }: PlanOptions): PlannedHistory {
  const steps = planSteps(rng, target);
  const offsets = [0];
  for (let i = 1; i < steps.length; i++) {
    offsets.push((offsets[i - 1] ?? 0) + gapMs(rng, method, at(steps, i - 1), at(steps, i)));
  }
  const span = offsets.at(-1) ?? 0;
  const delayed = target.delayReason !== undefined && !isTerminal(target.stage) && !isPaused(target.stage);
  const entered = stageEnteredAt ?? chooseStageEnteredAt(rng, method, target.stage, delayed, span, now);

  const events: PlannedEvent[] = [];
  let current: Stage | null = null;
  let pausedFrom: HappyStage | null = null;
  for (const [i, step] of steps.entries()) {
    if (current !== null) {
      const check = checkTransition(current, step.stage, pausedFrom);
      if (!check.ok) {
        throw new Error(`The seed planned an illegal transition: ${check.reason}`);
      }
      pausedFrom = check.pausedFrom;
    }
    const occurredAt = new Date(entered.getTime() - span + (offsets[i] ?? 0));
    events.push(event(rng, now, current, step, occurredAt, estimateCompletion(method, step.stage, occurredAt)));
    current = step.stage;
  }

  const entering = events.at(-1);
  if (!entering) {
    throw new Error("planSteps() returned no steps");
  }
  if (delayed && target.delayReason) {
    // The ETA sweeper flags a payout a few minutes after its ETA has passed; the stage stays.
    const eta = entering.etaAt ?? entered;
    const flaggedAt = new Date(
      Math.max(
        Math.min(eta.getTime() + rng.int(1, 30) * MINUTE, now.getTime() - MINUTE),
        entering.occurredAt.getTime() + MINUTE,
      ),
    );
    const step = { stage: entering.stage, reasonCode: null };
    events.push({
      ...event(rng, now, entering.stage, step, flaggedAt, entering.etaAt),
      delayed: true,
      delayReason: target.delayReason,
    });
  }

  const first = events[0] ?? entering;
  const last = events.at(-1) ?? entering;
  return {
    stage: last.stage,
    pausedFrom,
    reasonCode: last.reasonCode,
    delayed: last.delayed,
    delayReason: last.delayReason,
    etaAt: last.etaAt,
    originalEtaAt: first.etaAt,
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
  etaAt: Date | null,
): PlannedEvent {
  return {
    fromStage: from,
    stage: step.stage,
    reasonCode: step.reasonCode,
    delayed: false,
    delayReason: null,
    occurredAt,
    // The ingest API stores an event a moment after it happened.
    recordedAt: new Date(Math.min(occurredAt.getTime() + rng.int(150, 4_000), now.getTime())),
    etaAt,
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
  const eta = estimateCompletion(method, stage, monday);
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
    hours = (remainingHours(method, from.stage) - remainingHours(method, to.stage)) * rng.float(0.4, 1.3);
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
  if (!delayed) {
    // Part of the expected time has passed; business hours run no faster than the clock,
    // so the ETA is still ahead. The stage's own limit must not have passed either, or the
    // delay sweeper would flag the payout at once.
    let entered = t - Math.max(MINUTE, remaining * rng.float(0.05, 0.8) * HOUR);
    for (let tries = 0; tries < 20; tries++) {
      const deadline = stageDeadline(method, stage, new Date(entered));
      if (!deadline || deadline.getTime() > t + 31 * MINUTE) {
        break;
      }
      entered = t - (t - entered) / 2;
    }
    return new Date(entered);
  }
  // Overdue: entered long enough ago that the ETA has passed (weekends push it out).
  let entered = t - remaining * rng.float(1.2, 2.5) * HOUR - rng.float(0, 36) * HOUR;
  for (;;) {
    const eta = estimateCompletion(method, stage, new Date(entered));
    if (!eta || eta.getTime() < t - 31 * MINUTE) {
      return new Date(entered);
    }
    entered -= 12 * HOUR;
  }
}
