import type { Sql } from "../db/sql";
import {
  businessHoursBetween,
  loadDurations,
  PAYOUT_METHODS,
  type PayoutMethod,
  p80,
  TIMED_STAGES,
  type TimedStage,
} from "./durations";
import { METHOD_CALENDAR } from "./estimate";

/** Completed payouts whose history is learned from: those completed within this window. */
export const LEARNING_WINDOW_DAYS = 90;

export interface LearnResult {
  /** (method, stage) pairs with at least one observed visit */
  learned: number;
  visits: number;
}

/**
 * Learns how long each stage really takes: for payouts completed in the last 90 days, every
 * visit to a happy-path stage (from the event that entered it to the next stage change) in
 * business hours on the method's calendar; per (method, stage) the 80th percentile and the
 * number of visits are stored in eta_stage_durations. The ETA engine uses the p80 once it
 * rests on MIN_LEARNING_SAMPLES visits (lib/eta/durations.ts). Runs hourly in the worker.
 */
export async function learnDurations(sql: Sql, now = new Date()): Promise<LearnResult> {
  const since = new Date(now.getTime() - LEARNING_WINDOW_DAYS * 86_400_000);
  const visits = await sql.rows<{ method: PayoutMethod; stage: TimedStage; entered_at: Date; left_at: Date }>(
    `with changes as (
       select p.method::text as method, e.stage::text as stage, e.occurred_at,
              lead(e.occurred_at) over (partition by e.payout_id order by e.occurred_at, e.recorded_at) as left_at
         from payouts p
         join payout_events e on e.payout_id = p.id
        where p.stage = 'COMPLETED' and p.stage_entered_at >= $1
          and e.outcome = 'APPLIED' and (e.from_stage is null or e.from_stage <> e.stage)
     )
     select method, stage, occurred_at as entered_at, left_at
       from changes
      where left_at is not null and stage = any($2::text[])`,
    [since, [...TIMED_STAGES]],
  );
  const groups = new Map<string, number[]>();
  for (const visit of visits) {
    const hours = businessHoursBetween(
      new Date(visit.entered_at),
      new Date(visit.left_at),
      METHOD_CALENDAR[visit.method],
    );
    const key = `${visit.method}:${visit.stage}`;
    const list = groups.get(key) ?? [];
    list.push(hours);
    groups.set(key, list);
  }
  for (const method of PAYOUT_METHODS) {
    for (const stage of TIMED_STAGES) {
      const hours = groups.get(`${method}:${stage}`) ?? [];
      await sql.run(
        `insert into eta_stage_durations (method, stage, learned_p80_hours, samples, learned_at, updated_at)
         values ($1::"PayoutMethod", $2::"Stage", $3, $4, $5, $5)
         on conflict (method, stage) do update
           set learned_p80_hours = excluded.learned_p80_hours, samples = excluded.samples,
               learned_at = excluded.learned_at, updated_at = excluded.updated_at`,
        // At least a quarter of an hour: a p80 of 0 (visits over weekends) would make every visit overdue.
        [
          method,
          stage,
          hours.length > 0 ? Math.max(0.25, Math.round((p80(hours) ?? 0) * 100) / 100) : null,
          hours.length,
          now,
        ],
      );
    }
  }
  await loadDurations(sql);
  return { learned: groups.size, visits: visits.length };
}
