import { TZDate } from "@date-fns/tz";
import type { HappyStage, Stage } from "../payouts/stages";
import { HAPPY_PATH, isPaused, isTerminal } from "../payouts/stages";
import { type EtaModel, type PayoutMethod, TIMED_STAGES, type TimedStage } from "./durations";
import { fromQuantiles, type LogNormal, mean, remainderAfter, sumQuantile } from "./lognormal";
import { addWorkingHours, type Calendar, nextOpen, type WorkingCalendar, workingHoursBetween } from "./working-time";

export { PAYOUT_METHODS, type PayoutMethod } from "./durations";

const WEEKDAYS = [1, 2, 3, 4, 5];

/**
 * Where a rail's money moves: its banking days, hours and zone (null: around the clock),
 * and its daily cut-off for submissions. SEPA settles on TARGET2 days, ACH on the Federal
 * Reserve's, SWIFT on London business days; Faster Payments, cards, PayPal and wallets run
 * around the clock.
 */
export const RAILS: Record<
  PayoutMethod,
  { calendar: WorkingCalendar | null; cutoff: { hour: number; minute: number } | null }
> = {
  SEPA: {
    calendar: { zone: "Europe/Berlin", days: WEEKDAYS, startMinute: 7 * 60, endMinute: 18 * 60, holidays: "EU" },
    cutoff: { hour: 15, minute: 0 },
  },
  SWIFT: {
    calendar: { zone: "Europe/London", days: WEEKDAYS, startMinute: 8 * 60, endMinute: 18 * 60, holidays: "GB" },
    cutoff: { hour: 14, minute: 0 },
  },
  ACH: {
    calendar: { zone: "America/New_York", days: WEEKDAYS, startMinute: 8 * 60, endMinute: 18 * 60, holidays: "US" },
    cutoff: { hour: 16, minute: 0 },
  },
  FASTER_PAYMENTS: { calendar: null, cutoff: null },
  CARD: { calendar: null, cutoff: null },
  PAYPAL: { calendar: null, cutoff: null },
  WALLET: { calendar: null, cutoff: null },
};

const REVIEW_STAGES: ReadonlySet<TimedStage> = new Set(["VERIFYING", "UNDER_REVIEW", "APPROVED"]);
const BANK_STAGES: ReadonlySet<TimedStage> = new Set(["PROCESSING", "SENT"]);

/**
 * The clock a stage's time runs on: review stages in the operations team's working hours,
 * bank stages on the rail's banking days, REQUESTED (automatic intake) around the clock.
 */
export function stageCalendar(method: PayoutMethod, stage: TimedStage, ops: WorkingCalendar): Calendar {
  if (REVIEW_STAGES.has(stage)) {
    return ops;
  }
  if (BANK_STAGES.has(stage)) {
    return RAILS[method].calendar;
  }
  return null;
}

/**
 * When a submission made at `at` is taken by the rail: `at` itself before the cut-off on
 * an open day, else the start of the next open day in the rail's zone.
 */
export function afterCutoff(method: PayoutMethod, at: Date): Date {
  const { calendar, cutoff } = RAILS[method];
  if (!calendar || !cutoff) {
    return at;
  }
  const open = nextOpen(calendar, at);
  const local = new TZDate(open.getTime(), calendar.zone);
  const deadline = new TZDate(
    local.getFullYear(),
    local.getMonth(),
    local.getDate(),
    cutoff.hour,
    cutoff.minute,
    0,
    calendar.zone,
  );
  if (open.getTime() <= deadline.getTime()) {
    return open;
  }
  const tomorrow = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + 1, 0, 0, 0, calendar.zone);
  return nextOpen(calendar, new Date(tomorrow.getTime()));
}

export interface StageEstimate {
  /** the stage the payout is expected to reach */
  stage: HappyStage;
  /** when, at the promised pace */
  at: Date;
}

export interface Estimate {
  /** the promised quantile of completion (not yet rounded: lib/eta/promise.ts) */
  at: Date;
  /** the median completion: "usually arrives …" */
  typical: Date;
  /** every later happy-path stage, COMPLETED last, at the promised pace */
  stages: StageEstimate[];
  /**
   * false when the current stage has outrun nearly all of its history: `at` is then only
   * the time of the next update, not a promise of completion
   */
  basis: boolean;
}

