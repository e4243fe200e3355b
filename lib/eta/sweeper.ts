import type pg from "pg";
import { poolSql } from "../db/sql";
import { applyEvent } from "../payouts/apply-event";
import { HAPPY_PATH, type ReasonCode, type Stage } from "../payouts/stages";
import type { PayoutMethod } from "./durations";
import { estimate, stageCalendar } from "./estimate";
import { refreshEtaModel } from "./model-cache";
import { addWorkingHours } from "./working-time";

export interface SweepResult {
  /** open payouts whose shown ETA had passed */
  checked: number;
  /** re-estimated now (each one's customer is told through applyEvent's rules) */
  delayed: number;
  /** candidates whose event failed unexpectedly (logged; the sweep goes on) */
  failed: number;
}

interface Candidate {
  id: string;
  method: PayoutMethod;
  stage: Stage;
  stage_entered_at: Date;
  eta_at: Date;
  delayed: boolean;
  delay_reason: ReasonCode | null;
}

export interface SweepOptions {
  now?: Date;
  limit?: number;
  /** an ETA that passed longer ago than this is re-estimated silently (a first start on old data, back-filled history) */
  maxAgeDays?: number;
  log?: (line: string) => void;
}

// Stages with an ETA: on the happy path and not yet completed.
const OPEN_STAGES = HAPPY_PATH.filter((stage) => stage !== "COMPLETED");
const DAY = 86_400_000;

/** The event id of the sweeper's re-estimate of one passed ETA of a payout. */
export function sweepEventId(payoutId: string, etaAt: Date): string {
  return `sweep_${payoutId}_${etaAt.getTime()}`;
}

/**
 * The ETA sweeper (graphile-worker cron, every minute): an open payout's shown ETA is never
 * in the past. Within a minute of passing, the payout is re-estimated from the time its
 * current stage has already taken (the conditional remainder: lib/eta/estimate.ts),
 * flagged delayed (TAKING_LONGER unless a delay reason is already set), and the new ETA
 * goes through applyEvent(), whose rules tell the customer once, with the new ETA and why
 * (and no more than one ETA message a day without a stage change).
 * - When the stage has outrun nearly all of its history there is no basis for a promise:
 *   the ETA becomes the time of the next update (a working day on, at least a day), and when
 *   that passes the sweeper keeps the promise with a new estimate or the next update time.
 * - The event id names the passed ETA: a second run, or two workers at once, are duplicates.
 * - The decision is checked again under the payout's row lock (it may have moved on since).
 */
export async function sweepDelays(pool: pg.Pool, options: SweepOptions = {}): Promise<SweepResult> {
  const now = options.now ?? new Date();
  const maxAgeMs = (options.maxAgeDays ?? 7) * DAY;
  const model = await refreshEtaModel(poolSql(pool));
  const candidates = await poolSql(pool).rows<Candidate>(
    `select p.id, p.method::text as method, p.stage::text as stage, p.stage_entered_at, p.eta_at, p.delayed,
            p.delay_reason::text as delay_reason
       from payouts p
      where p.stage = any($1::"Stage"[]) and p.eta_at < $2
      order by p.eta_at
      limit $3`,
    [OPEN_STAGES, now, options.limit ?? 500],
  );
  let delayed = 0;
  let failed = 0;
  for (const payout of candidates) {
    const fresh = estimate({
      method: payout.method,
      stage: payout.stage,
      enteredAt: payout.stage_entered_at,
      now,
      model,
    });
    if (!fresh) {
      continue;
    }
    const nextUpdate = fresh.basis ? null : nextUpdateAt(payout, now, model.ops);
    const reason: ReasonCode = payout.delay_reason ?? "TAKING_LONGER";
    try {
      const result = await applyEvent(
        {
          eventId: sweepEventId(payout.id, payout.eta_at),
          occurredAt: now,
          source: { kind: "SWEEPER" },
          payout: { id: payout.id },
          delay: payout.delayed ? undefined : { reasonCode: reason },
          eta: nextUpdate ?? fresh.at,
          etaReason: reason,
          etaIsNextUpdate: nextUpdate !== null,
          silent: now.getTime() - payout.eta_at.getTime() > maxAgeMs,
          onlyIf: {
            test: (locked) =>
              locked.stage === payout.stage &&
              locked.etaAt !== null &&
              locked.etaAt.getTime() === payout.eta_at.getTime(),
            message: "The payout moved on or got a new ETA since the sweep read it.",
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
        `ETA sweeper: payout ${payout.id} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return { checked: candidates.length, delayed, failed };
}

/** With no basis for a promise: the next update comes a working day on in the stage's clock, and at least a day on. */
function nextUpdateAt(payout: Candidate, now: Date, ops: Parameters<typeof stageCalendar>[2]): Date {
  const stage = payout.stage as Parameters<typeof stageCalendar>[1];
  const workingDay = addWorkingHours(stageCalendar(payout.method, stage, ops), now, 8);
  return new Date(Math.max(workingDay.getTime(), now.getTime() + DAY));
}
