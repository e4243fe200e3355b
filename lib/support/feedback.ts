import { createHash, createHmac } from "node:crypto";
import { createTranslator } from "use-intl/core";
import { z } from "zod";
import type { AppLocale } from "@/i18n/locale";
import de from "../../messages/de.json" with { type: "json" };
import en from "../../messages/en.json" with { type: "json" };
import { renderLinkEmail } from "../auth/access-messages";
import type { Db } from "../db/client";
import type { Sql } from "../db/sql";
import type { EmailChannel, SmsChannel } from "../notifications/channels/types";
import { toGsm7 } from "../notifications/gsm7";
import { redact } from "../notifications/redact";
import { quietHoursEnd } from "../notifications/rules";

const translators = {
  en: createTranslator({ locale: "en", messages: en }),
  de: createTranslator({ locale: "de", messages: de satisfies typeof en }),
};

/** At most one survey per customer in this many days. */
export const SURVEY_EVERY_DAYS = 30;
/** Surveys are offered this long after the payout completed or the question was resolved… */
const OFFER_AFTER_MS = 10 * 60_000;
/** …and not for events older than this (a first start on an old database asks nobody). */
const OFFER_WITHIN_MS = 24 * 3_600_000;

/** The survey link's token: 128 bits of HMAC(AUTH_SECRET, survey id); only its SHA-256 is stored. */
export function surveyToken(secret: string, surveyId: string): string {
  return createHmac("sha256", secret).update(`survey:${surveyId}`).digest("base64url").slice(0, 22);
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Offers surveys (worker cron, every 10 minutes): for payouts completed and questions
 * resolved 10 minutes to 24 hours ago, to customers who have not been asked in the last 30
 * days — at most one survey per customer, whatever happened to them. By email when their
 * email setting is not "off", else by SMS when they get text messages (and did not reply
 * STOP); nobody who turned both off. Returns the new surveys' ids, to be sent.
 */
export async function offerSurveys(sql: Sql, secret: string, now = new Date()): Promise<string[]> {
  const from = new Date(now.getTime() - OFFER_WITHIN_MS);
  const until = new Date(now.getTime() - OFFER_AFTER_MS);
  const since = new Date(now.getTime() - SURVEY_EVERY_DAYS * 86_400_000);
  const candidates = await sql.rows<{
    customer_id: string;
    payout_id: string | null;
    inquiry_id: string | null;
    trigger: string;
    channel: "EMAIL" | "SMS";
    time_zone: string;
    quiet_hours_start: number | null;
    quiet_hours_end: number | null;
  }>(
    `select distinct on (customer_id) customer_id, payout_id, inquiry_id, trigger,
            cu.time_zone, cu.quiet_hours_start, cu.quiet_hours_end,
            case when cu.email is not null and cu.email_level <> 'NONE' then 'EMAIL' else 'SMS' end as channel
       from (
       select p.customer_id, p.id as payout_id, null::text as inquiry_id, 'COMPLETED' as trigger, p.stage_entered_at as at
         from payouts p where p.stage = 'COMPLETED' and p.stage_entered_at between $1 and $2
       union all
       select i.customer_id, i.payout_id, i.id, 'INQUIRY_RESOLVED', i.resolved_at
         from inquiries i where i.status = 'RESOLVED' and i.resolved_at between $1 and $2
     ) c
     join customers cu on cu.id = c.customer_id
     where ((cu.email is not null and cu.email_level <> 'NONE')
            or (cu.phone is not null and cu.sms_level <> 'NONE' and cu.sms_opted_out_at is null))
       and not exists (select 1 from feedback_surveys f where f.customer_id = c.customer_id and f.offered_at > $3)
     order by customer_id, at`,
    [from, until, since],
  );
  const offered: string[] = [];
  for (const c of candidates) {
    if (c.channel === "SMS" && quietHoursEnd(now, c.time_zone, c.quiet_hours_start, c.quiet_hours_end)) {
      continue; // not a text in the customer's quiet hours: a later run asks
    }
    const id = `fb_${createHash("sha256").update(`${c.customer_id}:${now.toISOString()}`).digest("hex").slice(0, 20)}`;
    // The 30-day rule again, under the insert: two runs at once offer one survey.
    const rows = await sql.rows<{ id: string }>(
      `insert into feedback_surveys (id, customer_id, payout_id, inquiry_id, trigger, channel, token_hash, offered_at)
       select $1, $2, $3, $4, $5::"FeedbackTrigger", $9::"NotificationChannel", $6, $7
        where not exists (select 1 from feedback_surveys where customer_id = $2 and offered_at > $8)
       on conflict do nothing
       returning id`,
      [
        id,
        c.customer_id,
        c.payout_id,
        c.inquiry_id,
        c.trigger,
        hashToken(surveyToken(secret, id)),
        now,
        since,
        c.channel,
      ],
    );
    if (rows[0]) {
      offered.push(rows[0].id);
    }
  }
  return offered;
}

/**
 * Sends one survey, once (a sent survey is skipped): by email with five one-click answers
 * (1–5), or by SMS asking for a reply 1–5 (recorded by the inbound webhook) with the link.
 */
export async function sendSurvey(
  sql: Sql,
  channels: { email: EmailChannel; sms: SmsChannel },
  appUrl: string,
  secret: string,
  surveyId: string,
): Promise<"sent" | "already"> {
  const [row] = await sql.rows<{
    emailed_at: Date | null;
    email: string | null;
    phone: string | null;
    name: string;
    locale: AppLocale;
    trigger: string;
    channel: "EMAIL" | "SMS";
  }>(
    `select f.emailed_at, c.email, c.phone, c.name, c.locale::text as locale, f.trigger::text as trigger,
            f.channel::text as channel
       from feedback_surveys f join customers c on c.id = f.customer_id where f.id = $1`,
    [surveyId],
  );
  if (!row || row.emailed_at) {
    return "already";
  }
  const t = translators[row.locale];
  const base = `${appUrl}/f/${surveyToken(secret, surveyId)}`;
  if (row.channel === "SMS") {
    if (!row.phone) {
      return "already";
    }
    const result = await channels.sms.send({ to: row.phone, body: toGsm7(t("feedback.sms", { url: base })) });
    if (result.status !== "sent") {
      throw new Error(`survey SMS not sent: ${redact(result.error)}`);
    }
    await sql.run("update feedback_surveys set emailed_at = now() where id = $1", [surveyId]);
    return "sent";
  }
  if (!row.email) {
    return "already";
  }
  const email = channels.email;
  const scores = [1, 2, 3, 4, 5].map(
    (n) => `${n} – ${t(`feedback.csat.${n}` as "feedback.csat.1")}: ${base}?csat=${n}`,
  );
  const rendered = await renderLinkEmail(row.locale, {
    preview: t("feedback.email.question"),
    greeting: t("feedback.email.greeting", { firstName: row.name.trim().split(/\s+/)[0] ?? "" }),
    paragraphs: [
      t(row.trigger === "COMPLETED" ? "feedback.email.afterPayout" : "feedback.email.afterQuestion"),
      t("feedback.email.question"),
      scores.join("\n"),
    ],
    button: t("feedback.email.button"),
    url: base,
    footer: t("feedback.email.footer"),
  });
  const result = await email.send({
    to: row.email,
    subject: t("feedback.email.subject"),
    html: rendered.html,
    text: rendered.text,
    messageId: `<survey-${surveyId}@payout-tracker>`,
    headers: {},
  });
  if (result.status !== "sent") {
    throw new Error(`survey email not sent: ${redact(result.error)}`);
  }
  await sql.run("update feedback_surveys set emailed_at = now() where id = $1", [surveyId]);
  return "sent";
}

export const ZAnswer = z.object({
  csat: z.coerce.number().int().min(1, "csat").max(5, "csat").optional(),
  nps: z.coerce.number().int().min(0, "nps").max(10, "nps").optional(),
  comment: z.string().trim().max(2000, "comment").optional(),
});

/** The survey behind a link, or null for an unknown token. */
export async function surveyByToken(db: Db, token: string) {
  if (!/^[A-Za-z0-9_-]{22}$/.test(token)) {
    return null;
  }
  return db.feedbackSurvey.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, csat: true, nps: true, comment: true, answeredAt: true, customerId: true, payoutId: true },
  });
}

