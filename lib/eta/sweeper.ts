import type pg from "pg";
import { poolSql } from "../db/sql";
import { applyEvent } from "../payouts/apply-event";
import { HAPPY_PATH, type Stage } from "../payouts/stages";
import { estimateCompletion, type PayoutMethod, stageDeadline } from "./estimate";

export interface SweepResult {
  /** open, not yet delayed payouts looked at */
  checked: number;
  /** newly marked delayed (each one's customer is told once, through applyEvent) */
  delayed: number;
}

interface Candidate {
  id: string;
  method: PayoutMethod;
  stage: Stage;
  stage_entered_at: Date;
  eta_at: Date | null;
}

// Stages a payout can be late in: on the happy path and not yet completed.
const OPEN_STAGES = HAPPY_PATH.filter((stage) => stage !== "COMPLETED");

/**
 * The delay sweeper (graphile-worker cron, every minute): a payout whose ETA passed, or
 * whose stage outlived its limit (twice its expected business hours), gets the delayed
 * flag with reason TAKING_LONGER and a recomputed ETA — through applyEvent(), so the
 * customer is told once. The event id names the payout's visit to its stage, so running
 * the sweeper again (or on two workers at once) is a duplicate and changes nothing.
 */
export async function sweepDelays(pool: pg.Pool, now: Date = new Date(), limit = 500): Promise<SweepResult> {
  const candidates = await poolSql(pool).rows<Candidate>(
    `select id, method::text as method, stage::text as stage, stage_entered_at, eta_at
       from payouts
      where not delayed and stage::text = any($1::text[])
        and (eta_at < $2 or stage_entered_at < $2::timestamptz - interval '1 hour')
      order by stage_entered_at
      limit $3`,
    [OPEN_STAGES, now, limit],
  );
  let delayed = 0;
  for (const payout of candidates) {
    const deadline = stageDeadline(payout.method, payout.stage, payout.stage_entered_at);
    const late = (payout.eta_at !== null && payout.eta_at < now) || (deadline !== null && deadline < now);
    if (!late) {
      continue;
    }
    // An honest new estimate: as if the stage it is stuck in started now.
    const eta = estimateCompletion(payout.method, payout.stage, now) ?? undefined;
    const result = await applyEvent(
      {
        eventId: `sweep_${payout.id}_${payout.stage}_${payout.stage_entered_at.getTime()}`,
        occurredAt: now,
        source: { kind: "SWEEPER" },
        payout: { id: payout.id },
        delay: { reasonCode: "TAKING_LONGER" },
        eta,
        etaReason: "TAKING_LONGER",
      },
      { pool, now: () => now },
    );
    if (result.ok && result.result === "applied") {
      delayed++;
    }
  }
  return { checked: candidates.length, delayed };
}
