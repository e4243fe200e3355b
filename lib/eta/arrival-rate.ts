import { type Cache, sharedCache } from "../cache/cache";
import type { Sql } from "../db/sql";
import { PAYOUT_METHODS, type PayoutMethod } from "./durations";

// "9 in 10 SEPA payouts arrive by the date shown" (issue #13 point 7): said on a payout page
// only when the last 90 days back it. docs/etas.md, "Accuracy".

/** The window the sentence speaks for. */
export const ARRIVAL_RATE_DAYS = 90;
/** Fewer completed payouts than this say too little to make a claim. */
export const ARRIVAL_RATE_MIN_COMPLETED = 100;
/** Below 7 in 10 the sentence would not reassure anyone: nothing is said. */
export const ARRIVAL_RATE_MIN_TENTHS = 7;

export interface ArrivalRate {
  /** completed payouts of the method in the window that were shown an ETA */
  completed: number;
  /** of those, arrived by the first ETA shown (a date: by the end of that day in the customer's zone) */
  arrived: number;
  share: number;
}

// The first ETA each payout completed in the window was shown (as recorded, in the order
// shown); one that only said "we will update you by …" promised no arrival and counts as
// missed. Payouts never shown an ETA (reported only once they had arrived) are not counted.
const ARRIVALS = `
select p.method::text as method, count(*) as completed,
       count(*) filter (where f.eta_precision in ('TIME', 'DATE') and p.stage_entered_at <= f.eta_at) as arrived
  from payouts p
  join lateral (
    select e.eta_at, e.eta_precision::text as eta_precision
      from payout_events e
     where e.payout_id = p.id and e.outcome = 'APPLIED' and e.eta_at is not null and e.stage <> 'COMPLETED'
     order by e.recorded_at, e.occurred_at, e.id
     limit 1
  ) f on true
 where p.stage = 'COMPLETED' and p.stage_entered_at > $1 and p.stage_entered_at <= $2
 group by p.method`;

type ArrivalCounts = Record<PayoutMethod, { completed: number; arrived: number }>;

function noCounts(): ArrivalCounts {
  return Object.fromEntries(PAYOUT_METHODS.map((m) => [m, { completed: 0, arrived: 0 }])) as ArrivalCounts;
}

/** Arrivals by the first shown ETA per method, over the 90 days up to `now` (whatever the count). */
export async function arrivalCounts(sql: Sql, now: Date = new Date()): Promise<ArrivalCounts> {
  const rows = await sql.rows<{ method: PayoutMethod; completed: string | number; arrived: string | number }>(
    ARRIVALS,
    [new Date(now.getTime() - ARRIVAL_RATE_DAYS * 86_400_000), now],
  );
  const counts = noCounts();
  for (const r of rows) {
    counts[r.method] = { completed: Number(r.completed), arrived: Number(r.arrived) };
  }
  return counts;
}

function rateOf(counts: { completed: number; arrived: number }): ArrivalRate | null {
  return counts.completed < ARRIVAL_RATE_MIN_COMPLETED ? null : { ...counts, share: counts.arrived / counts.completed };
}

/**
 * The share of a method's payouts completed in the last 90 days that arrived by the first
 * ETA they were shown; null when fewer than 100 of them back it.
 */
export async function arrivalRate(sql: Sql, method: PayoutMethod, now: Date = new Date()): Promise<ArrivalRate | null> {
  return rateOf((await arrivalCounts(sql, now))[method]);
}

/**
 * The n of "n in 10" a customer may be told: rounded down to whole tenths (a claim never
 * rounds up), null below 7 in 10, and at most 9 — a promise at the 90th percentile never
 * claims that every payout arrives in time, even after a run of 100 that did.
 */
export function arrivalTenths(rate: ArrivalRate | null): number | null {
  if (rate === null || rate.completed === 0) {
    return null;
  }
  // Whole numbers first: 7 of 10 is 7, not 6.9999…
  const tenths = Math.floor((rate.arrived * 10) / rate.completed);
  return tenths < ARRIVAL_RATE_MIN_TENTHS ? null : Math.min(tenths, 9);
}

export type ArrivalCountsCache = Cache<Sql, ArrivalCounts>;

/** Every payout page may ask, and 90 days move slowly: the counts of all methods, at most every 10 minutes per process. */
const ARRIVAL_COUNTS: ArrivalCountsCache = sharedCache("arrival-counts", {
  ttlMs: 10 * 60_000,
  load: arrivalCounts,
  initial: noCounts,
});

/** arrivalRate for pages (see ARRIVAL_COUNTS). */
export async function cachedArrivalRate(
  sql: Sql,
  method: PayoutMethod,
  now: Date = new Date(),
  counts: ArrivalCountsCache = ARRIVAL_COUNTS,
): Promise<ArrivalRate | null> {
  return rateOf((await counts.get(sql, now))[method]);
}
