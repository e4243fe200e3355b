import type { HappyStage, ReasonCode, Stage } from "../payouts/stages";
import type { PauseStage, Target } from "./history";
import type { Rng } from "./random";

/** Most payouts are done; a fair share is under way; a few went wrong. */
const STAGE_WEIGHTS: Record<Stage, number> = {
  REQUESTED: 5,
  VERIFYING: 7,
  UNDER_REVIEW: 6,
  APPROVED: 5,
  PROCESSING: 9,
  SENT: 8,
  COMPLETED: 38,
  ACTION_REQUIRED: 5,
  ON_HOLD: 4,
  FAILED: 5,
  RETURNED: 3,
  CANCELED: 5,
};

/** Share of open (under way, not paused) payouts that are delayed. */
const DELAYED_SHARE = 0.1;

const DELAY_REASONS: Partial<Record<ReasonCode, number>> = {
  HIGH_VOLUME: 30,
  BANK_HOLIDAY: 20,
  TECHNICAL_ERROR: 20,
  COMPLIANCE_REVIEW: 15,
  FRAUD_SCREENING: 15,
};
const PAUSE_REASONS: Record<PauseStage, Partial<Record<ReasonCode, number>>> = {
  ACTION_REQUIRED: { VERIFICATION_INCOMPLETE: 60, INVALID_ACCOUNT: 25, OTHER: 15 },
  ON_HOLD: { COMPLIANCE_REVIEW: 45, FRAUD_SCREENING: 35, TECHNICAL_ERROR: 20 },
};
const PAUSED_FROM: Record<PauseStage, Partial<Record<HappyStage, number>>> = {
  ACTION_REQUIRED: { REQUESTED: 1, VERIFYING: 5, UNDER_REVIEW: 2, APPROVED: 1, PROCESSING: 1 },
  ON_HOLD: { VERIFYING: 2, UNDER_REVIEW: 4, APPROVED: 1, PROCESSING: 2 },
};
const FAILURE_REASONS: Partial<Record<ReasonCode, number>> = {
  BANK_REJECTED: 35,
  INVALID_ACCOUNT: 30,
  INSUFFICIENT_FUNDS: 20,
  TECHNICAL_ERROR: 10,
  OTHER: 5,
};
const RETURN_REASONS: Partial<Record<ReasonCode, number>> = { INVALID_ACCOUNT: 50, BANK_REJECTED: 40, OTHER: 10 };
const FAILED_FROM: Partial<Record<HappyStage, number>> = {
  VERIFYING: 2,
  UNDER_REVIEW: 2,
  APPROVED: 1,
  PROCESSING: 4,
  SENT: 3,
};
const CANCELED_FROM: Partial<Record<HappyStage, number>> = {
  REQUESTED: 3,
  VERIFYING: 3,
  UNDER_REVIEW: 2,
  APPROVED: 1,
  PROCESSING: 1,
};

/**
 * A random target for a generated payout. `stage` and `delayed` force a choice
 * (so that a small data set still shows every stage and a delay).
 */
export function pickTarget(rng: Rng, stage: Stage = rng.weighted(STAGE_WEIGHTS), delayed?: boolean): Target {
  switch (stage) {
    case "ACTION_REQUIRED":
    case "ON_HOLD":
      return {
        stage,
        pausedFrom: rng.weighted(PAUSED_FROM[stage]),
        reasonCode: rng.weighted(PAUSE_REASONS[stage]),
      };
    case "FAILED": {
      const from = rng.weighted(FAILED_FROM);
      const via = from !== "SENT" && rng.chance(0.25) ? pause(rng) : undefined;
      return {
        stage,
        from,
        reasonCode: via?.stage === "ON_HOLD" ? via.reasonCode : rng.weighted(FAILURE_REASONS),
        via,
      };
    }
    case "RETURNED":
      return { stage, reasonCode: rng.weighted(RETURN_REASONS), detour: maybeDetour(rng) };
    case "CANCELED": {
      // Often the customer was asked to act and never did.
      const via = rng.chance(0.3) ? pause(rng, "ACTION_REQUIRED") : undefined;
      return { stage, from: rng.weighted(CANCELED_FROM), via };
    }
    case "COMPLETED":
      return { stage, detour: maybeDetour(rng) };
    default: {
      const isDelayed = delayed ?? rng.chance(DELAYED_SHARE);
      return {
        stage,
        delayReason: isDelayed ? rng.weighted(DELAY_REASONS) : undefined,
        detour: maybeDetour(rng),
      };
    }
  }
}

function pause(rng: Rng, stage: PauseStage = rng.chance(0.6) ? "ACTION_REQUIRED" : "ON_HOLD") {
  return { stage, reasonCode: rng.weighted(PAUSE_REASONS[stage]) };
}

/** Now and then a payout was paused on the way and resumed. */
function maybeDetour(rng: Rng) {
  return rng.chance(0.08) ? pause(rng) : undefined;
}
