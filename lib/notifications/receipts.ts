import { z } from "zod";
import type { AppLocale } from "@/i18n/locale";
import type { Sql } from "../db/sql";
import { JOB } from "../jobs/names";
import { NOTIFY_MAX_ATTEMPTS } from "../payouts/payout-sql";
import { TWILIO_UNSUBSCRIBED } from "./channels/sms";

// Twilio's message status callback: https://www.twilio.com/docs/messaging/guides/track-outbound-message-status
export const ZTwilioStatusCallback = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-f]{32}$/i, "must be a Twilio message SID"),
  MessageStatus: z.enum([
    "accepted",
    "scheduled",
    "queued",
    "sending",
    "sent",
    "delivered",
    "undelivered",
    "failed",
    "read",
    "canceled",
  ]),
  ErrorCode: z.string().regex(/^\d+$/).optional(),
});
export type TTwilioStatusCallback = z.infer<typeof ZTwilioStatusCallback>;

/**
 * Records a verified delivery report and moves its notification on: SENT → DELIVERED or
 * UNDELIVERED, never backwards (reports can arrive out of order). A report for a message
 * the worker has not recorded yet stays in delivery_receipts and is applied when it does
 * (dispatch.ts markSent → applyReceipts). An undelivered SMS falls back once to email;
 * error 21610 marks the number opted out.
 *
 * Two statements on purpose: the report is committed first, then applied. The worker
 * does the same the other way round (SENT committed, then receipts applied), so whichever
 * of the two runs second sees the other's row; one statement each would let a report that
 * arrives while the worker records SENT slip past both.
 */
export async function recordTwilioStatus(
  sql: Sql,
  report: TTwilioStatusCallback,
  payload: Record<string, string>,
): Promise<{ notificationId: string | null; status: string | null }> {
  // Twilio retries a callback it got no answer for, and anyone may replay a signed one: a
  // report is kept once per message and status (the first copy), and applying is idempotent.
  await sql.run(
    `insert into delivery_receipts (id, provider, provider_id, status, error_code, payload)
     values ('rcpt_' || md5(random()::text || clock_timestamp()::text), 'twilio', $1, $2, $3, $4::jsonb)
     on conflict (provider, provider_id, status) do nothing`,
    [report.MessageSid, report.MessageStatus, report.ErrorCode ?? null, JSON.stringify(payload)],
  );
  const applied = await applyReceipts(sql, report.MessageSid);
  return applied ? { notificationId: applied.id, status: applied.status } : { notificationId: null, status: null };
}

/** Twilio's final statuses, as the notification records them; interim ones (queued, sent …) move nothing. */
const FINAL_SQL = `case r.status when 'delivered' then 'DELIVERED' when 'read' then 'DELIVERED'
                                 when 'undelivered' then 'UNDELIVERED' when 'failed' then 'UNDELIVERED' end`;

/**
 * The fallback for the failed notification rows of a CTE named `failed` (notifications
 * columns): the same news once on the customer's other channel, if they have an address
 * there and that channel's message was not already sent (or is not already on its way). A
 * message the customer's preferences had suppressed is queued again, as a fallback. A
 * fallback never falls back again. Ends with the CTE `fallback_job` (id of the queued
 * fallback), which the statement must read for its job to be added.
 */
export const FALLBACK_CTES = `fallback as (
       insert into notifications (id, event_row_id, payout_id, customer_id, channel, kind, important, urgent, fallback)
       select f.event_row_id || ':' || o.other, f.event_row_id, f.payout_id, f.customer_id,
              o.other::"NotificationChannel", f.kind, f.important, f.urgent, true
         from failed f
        cross join lateral (select case f.channel::text when 'EMAIL' then 'SMS' else 'EMAIL' end as other) o
         join customers c on c.id = f.customer_id
        where not f.fallback
          and ((o.other = 'SMS' and c.phone is not null) or (o.other = 'EMAIL' and c.email is not null))
       on conflict (event_row_id, channel) do update
          set status = 'QUEUED', fallback = true, suppressed_reason = null, updated_at = now()
        where notifications.status = 'SUPPRESSED' and notifications.suppressed_reason = 'PREFERENCES'
       returning id
     ), fallback_job as (
       select fallback.id, graphile_worker.add_job('${JOB.notify}', json_build_object('id', fallback.id),
                max_attempts := ${NOTIFY_MAX_ATTEMPTS}, job_key := 'notify:' || fallback.id || ':fallback') as job
         from fallback
     )`;

