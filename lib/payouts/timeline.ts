import { HAPPY_PATH, type HappyStage, happyIndex, isPaused, type Stage } from "./stages";

export type StepState = "done" | "current" | "upcoming" | "unreached";

export interface TimelineStep {
  stage: Stage;
  state: StepState;
  /** when the payout entered this stage, if it did */
  at: Date | null;
  /** for an upcoming stage: when the payout is expected to reach it */
  expectedAt?: Date | null;
}

export interface TimelineEvent {
  stage: Stage;
  fromStage: Stage | null;
  occurredAt: Date;
}

/**
 * The customer's timeline: every happy-path stage as done, current or upcoming,
 * with an off-path stage (action required, on hold, failed, returned, canceled)
 * shown where it happened. `events` are the applied events, oldest first.
 */
export function buildTimeline(stage: Stage, pausedFrom: HappyStage | null, events: TimelineEvent[]): TimelineStep[] {
  const entered = new Map<Stage, Date>();
  for (const event of events) {
    if (event.stage !== event.fromStage) {
      entered.set(event.stage, event.occurredAt); // the latest entry counts
    }
  }
  const at = (s: Stage) => entered.get(s) ?? null;

  if (happyIndex(stage) >= 0) {
    const current = happyIndex(stage);
    return HAPPY_PATH.map((s, i) => ({
      stage: s,
      state: i < current || stage === "COMPLETED" ? "done" : i === current ? "current" : "upcoming",
      at: i <= current ? at(s) : null,
    }));
  }

  // Off the happy path. The off-path step stands where the payout left the path: before
  // the stage it was at (which it has not finished, and a paused one resumes at), except
  // that a request is always made and a returned payout was really sent.
  const base = isPaused(stage) ? pausedFrom : lastHappyStage(events);
  const baseIndex = base ? happyIndex(base) : 0;
  const splitAt = stage === "RETURNED" ? baseIndex + 1 : Math.max(baseIndex, 1);
  const later: StepState = isPaused(stage) ? "upcoming" : "unreached";
  return [
    ...HAPPY_PATH.slice(0, splitAt).map((s) => ({ stage: s, state: "done" as const, at: at(s) })),
    { stage, state: "current" as const, at: at(stage) },
    ...HAPPY_PATH.slice(splitAt).map((s) => ({ stage: s, state: later, at: null })),
  ];
}

function lastHappyStage(events: TimelineEvent[]): HappyStage | null {
  let best: HappyStage | null = null;
  for (const event of events) {
    for (const s of [event.fromStage, event.stage]) {
      if (s && happyIndex(s) >= 0 && (best === null || happyIndex(s) > happyIndex(best))) {
        best = s as HappyStage;
      }
    }
  }
  return best;
}

/**
 * Adds each upcoming stage's expected time (from lib/eta's per-stage estimate) to the
 * timeline, made consistent with the ETA the customer is shown: when that ETA is later
 * (a delay, an admin's revision, an incident notice), every remaining stage moves by the
 * same amount; when it is earlier, no stage is expected after it. COMPLETED is expected at
 * the ETA itself.
 */
export function withExpectedTimes(
  steps: TimelineStep[],
  estimates: { stage: Stage; at: Date }[] | null,
  etaAt: Date | null,
): TimelineStep[] {
  const last = estimates?.at(-1)?.at;
  if (!estimates || !last || !etaAt) {
    return steps;
  }
  const shift = Math.max(0, etaAt.getTime() - last.getTime());
  const expected = new Map(
    estimates.map((e) => [e.stage, new Date(Math.min(e.at.getTime() + shift, etaAt.getTime()))]),
  );
  expected.set("COMPLETED", etaAt);
  return steps.map((step) =>
    step.state === "upcoming" && expected.has(step.stage)
      ? { ...step, expectedAt: expected.get(step.stage) ?? null }
      : step,
  );
}
