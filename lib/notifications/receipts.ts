import { z } from "zod";
import type { Sql } from "../db/sql";
import { TWILIO_UNSUBSCRIBED } from "./channels/sms";
import { queueFallback } from "./dispatch";

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

/** The notification status a final report moves a SENT message to; interim reports move nothing. */
const FINAL: Partial<Record<TTwilioStatusCallback["MessageStatus"], "DELIVERED" | "UNDELIVERED">> = {
  delivered: "DELIVERED",
  read: "DELIVERED",
  undelivered: "UNDELIVERED",
  failed: "UNDELIVERED",
};

/**
 * Records a verified delivery report and moves its notification on: SENT → DELIVERED or
 * UNDELIVERED, never backwards (reports can arrive out of order). A report for a message
 * the worker has not recorded yet stays in delivery_receipts and is applied when it does.
 * An undelivered SMS falls back once to email; error 21610 marks the number opted out.
 */
export async function recordTwilioStatus(
  sql: Sql,
  report: TTwilioStatusCallback,
  payload: Record<string, string>,
): Promise<{ notificationId: string | null; status: string | null }> {
  const next = FINAL[report.MessageStatus] ?? null;
  const rows = await sql.rows<{ id: string; customer_id: string }>(
    `with receipt as (
       insert into delivery_receipts (id, provider, provider_id, status, error_code, payload)
       values ('rcpt_' || md5(random()::text || clock_timestamp()::text), 'twilio', $1, $2, $3, $4::jsonb)
     )
     update notifications set
       status = $5::text::"NotificationStatus",
       delivered_at = case when $5::text = 'DELIVERED' then now() else delivered_at end,
       failed_at = case when $5::text = 'UNDELIVERED' then now() else failed_at end,
       last_error = case when $5::text = 'UNDELIVERED' then 'Twilio reported ' || $2 || coalesce(' (error ' || $3 || ')', '')
                         else last_error end,
       updated_at = now()
     where provider_id = $1 and channel = 'SMS' and status = 'SENT' and $5::text is not null
     returning id, customer_id`,
    [report.MessageSid, report.MessageStatus, report.ErrorCode ?? null, JSON.stringify(payload), next],
  );
  const updated = rows[0];
  if (!updated) {
    return { notificationId: null, status: null };
  }
  if (report.ErrorCode === String(TWILIO_UNSUBSCRIBED)) {
    await sql.run(
      "update customers set sms_opted_out_at = coalesce(sms_opted_out_at, now()), updated_at = now() where id = $1",
      [updated.customer_id],
    );
  }
  if (next === "UNDELIVERED") {
    await queueFallback(sql, updated.id);
  }
  return { notificationId: updated.id, status: next };
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
  const word = body.trim().split(/\s+/)[0]?.toUpperCase().replace(/[^A-Z]/g, "") ?? "";
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
): Promise<{ keyword: InboundKeyword; locale: "en" | "de"; customers: number }> {
  const keyword = inboundKeyword(message.Body);
  const rows = await sql.rows<{ locale: "en" | "de" }>(
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
