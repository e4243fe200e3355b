import type { Sql } from "../db/sql";
import { defaultQuantiles, PAYOUT_METHODS, type PayoutMethod, quantile } from "./durations";
import { RAILS } from "./estimate";
import { type Calendar, workingHoursBetween } from "./working-time";

// How honest the shown ETAs were (/admin/accuracy, issue #13 point 7): per payout method and
// per week of completion, what customers were shown against when their money arrived.

/** A shown ETA as an event recorded it: the instant promised and how it was stated. */
interface ShownEta {
  /** a DATE promise is stored as the last millisecond of that day in the customer's zone */
  at: Date;
  /** TIME, DATE, or UPDATE ("we will update you by …": no promise of arrival) */
  precision: string;
}

/** One completed payout: when it arrived and the ETAs it was shown before. */
export interface CompletedPayoutEtas {
  method: PayoutMethod;
  completedAt: Date;
  /** the first ETA the customer was shown; null: none (e.g. reported only once it had arrived) */
  first: (ShownEta & { source: string | null; typicalAt: Date | null }) | null;
  /** the last ETA shown before it completed */
  last: ShownEta | null;
  /** how often the shown ETA changed (a pause hides it: what shows after is compared with what showed before) */
  revisions: number;
}

export interface AccuracyFigures {
  /** completed payouts that were shown an ETA */
  completed: number;
  /** completed payouts that were never shown one (not in any share below) */
  withoutEta: number;
  /** arrived by the first ETA shown (a date: by the end of that day in the customer's zone) */
  byFirst: number;
  /** arrived by the last ETA shown before completion */
  byLast: number;
  /** signed median working hours from arrival to the first promise; negative = late (null: none) */
  medianSlackFirstHours: number | null;
  /** the same for the last promise */
  medianSlackLastHours: number | null;
  /** shown ETA changed at least once */
  revised: number;
  /** calibration, over first ETAs made by the model (not the platform's, an admin's …) */
  calibration: {
    /** model promises (time or date) */
    promises: number;
    /** of those, arrived by the promise: aims at the configured quantile (rounding later adds a little) */
    byPromise: number;
    /** model promises that recorded the "usually" time shown with them */
    withTypical: number;
    /** of those, arrived by the "usually" time (the median): aims at half */
    byTypical: number;
  };
}

export interface WeekFigures {
  /** Monday 00:00 UTC of the ISO week the payouts completed in */
  week: Date;
  figures: AccuracyFigures;
}

export interface MethodAccuracy {
  method: PayoutMethod;
  /** the quantile of completion promised for this method now (/admin/eta) */
  quantile: number;
  /** all weeks together */
  total: AccuracyFigures;
  /** every week of the window, the oldest first (a week without completions has zeros) */
  weeks: WeekFigures[];
}

export interface AccuracyReport {
  /** the Mondays of the window, the oldest first; the last is the current, partial week */
  weeks: Date[];
  /** every method, in the catalog's order */
  methods: MethodAccuracy[];
  /** all methods together, all weeks */
  overall: AccuracyFigures;
}

const DAY = 86_400_000;

/** Monday 00:00 UTC of the ISO week `at` falls in. */
export function weekStart(at: Date): Date {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY);
}

const isPromise = (eta: ShownEta | null): eta is ShownEta =>
  eta !== null && (eta.precision === "TIME" || eta.precision === "DATE");

/** Kept: a promise of arrival (not "we will update you by …") that the payout arrived by. */
const kept = (eta: ShownEta | null, arrival: Date) => isPromise(eta) && arrival.getTime() <= eta.at.getTime();

/**
 * Working hours from `arrival` to the promise, signed (negative = late), on the rail's
 * banking calendar: the last stages (PROCESSING, SENT) run on it, so an hour of a closed night
 * or weekend between the two is no slack. Around-the-clock rails count every hour.
 */
export function slackHours(calendar: Calendar, arrival: Date, promise: Date): number {
  return arrival.getTime() <= promise.getTime()
    ? workingHoursBetween(calendar, arrival, promise)
    : -workingHoursBetween(calendar, promise, arrival);
}

/** The figures of a set of completed payouts (pure). */
export function accuracyFigures(payouts: CompletedPayoutEtas[]): AccuracyFigures {
  const shown = payouts.filter((p) => p.first !== null);
  const slacks = (pick: (p: CompletedPayoutEtas) => ShownEta | null) =>
    shown.flatMap((p) => {
      const eta = pick(p);
      return isPromise(eta) ? [slackHours(RAILS[p.method].calendar, p.completedAt, eta.at)] : [];
    });
  const modelPromises = shown.filter((p) => p.first?.source === "MODEL" && isPromise(p.first));
  const withTypical = modelPromises.filter((p) => p.first?.typicalAt);
  return {
    completed: shown.length,
    withoutEta: payouts.length - shown.length,
    byFirst: shown.filter((p) => kept(p.first, p.completedAt)).length,
    byLast: shown.filter((p) => kept(p.last, p.completedAt)).length,
    medianSlackFirstHours: quantile(
      slacks((p) => p.first),
      0.5,
    ),
    medianSlackLastHours: quantile(
      slacks((p) => p.last),
      0.5,
    ),
    revised: shown.filter((p) => p.revisions > 0).length,
    calibration: {
      promises: modelPromises.length,
      byPromise: modelPromises.filter((p) => kept(p.first, p.completedAt)).length,
      withTypical: withTypical.length,
      byTypical: withTypical.filter((p) => p.first?.typicalAt && p.completedAt.getTime() <= p.first.typicalAt.getTime())
        .length,
    },
  };
}