export interface EstimateInput {
  method: PayoutMethod;
  stage: Stage;
  /** when the payout entered its current stage */
  enteredAt: Date;
  /** the moment of the estimate (default enteredAt): the time already spent in the stage counts */
  now?: Date;
  /** durations, calendars and quantiles: passed in, the planner reads no process state */
  model: EtaModel;
  /** the quantile promised (default: the model's for the method) */
  quantile?: number;
}

/**
 * When a payout will be complete, as a promise: the q-quantile of its remaining working
 * time (the current stage conditioned on the time it has already taken, later stages from
 * their learned distributions), spread over the stages in proportion to their expected
 * times and walked through each stage's own calendar, with the rail's cut-off before
 * PROCESSING. Null for terminal and paused payouts: a paused one waits on someone.
 */
export function estimate(input: EstimateInput): Estimate | null {
  const { method, stage, enteredAt } = input;
  if (isTerminal(stage) || isPaused(stage) || stage === "COMPLETED") {
    return null;
  }
  const { model } = input;
  const q = input.quantile ?? model.quantiles[method];
  const now = new Date(Math.max((input.now ?? enteredAt).getTime(), enteredAt.getTime()));
  const path = HAPPY_PATH.slice(HAPPY_PATH.indexOf(stage as HappyStage)) as HappyStage[];
  const timed = path.filter((s): s is TimedStage => (TIMED_STAGES as readonly string[]).includes(s));

  // The current stage: its clock starts at entry (after the cut-off for a bank submission).
  const current = timed[0] as TimedStage;
  const currentCal = stageCalendar(method, current, model.ops);
  const started = current === "PROCESSING" ? afterCutoff(method, enteredAt) : enteredAt;
  const elapsed = workingHoursBetween(currentCal, started, now);
  const own = model.durations[method][current];
  const remainder = remainderAfter(fromQuantiles(own.p50, own.p90), elapsed);
  const basis = remainder !== null;
  // No basis: the stage is treated as starting over, for the time of the next update.
  const parts: LogNormal[] = [remainder ?? fromQuantiles(own.p50, own.p90)];
  for (const s of timed.slice(1)) {
    const d = model.durations[method][s];
    parts.push(fromQuantiles(d.p50, d.p90));
  }

  const walk = (target: number): StageEstimate[] => {
    const { quantile, mean: total } = sumQuantile(parts, target);
    const scale = total > 0 ? quantile / total : 1;
    const out: StageEstimate[] = [];
    let cursor = new Date(Math.max(now.getTime(), started.getTime()));
    for (const [i, s] of timed.entries()) {
      if (s === "PROCESSING" && i > 0) {
        cursor = afterCutoff(method, cursor);
      }
      const part = parts[i] as LogNormal;
      cursor = addWorkingHours(stageCalendar(method, s, model.ops), cursor, mean(part) * scale);
      out.push({ stage: path[i + 1] as HappyStage, at: cursor });
    }
    return out;
  };
  const stages = walk(q);
  const typical = walk(0.5).at(-1)?.at ?? now;
  return { at: stages.at(-1)?.at ?? now, typical, stages, basis };
}

/** The promised completion time of a payout that entered `stage` at `enteredAt` (see estimate). */
export function estimateCompletion(
  method: PayoutMethod,
  stage: Stage,
  enteredAt: Date,
  model: EtaModel,
  now: Date = enteredAt,
): Date | null {
  return estimate({ method, stage, enteredAt, now, model })?.at ?? null;
}

/**
 * The new ETA when someone flags a payout delayed without naming one: the slow end of what
 * remains (95th percentile from now, conditioned on the time the stage has taken), and at
 * least a typical visit of the current stage later than the ETA shown — a delay that does
 * not move the promise would tell the customer nothing.
 */
export function delayedEstimate(
  payout: { method: PayoutMethod; stage: Stage; stageEnteredAt: Date; etaAt: Date },
  now: Date,
  model: EtaModel,
): Date | null {
  const slow = estimate({ ...payout, enteredAt: payout.stageEnteredAt, now, model, quantile: 0.95 });
  if (!slow || !(TIMED_STAGES as readonly string[]).includes(payout.stage)) {
    return null;
  }
  const stage = payout.stage as TimedStage;
  const later = addWorkingHours(
    stageCalendar(payout.method, stage, model.ops),
    payout.etaAt,
    model.durations[payout.method][stage].p50,
  );
  return new Date(Math.max(slow.at.getTime(), later.getTime()));
}
