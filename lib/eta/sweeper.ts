import type pg from "pg";
import { poolSql } from "../db/sql";
import { applyEvent } from "../payouts/apply-event";
import { HAPPY_PATH, type ReasonCode, type Stage } from "../payouts/stages";
import { refreshDurations } from "./durations";
import { estimateCompletion, type PayoutMethod, stageDeadline } from "./estimate";

export interface SweepResult {
  /** open, not yet delayed payouts looked at */
  checked: number;
  /** newly marked delayed (each one's customer is told once, through applyEvent) */
  delayed: number;
  /** candidates whose event failed unexpectedly (logged; the sweep goes on) */
  failed: number;
}

interface Candidate {
  id: string;
  method: PayoutMethod;
  stage: Stage;
  stage_entered_at: Date;
  eta_at: Date | null;
  eta_reason: ReasonCode | null;
}

export interface SweepOptions {
  now?: Date;
  limit?: number;
  /** stage visits older than this are not swept (a first start on old data, back-filled history) */
  maxAgeDays?: number;
  log?: (line: string) => void;
}

// Stages a payout can be late in: on the happy path and not yet completed.
const OPEN_STAGES = HAPPY_PATH.filter((stage) => stage !== "COMPLETED");

/** The event id of the sweeper's flag for one visit of a payout to a stage. */
export function sweepEventId(payoutId: string, stage: Stage, stageEnteredAt: Date): string {
  return `sweep_${payoutId}_${stage}_${stageEnteredAt.getTime()}`;
}

/**
 * The delay sweeper (graphile-worker cron, every minute): a payout whose ETA passed, or
 * whose stage outlived its limit (twice its expected business hours), gets the delayed
 * flag with reason TAKING_LONGER and a recomputed ETA — through applyEvent(), so the
 * customer is told once.
 * - The event id names the payout's visit to its stage: a second run, or two workers at
 *   once, are duplicates. Visits already swept are not looked at again.
 * - The decision is checked again under the payout's row lock (it may have moved on, or
 *   an admin may have flagged it, since the read).
 * - An admin's ETA override that still lies ahead is respected; a new ETA never moves a
 *   payout's ETA earlier.
 * - Stage visits older than `maxAgeDays` (7) are left alone: a first start on an old
 *   database, or back-filled history, does not message customers about the past.
 */
export async function sweepDelays(pool: pg.Pool, options: SweepOptions = {}): Promise<SweepResult> {
  const now = options.now ?? new Date();
  const maxAgeMs = (options.maxAgeDays ?? 7) * 86_400_000;
  await refreshDurations(poolSql(pool));
  const candidates = await poolSql(pool).rows<Candidate>(
    `select p.id, p.method::text as method, p.stage::text as stage, p.stage_entered_at, p.eta_at,
            p.eta_reason::text as eta_reason
       from payouts p
      where not p.delayed and p.stage = any($1::"Stage"[])
        -- recent: entered the stage, or due, within maxAgeDays (an ETA revised far out still counts)
        and (p.stage_entered_at > $2::timestamptz - make_interval(secs => $4)
             or p.eta_at > $2::timestamptz - make_interval(secs => $4))
        -- an admin's or a notice's revised ETA that still lies ahead is respected
        and not (p.eta_reason is not null and p.eta_at >= $2)
        and (p.eta_at < $2 or p.stage_entered_at < $2::timestamptz - interval '1 hour')
        and not exists (
          select 1 from payout_events e
           where e.event_id = 'sweep_' || p.id || '_' || p.stage::text || '_'
                              || (extract(epoch from p.stage_entered_at) * 1000)::bigint::text)
      order by p.stage_entered_at
      limit $3`,
    [OPEN_STAGES, now, options.limit ?? 500, maxAgeMs / 1000],
  );
  let delayed = 0;
  let failed = 0;
  for (const payout of candidates) {
    if (!isLate(payout, now)) {
      continue;
    }
    // An honest new estimate: as if the stage it is stuck in started now — never earlier than the current one.
    const estimate = estimateCompletion(payout.method, payout.stage, now);
    const eta = estimate && payout.eta_at && payout.eta_at > estimate ? payout.eta_at : (estimate ?? undefined);
    try {
      const result = await applyEvent(
        {
          eventId: sweepEventId(payout.id, payout.stage, payout.stage_entered_at),
          occurredAt: now,
          source: { kind: "SWEEPER" },
          payout: { id: payout.id },
          delay: { reasonCode: "TAKING_LONGER" },
          eta,
          etaReason: "TAKING_LONGER",
          onlyIf: {
            test: (locked) =>
              !locked.delayed &&
              locked.stage === payout.stage &&
              locked.stageEnteredAt.getTime() === payout.stage_entered_at.getTime() &&
              isLate({ ...payout, eta_at: locked.etaAt, eta_reason: locked.etaReason }, now),
            message: "The payout moved on or was flagged since the sweep read it.",
          },
        },
        { pool, now: () => now },
      );
      if (result.ok && result.result === "applied") {
        delayed++;
      }
    } catch (error) {
      failed++;
      options.log?.(
        `delay sweeper: payout ${payout.id} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return { checked: candidates.length, delayed, failed };
}

/** Late: the ETA passed, or the stage outlived its limit — unless an admin's revised ETA still lies ahead. */
function isLate(payout: Pick<Candidate, "method" | "stage" | "stage_entered_at" | "eta_at" | "eta_reason">, now: Date) {
  const etaPassed = payout.eta_at !== null && payout.eta_at < now;
  if (payout.eta_reason !== null && payout.eta_at !== null && !etaPassed) {
    return false;
  }
  const deadline = stageDeadline(payout.method, payout.stage, payout.stage_entered_at);
  return etaPassed || (deadline !== null && deadline < now);
}