/** Records answers; an answer may be changed later, and empty fields keep what was given. */
export async function answerSurvey(db: Db, surveyId: string, answer: z.output<typeof ZAnswer>, now = new Date()) {
  return db.feedbackSurvey.update({
    where: { id: surveyId },
    data: {
      ...(answer.csat !== undefined ? { csat: answer.csat } : {}),
      ...(answer.nps !== undefined ? { nps: answer.nps } : {}),
      ...(answer.comment ? { comment: answer.comment } : {}),
      answeredAt: now,
    },
  });
}

/**
 * An SMS reply "1" to "5" from a number whose customer was asked by SMS in the last 7 days
 * and has not scored yet: the score of the newest such survey. Null: not a survey reply.
 */
export async function recordSmsSurveyReply(
  sql: Sql,
  from: string,
  body: string,
  now = new Date(),
): Promise<number | null> {
  const score = /^\s*([1-5])\s*\.?\s*$/.exec(body)?.[1];
  if (!score) {
    return null;
  }
  const rows = await sql.rows<{ id: string }>(
    `update feedback_surveys set csat = $2, answered_at = $3
      where id = (select f.id from feedback_surveys f join customers c on c.id = f.customer_id
                   where c.phone = $1 and f.channel = 'SMS' and f.csat is null
                     and f.offered_at > $3::timestamptz - interval '7 days'
                   order by f.offered_at desc limit 1)
      returning id`,
    [from, Number(score), now],
  );
  return rows[0] ? Number(score) : null;
}

/** The answer to an SMS survey score, in the customer's language (GSM-7). */
export function surveyThanksSms(locale: AppLocale): string {
  return toGsm7(translators[locale]("feedback.smsThanks"));
}
