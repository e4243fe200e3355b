import type { Sql } from "../db/sql";
import { PAYOUT_METHODS, type PayoutMethod, quantile, TIMED_STAGES, type TimedStage } from "./durations";
import { afterCutoff, stageCalendar } from "./estimate";
import { loadEtaModel } from "./model-cache";
import { workingHoursBetween } from "./working-time";

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
 * working hours of the stage's own clock (operations hours for review stages, the rail's
 * banking hours after its cut-off for bank stages: lib/eta/estimate.ts); per (method,
 * stage) the median, 90th and 95th percentiles and the number of visits are stored in
 * eta_stage_durations. The ETA model uses them once they rest on MIN_LEARNING_SAMPLES
 * visits (lib/eta/durations.ts). Runs hourly in the worker.
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
  const { ops } = await loadEtaModel(sql);
  const groups = new Map<string, number[]>();
  for (const visit of visits) {
    const entered = new Date(visit.entered_at);
    const started = visit.stage === "PROCESSING" ? afterCutoff(visit.method, entered) : entered;
    const hours = workingHoursBetween(stageCalendar(visit.method, visit.stage, ops), started, new Date(visit.left_at));
    const key = `${visit.method}:${visit.stage}`;
    const list = groups.get(key) ?? [];
    list.push(hours);
    groups.set(key, list);
  }
  for (const method of PAYOUT_METHODS) {
    for (const stage of TIMED_STAGES) {
      const hours = groups.get(`${method}:${stage}`) ?? [];
      await sql.run(
        `insert into eta_stage_durations (method, stage, learned_p50_hours, learned_p90_hours, learned_p95_hours,
           samples, learned_at, updated_at)
         values ($1::"PayoutMethod", $2::"Stage", $3, $4, $5, $6, $7, $7)
         on conflict (method, stage) do update
           set learned_p50_hours = excluded.learned_p50_hours, learned_p90_hours = excluded.learned_p90_hours,
               learned_p95_hours = excluded.learned_p95_hours, samples = excluded.samples,
               learned_at = excluded.learned_at, updated_at = excluded.updated_at`,
        // At least a minute: a quantile of 0 (a visit entirely outside working hours) has no log.
        [method, stage, ...[0.5, 0.9, 0.95].map((q) => rounded(quantile(hours, q))), hours.length, now],
      );
    }
  }
  await loadEtaModel(sql);
  return { learned: groups.size, visits: visits.length };
}

function rounded(hours: number | null): number | null {
  return hours === null ? null : Math.max(1 / 60, Math.round(hours * 100) / 100);
}