/**
 * Moves the SENT SMS with this provider id to the final status its newest final report
 * (delivered, read, undelivered, failed) says, then acts on it: an undelivered message
 * falls back once to the other channel, error 21610 opts the number out. Interim reports
 * never move a message, and nothing moves a message that is not SENT (never backwards).
 * Safe to run any number of times and concurrently: only the run that moves the row acts.
 *
 * One statement, so one commit: the message is never seen UNDELIVERED without its
 * fallback queued (nor the fallback lost by a crash between the two). Two statements let
 * a reader — the page, or a test waiting for UNDELIVERED — see the first commit and not
 * the second (receipts.int.test.ts failed that way under CPU load, issue #18).
 */
export async function applyReceipts(
  sql: Sql,
  providerId: string,
): Promise<{ id: string; status: "DELIVERED" | "UNDELIVERED"; fallbackId: string | null } | null> {
  const rows = await sql.rows<{
    id: string;
    status: "DELIVERED" | "UNDELIVERED";
    fallback_id: string | null;
  }>(
    `with r as (
       select status, error_code, received_at from delivery_receipts
        where provider_id = $1 and status in ('delivered', 'read', 'undelivered', 'failed')
        order by received_at desc, id desc limit 1
     ), moved as (
       update notifications n set
         status = (${FINAL_SQL})::"NotificationStatus",
         -- a report that beat the worker's SENT counts from the moment the message was recorded sent
         delivered_at = case when ${FINAL_SQL} = 'DELIVERED' then greatest(r.received_at, n.sent_at) else n.delivered_at end,
         failed_at = case when ${FINAL_SQL} = 'UNDELIVERED' then greatest(r.received_at, n.sent_at) else n.failed_at end,
         last_error = case when ${FINAL_SQL} = 'UNDELIVERED'
                           then 'Twilio reported ' || r.status || coalesce(' (error ' || r.error_code || ')', '')
                           else n.last_error end,
         updated_at = now()
         from r
        where n.provider_id = $1 and n.channel = 'SMS' and n.status = 'SENT'
       returning n.id, n.event_row_id, n.payout_id, n.customer_id, n.channel, n.kind, n.important, n.urgent,
                 n.fallback, n.status, r.error_code
     ), opted_out as (
       update customers set sms_opted_out_at = coalesce(sms_opted_out_at, now()), updated_at = now()
        where id in (select customer_id from moved where error_code = '${TWILIO_UNSUBSCRIBED}')
     ), failed as (
       select * from moved where status = 'UNDELIVERED'
     ), ${FALLBACK_CTES}
     select moved.id, moved.status::text as status, (select id from fallback_job) as fallback_id from moved`,
    [providerId],
  );
  const moved = rows[0];
  return moved ? { id: moved.id, status: moved.status, fallbackId: moved.fallback_id } : null;
}

export const ZTwilioInbound = z.object({
  From: z.string().min(1).max(32),
  Body: z.string().max(1600).default(""),
});

// The keywords carriers and Twilio treat as opt-out / opt-in / help.
const STOP_WORDS = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE", "STOPP"]);
const START_WORDS = new Set(["START", "YES", "UNSTOP", "OPTIN"]);
const HELP_WORDS = new Set(["HELP", "INFO", "HILFE"]);

export type InboundKeyword = "STOP" | "START" | "HELP" | null;

export function inboundKeyword(body: string): InboundKeyword {
  const word =
    body
      .trim()
      .split(/\s+/)[0]
      ?.toUpperCase()
      .replace(/[^A-Z]/g, "") ?? "";
  if (STOP_WORDS.has(word)) {
    return "STOP";
  }
  if (START_WORDS.has(word)) {
    return "START";
  }
  if (HELP_WORDS.has(word)) {
    return "HELP";
  }
  return null;
}

/**
 * An SMS a customer sent us: STOP ends SMS to that number (every customer with it),
 * START resumes them, HELP is answered. Returns the keyword and the language of the
 * (first) customer with that number, for the reply.
 */
export async function recordInboundSms(
  sql: Sql,
  message: z.infer<typeof ZTwilioInbound>,
): Promise<{ keyword: InboundKeyword; locale: AppLocale; customers: number }> {
  const keyword = inboundKeyword(message.Body);
  const rows = await sql.rows<{ locale: AppLocale }>(
    `update customers set
       sms_opted_out_at = case $2::text when 'STOP' then coalesce(sms_opted_out_at, now())
                                        when 'START' then null
                                        else sms_opted_out_at end,
       updated_at = case when $2::text in ('STOP', 'START') then now() else updated_at end
     where phone = $1
     returning locale::text as locale`,
    [message.From, keyword],
  );
  return { keyword, locale: rows[0]?.locale ?? "en", customers: rows.length };
}
