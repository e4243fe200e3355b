/**
 * The payout stage machine (see shared/ARCHITECTURE.md, "Stages").
 * Pure: no database, no framework. Stage values match the Prisma enum.
 */
export const HAPPY_PATH = [
  "REQUESTED",
  "VERIFYING",
  "UNDER_REVIEW",
  "APPROVED",
  "PROCESSING",
  "SENT",
  "COMPLETED",
] as const;
export const PAUSE_STAGES = ["ACTION_REQUIRED", "ON_HOLD"] as const;
export const TERMINAL_STAGES = ["COMPLETED", "FAILED", "RETURNED", "CANCELED"] as const;
export const STAGES = [...HAPPY_PATH, ...PAUSE_STAGES, "FAILED", "RETURNED", "CANCELED"] as const;

export type Stage = (typeof STAGES)[number];
export type HappyStage = (typeof HAPPY_PATH)[number];

export const REASON_CODES = [
  "VERIFICATION_INCOMPLETE",
  "COMPLIANCE_REVIEW",
  "FRAUD_SCREENING",
  "INSUFFICIENT_FUNDS",
  "TECHNICAL_ERROR",
  "BANK_HOLIDAY",
  "HIGH_VOLUME",
  "BANK_REJECTED",
  "INVALID_ACCOUNT",
  /** set by the delay sweeper: the stage outlived its limit or the ETA passed */
  "TAKING_LONGER",
  "OTHER",
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export function isReasonCode(value: string): value is ReasonCode {
  return (REASON_CODES as readonly string[]).includes(value);
}

export function isTerminal(stage: Stage): boolean {
  return (TERMINAL_STAGES as readonly Stage[]).includes(stage);
}

export function isPaused(stage: Stage): boolean {
  return (PAUSE_STAGES as readonly Stage[]).includes(stage);
}

/**
 * A stage that carries a reason the customer reads: paused, failed or returned (CANCELED
 * has none). The stopped payouts: guidance, priority in the support queue, the reason kept.
 */
export function takesReason(stage: Stage): boolean {
  return isPaused(stage) || stage === "FAILED" || stage === "RETURNED";
}

export function happyIndex(stage: Stage): number {
  return (HAPPY_PATH as readonly Stage[]).indexOf(stage);
}

/** Once SENT, the money is with the bank network: it can no longer be paused or canceled. */
const LAST_PAUSABLE = happyIndex("PROCESSING");

export type TransitionCheck = { ok: true; pausedFrom: HappyStage | null } | { ok: false; reason: string };

/**
 * May a payout at `from` (paused from `pausedFrom`, if paused) move to `to`?
 * Events are snapshots, so forward skips along the happy path are allowed
 * (REQUESTED → PROCESSING); moving backwards never is. Staying at the same
 * stage is allowed (an update of delay, reason or note).
 * On success, returns the paused-from stage the payout has afterwards.
 */
export function checkTransition(from: Stage, to: Stage, pausedFrom: HappyStage | null): TransitionCheck {
  if (from === to) {
    return { ok: true, pausedFrom: isPaused(from) ? pausedFrom : null };
  }
  if (isTerminal(from)) {
    return { ok: false, reason: `${from} is final: a payout cannot move from ${from} to ${to}.` };
  }
  // The happy-path stage the payout is effectively at (a paused payout: where it paused).
  const base: HappyStage | null = isPaused(from) ? pausedFrom : (from as HappyStage);
  const baseIndex = base === null ? 0 : happyIndex(base);

  if (happyIndex(to) >= 0) {
    const toIndex = happyIndex(to);
    if (isPaused(from)) {
      if (toIndex < baseIndex) {
        return {
          ok: false,
          reason: `${from} paused the payout at ${base}; it can resume at ${base} or later, not at ${to}.`,
        };
      }
      return { ok: true, pausedFrom: null };
    }
    if (toIndex <= baseIndex) {
      return { ok: false, reason: `A payout never moves backwards: ${from} cannot go back to ${to}.` };
    }
    return { ok: true, pausedFrom: null };
  }

  if (isPaused(to)) {
    if (isPaused(from)) {
      return { ok: true, pausedFrom };
    }
    if (baseIndex > LAST_PAUSABLE) {
      return { ok: false, reason: `A payout that is ${from} is already with the bank and cannot be paused (${to}).` };
    }
    return { ok: true, pausedFrom: from as HappyStage };
  }

  switch (to) {
    case "FAILED":
      return { ok: true, pausedFrom: null };
    case "CANCELED":
      if (baseIndex > LAST_PAUSABLE) {
        return { ok: false, reason: `A payout that is ${from} is already with the bank and cannot be canceled.` };
      }
      return { ok: true, pausedFrom: null };
    case "RETURNED":
      if (from !== "SENT") {
        return { ok: false, reason: `Only a SENT payout can be returned by the bank, not one that is ${from}.` };
      }
      return { ok: true, pausedFrom: null };
    default:
      return { ok: false, reason: `Unknown stage ${to}.` };
  }
}

export function canTransition(from: Stage, to: Stage, pausedFrom: HappyStage | null = null): boolean {
  return checkTransition(from, to, pausedFrom).ok;
}

/** Stages an admin may pick next for a payout, for the admin form. */
export function nextStages(from: Stage, pausedFrom: HappyStage | null): Stage[] {
  return STAGES.filter((to) => to !== from && canTransition(from, to, pausedFrom));
}
