import type { Sql } from "../db/sql";
import { logger } from "../logging/logger";
import type { EmailChannel } from "../notifications/channels/types";
import { redact } from "../notifications/redact";

/** When a condition alerts: its share in the last hour passes `threshold`, or doubles its 7-day baseline. */
export const ALERT_RULES = {
  delayedShare: { threshold: 0.3, minCount: 10 },
  failureRate: { threshold: 0.1, minCount: 10 },
  notificationFailures: { threshold: 0.1, minCount: 20 },
} as const;

export interface AlertCondition {
  /** stable key, e.g. "delayed-share:SEPA" */
  condition: string;
  share: number;
  baseline: number;
  count: number;
  message: string;
}

interface Rate {
  key: string;
  hits_now: number;
  total_now: number;
  hits_base: number;
  total_base: number;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

function judge(rate: Rate, rule: { threshold: number; minCount: number }): { share: number; baseline: number } | null {
  const total = Number(rate.total_now);
  if (total < rule.minCount) {
    return null;
  }
  const share = Number(rate.hits_now) / total;
  const baseline = Number(rate.total_base) > 0 ? Number(rate.hits_base) / Number(rate.total_base) : 0;
  const doubled = baseline > 0 && share >= 2 * baseline;
  return share > 0 && (share >= rule.threshold || doubled) ? { share, baseline } : null;
}

/**
 * The conditions true now, over the last hour against the 7 days before it:
 * - per method, the share of payouts with events in the hour that are delayed;
 * - per method, the share of payouts ending in the hour that failed;
 * - the share of notifications finished in the hour that failed or were undelivered.
 */
export async function alertConditions(sql: Sql, now = new Date()): Promise<AlertCondition[]> {
  const hour = new Date(now.getTime() - 3_600_000);
  const week = new Date(now.getTime() - 7 * 86_400_000);
  const params = [hour, now, week];
  const [delayed, failed, notifications] = await Promise.all([
    sql.rows<Rate>(
      `select p.method::text as key,
              count(distinct p.id) filter (where e.occurred_at >= $1 and e.delayed) as hits_now,
              count(distinct p.id) filter (where e.occurred_at >= $1) as total_now,
              count(distinct p.id) filter (where e.occurred_at < $1 and e.delayed) as hits_base,
              count(distinct p.id) filter (where e.occurred_at < $1) as total_base
         from payout_events e join payouts p on p.id = e.payout_id
        where e.outcome = 'APPLIED' and e.occurred_at >= $3 and e.occurred_at <= $2
        group by p.method`,
      params,
    ),
    sql.rows<Rate>(
      `select p.method::text as key,
              count(*) filter (where e.occurred_at >= $1 and e.stage = 'FAILED') as hits_now,
              count(*) filter (where e.occurred_at >= $1) as total_now,
              count(*) filter (where e.occurred_at < $1 and e.stage = 'FAILED') as hits_base,
              count(*) filter (where e.occurred_at < $1) as total_base
         from payout_events e join payouts p on p.id = e.payout_id
        where e.outcome = 'APPLIED' and e.stage in ('COMPLETED', 'FAILED', 'RETURNED')
          and e.from_stage is distinct from e.stage and e.occurred_at >= $3 and e.occurred_at <= $2
        group by p.method`,
      params,
    ),
    sql.rows<Rate>(
      `select 'all' as key,
              count(*) filter (where done >= $1 and status in ('FAILED', 'UNDELIVERED')) as hits_now,
              count(*) filter (where done >= $1) as total_now,
              count(*) filter (where done < $1 and status in ('FAILED', 'UNDELIVERED')) as hits_base,
              count(*) filter (where done < $1) as total_base
         from (select status::text as status, coalesce(failed_at, delivered_at, sent_at) as done from notifications
                where coalesce(failed_at, delivered_at, sent_at) between $3 and $2) n`,
      params,
    ),
  ]);
  const found: AlertCondition[] = [];
  for (const rate of delayed) {
    const hit = judge(rate, ALERT_RULES.delayedShare);
    if (hit) {
      found.push({
        condition: `delayed-share:${rate.key}`,
        ...hit,
        count: Number(rate.total_now),
        message: `${rate.key}: ${pct(hit.share)} of ${rate.total_now} active payouts delayed in the last hour (7-day baseline ${pct(hit.baseline)})`,
      });
    }
  }
  for (const rate of failed) {
    const hit = judge(rate, ALERT_RULES.failureRate);
    if (hit) {
      found.push({
        condition: `failure-rate:${rate.key}`,
        ...hit,
        count: Number(rate.total_now),
        message: `${rate.key}: ${pct(hit.share)} of ${rate.total_now} payouts ending in the last hour failed (7-day baseline ${pct(hit.baseline)})`,
      });
    }
  }
  for (const rate of notifications) {
    const hit = judge(rate, ALERT_RULES.notificationFailures);
    if (hit) {
      found.push({
        condition: "notification-failures",
        ...hit,
        count: Number(rate.total_now),
        message: `Notifications: ${pct(hit.share)} of ${rate.total_now} failed or undelivered in the last hour (7-day baseline ${pct(hit.baseline)})`,
      });
    }
  }
  return found;
}

/**
 * Checks the conditions (worker cron, every 5 minutes) and emails every active admin about
 * each one that has not alerted in the last hour. Returns the messages of the new alerts.
 */
export async function checkAlerts(
  sql: Sql,
  email: EmailChannel,
  options: { appUrl: string; now?: Date },
): Promise<string[]> {
  const now = options.now ?? new Date();
  const dashboard = `${options.appUrl}/admin/kpis`;
  const raised: string[] = [];
  for (const found of await alertConditions(sql, now)) {
    const rows = await sql.rows<{ id: string }>(
      `insert into ops_alerts (id, condition, hour, message, created_at)
       select 'alert_' || md5($1 || $4), $1, date_trunc('hour', $3::timestamptz), $2, $3::timestamptz
        where not exists (select 1 from ops_alerts where condition = $1 and created_at > $3::timestamptz - interval '1 hour')
       on conflict do nothing
       returning id`,
      [found.condition, found.message, now, now.toISOString()],
    );
    const id = rows[0]?.id;
    if (!id) {
      continue;
    }
    raised.push(found.message);
    const admins = await sql.rows<{ email: string }>(
      "select email from staff_users where role = 'ADMIN' and disabled_at is null order by email",
    );
    for (const admin of admins) {
      const result = await email.send({
        to: admin.email,
        subject: `[Payout Tracker] Alert: ${found.message.split(":")[0]}`,
        text: `${found.message}.\n\nThe KPI dashboard shows the details: ${dashboard}\nAt most one alert per condition per hour.`,
        html: `<p>${found.message.replace(/[<>&]/g, "")}.</p><p>The KPI dashboard shows the details: <a href="${dashboard}">${dashboard}</a></p>`,
        messageId: `<${id}.${admin.email.replace(/[^a-z0-9]/gi, "")}@payout-tracker>`,
        headers: {},
      });
      if (result.status !== "sent") {
        logger("alerts").error(`alert email to ${redact(admin.email)} not sent: ${redact(result.error)}`);
      }
    }
    await sql.run("update ops_alerts set emailed_at = $2 where id = $1", [id, now]);
  }
  return raised;
}
