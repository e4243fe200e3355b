import type { Sql } from "../db/sql";

export interface WeekKpis {
  /** Monday of the ISO week (UTC) */
  week: Date;
  questions: number;
  /** mean hours from a question to the first reply, for questions asked that week */
  firstResponseHours: number | null;
  /** mean hours from a question to its resolution, for questions resolved that week */
  handlingHours: number | null;
  /** share of questions resolved that week with one customer message and at most one reply */
  firstContactResolution: number | null;
  /** share of survey answers that week rating 4 or 5 of 5 */
  csat: number | null;
  /** promoters (9–10) minus detractors (0–6), in points, of that week's NPS answers */
  nps: number | null;
  answers: number;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The support KPIs per ISO week (UTC), the newest last. */
export async function weeklyKpis(sql: Sql, now = new Date(), weeks = 8): Promise<WeekKpis[]> {
  const rows = await sql.rows<Record<string, unknown>>(
    `with w as (
       select generate_series(date_trunc('week', $1::timestamptz) - ($2::int - 1) * interval '1 week',
                              date_trunc('week', $1::timestamptz), interval '1 week') as week
     ),
     asked as (
       select date_trunc('week', created_at) as week, count(*) as questions,
              avg(extract(epoch from first_response_at - created_at)) / 3600 as frt
         from inquiries group by 1
     ),
     resolved as (
       select date_trunc('week', i.resolved_at) as week,
              avg(extract(epoch from i.resolved_at - i.created_at)) / 3600 as aht,
              avg(case when (select count(*) from inquiry_messages m where m.inquiry_id = i.id and m.staff_id is null) = 1
                        and (select count(*) from inquiry_messages m where m.inquiry_id = i.id and m.staff_id is not null) <= 1
                   then 1.0 else 0.0 end) as fcr
         from inquiries i where i.resolved_at is not null group by 1
     ),
     answered as (
       select date_trunc('week', answered_at) as week, count(*) as answers,
              avg(case when csat >= 4 then 1.0 when csat is not null then 0.0 end) as csat,
              100 * (avg(case when nps >= 9 then 1.0 when nps is not null then 0.0 end)
                   - avg(case when nps <= 6 then 1.0 when nps is not null then 0.0 end)) as nps
         from feedback_surveys where answered_at is not null group by 1
     )
     select w.week, coalesce(a.questions, 0) as questions, a.frt, r.aht, r.fcr, s.csat, s.nps, coalesce(s.answers, 0) as answers
       from w left join asked a on a.week = w.week left join resolved r on r.week = w.week
       left join answered s on s.week = w.week
      order by w.week`,
    [now, weeks],
  );
  return rows.map((r) => ({
    week: new Date(r.week as string),
    questions: Number(r.questions),
    firstResponseHours: num(r.frt),
    handlingHours: num(r.aht),
    firstContactResolution: num(r.fcr),
    csat: num(r.csat),
    nps: num(r.nps),
    answers: Number(r.answers),
  }));
}

export interface DelayShare {
  method: string;
  reason: string;
  payouts: number;
  /** of the method's delayed payouts in the period */
  share: number;
}

/** Why payouts were delayed in the last 30 days: per method, each reason's share of its delayed payouts. */
export async function delayReasonBreakdown(sql: Sql, now = new Date()): Promise<DelayShare[]> {
  const rows = await sql.rows<{ method: string; reason: string; payouts: number }>(
    `select p.method::text as method, e.delay_reason::text as reason, count(distinct p.id) as payouts
       from payout_events e join payouts p on p.id = e.payout_id
      where e.outcome = 'APPLIED' and e.delayed and e.delay_reason is not null
        and e.occurred_at > $1::timestamptz - interval '30 days' and e.occurred_at <= $1
      group by 1, 2 order by 1, 3 desc`,
    [now],
  );
  const totals = new Map<string, number>();
  for (const r of rows) {
    totals.set(r.method, (totals.get(r.method) ?? 0) + Number(r.payouts));
  }
  return rows.map((r) => ({
    method: r.method,
    reason: r.reason,
    payouts: Number(r.payouts),
    share: Number(r.payouts) / (totals.get(r.method) ?? 1),
  }));
}

/** What customers asked about in the last 30 days, most asked first. */
export async function topInquiryCauses(sql: Sql, now = new Date()) {
  const rows = await sql.rows<{ category: string; questions: number }>(
    `select category::text as category, count(*) as questions from inquiries
      where created_at > $1::timestamptz - interval '30 days' and created_at <= $1
      group by 1 order by 2 desc, 1`,
    [now],
  );
  const total = rows.reduce((sum, r) => sum + Number(r.questions), 0);
  return rows.map((r) => ({
    category: r.category,
    questions: Number(r.questions),
    share: Number(r.questions) / total,
  }));
}