// The ETAs a completed payout was shown, in the order they were shown (recorded): the
// first, the last before completion, and the number of changes. A pause hides the ETA
// (null on its events, left out here), so a resume that shows the same promise again is no
// change. The "usually" time is the one recorded with the first shown ETA's event.
const COMPLETED_PAYOUT_ETAS = `
with shown as (
  select e.payout_id, e.eta_at, e.eta_precision::text as eta_precision, e.eta_source::text as eta_source,
         e.eta_typical_at as typical_at,
         row_number() over w as n,
         count(*) over (partition by e.payout_id) as shown_count,
         lag(e.eta_at) over w as prev_at,
         lag(e.eta_precision) over w as prev_precision,
         e.eta_precision as precision_enum
    from payout_events e
    join payouts p on p.id = e.payout_id
   where p.stage = 'COMPLETED' and p.stage_entered_at >= $1 and p.stage_entered_at <= $2
     and e.outcome = 'APPLIED' and e.eta_at is not null and e.stage <> 'COMPLETED'
  window w as (partition by e.payout_id order by e.recorded_at, e.occurred_at, e.id)
)
select p.method::text as method, p.stage_entered_at as completed_at,
       f.eta_at as first_at, f.eta_precision as first_precision, f.eta_source as first_source,
       f.typical_at as first_typical_at,
       l.eta_at as last_at, l.eta_precision as last_precision,
       (select count(*) from shown s
         where s.payout_id = p.id and s.n > 1
           and (s.eta_at, s.precision_enum) is distinct from (s.prev_at, s.prev_precision)) as revisions
  from payouts p
  left join shown f on f.payout_id = p.id and f.n = 1
  left join shown l on l.payout_id = p.id and l.n = l.shown_count
 where p.stage = 'COMPLETED' and p.stage_entered_at >= $1 and p.stage_entered_at <= $2`;

/** Completed payouts of [from, to] with the ETAs they were shown. */
export async function completedPayoutEtas(sql: Sql, from: Date, to: Date): Promise<CompletedPayoutEtas[]> {
  const rows = await sql.rows<{
    method: PayoutMethod;
    completed_at: Date;
    first_at: Date | null;
    first_precision: string | null;
    first_source: string | null;
    first_typical_at: Date | null;
    last_at: Date | null;
    last_precision: string | null;
    revisions: string | number;
  }>(COMPLETED_PAYOUT_ETAS, [from, to]);
  return rows.map((r) => ({
    method: r.method,
    completedAt: new Date(r.completed_at),
    first:
      r.first_at && r.first_precision
        ? {
            at: new Date(r.first_at),
            precision: r.first_precision,
            source: r.first_source,
            typicalAt: r.first_typical_at ? new Date(r.first_typical_at) : null,
          }
        : null,
    last: r.last_at && r.last_precision ? { at: new Date(r.last_at), precision: r.last_precision } : null,
    revisions: Number(r.revisions),
  }));
}

/**
 * ETA accuracy per method and per ISO week (UTC) of completion, for the `weeks` weeks up to
 * `now` (the last one partial): arrivals by the first and by the last ETA shown, median
 * slack, revisions and calibration.
 */
export async function etaAccuracy(sql: Sql, now: Date = new Date(), weeks = 8): Promise<AccuracyReport> {
  const mondays = Array.from(
    { length: weeks },
    (_, i) => new Date(weekStart(now).getTime() - (weeks - 1 - i) * 7 * DAY),
  );
  const [payouts, settings] = await Promise.all([
    completedPayoutEtas(sql, mondays[0] as Date, now),
    sql.rows<{ quantiles: Record<string, unknown> }>("select quantiles from eta_settings where id = 1"),
  ]);
  const quantiles = defaultQuantiles(settings[0]?.quantiles ?? {});
  const weekOf = (p: CompletedPayoutEtas) => weekStart(p.completedAt).getTime();
  return {
    weeks: mondays,
    methods: PAYOUT_METHODS.map((method) => {
      const own = payouts.filter((p) => p.method === method);
      return {
        method,
        quantile: quantiles[method],
        total: accuracyFigures(own),
        weeks: mondays.map((week) => ({
          week,
          figures: accuracyFigures(own.filter((p) => weekOf(p) === week.getTime())),
        })),
      };
    }),
    overall: accuracyFigures(payouts),
  };
}
