import type pg from "pg";
import { poolSql } from "../db/sql";
import type { PayoutMethod } from "./estimate";

export interface MethodAccuracy {
  method: PayoutMethod;
  /** payouts completed in the window that were shown an ETA */
  completed: number;
  /** completed no later than the first ETA the customer was shown */
  withinFirst: number;
  /** completed no later than the last ETA shown before completion */
  withinLast: number;
}

/**
 * How honest the ETAs were: of the payouts completed in the last `days`, per method, the
 * share that arrived by the first ETA the customer saw (the original) and by the last one
 * shown before completion (the ETA of the applied event recorded last before the completing one).
 */
export async function etaAccuracy(pool: pg.Pool, now: Date = new Date(), days = 30): Promise<MethodAccuracy[]> {
  const rows = await poolSql(pool).rows<{
    method: PayoutMethod;
    completed: string;
    within_first: string;
    within_last: string;
  }>(
    `select p.method::text as method, count(*) as completed,
            count(*) filter (where p.original_eta_at is not null and p.stage_entered_at <= p.original_eta_at) as within_first,
            count(*) filter (where last.eta_at is not null and p.stage_entered_at <= last.eta_at) as within_last
       from payouts p
       left join lateral (
         select e.eta_at from payout_events e
          where e.payout_id = p.id and e.outcome = 'APPLIED' and e.stage <> 'COMPLETED' and e.eta_at is not null
          -- the ETA the customer saw last: the most recently recorded one
          order by e.recorded_at desc
          limit 1
       ) last on true
      where p.stage = 'COMPLETED' and p.stage_entered_at > $1 and p.stage_entered_at <= $2
        -- only payouts the customer was shown an ETA for
        and p.original_eta_at is not null
      group by p.method
      order by p.method`,
    [new Date(now.getTime() - days * 86_400_000), now],
  );
  return rows.map((r) => ({
    method: r.method,
    completed: Number(r.completed),
    withinFirst: Number(r.within_first),
    withinLast: Number(r.within_last),
  }));
}
