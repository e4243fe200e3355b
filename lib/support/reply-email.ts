import { createTranslator } from "use-intl/core";
import type { AppLocale } from "@/i18n/locale";
import de from "../../messages/de.json" with { type: "json" };
import en from "../../messages/en.json" with { type: "json" };
import { renderLinkEmail } from "../auth/access-messages";
import type { Sql } from "../db/sql";
import type { EmailChannel } from "../notifications/channels/types";
import { redact } from "../notifications/redact";
import { replyEmailRecordId, SUPPORT_REPLY_PURPOSE } from "./reply-email-records";

const translators = {
  en: createTranslator({ locale: "en", messages: en }),
  de: createTranslator({ locale: "de", messages: de satisfies typeof en }),
};

export type ReplyEmailOutcome = "sent" | "already" | "no-address" | "suppressed" | "failed";

// Why not a row in `notifications` like the payout messages: a notification belongs to a
// payout event (event_row_id, rendered from the event by the dispatcher), and a reply is
// none. Its copy is recorded the way sign-in messages are (access_messages: transport,
// destination, status, the rendered text) and the dev outbox lists it
// (app/admin/outbox/support-replies.tsx). See reply-email-records.ts.

/**
 * The email telling a customer that support replied (task `inquiry-reply-email`), in the
 * customer's language. Sent once: a reply already emailed (or refused for good) is
 * skipped, and a resend after a crash carries the same Message-ID. A customer who turned
 * email off is not emailed (the reply answers their own question, so "only important"
 * still gets it); the reply is on their payout page either way. A transient refusal
 * throws, so graphile-worker retries it with backoff; a permanent one is recorded FAILED.
 */
export async function sendInquiryReplyEmail(
  sql: Sql,
  email: EmailChannel,
  appUrl: string,
  messageId: string,
): Promise<ReplyEmailOutcome> {
  const [row] = await sql.rows<{
    body: string;
    emailed_at: Date | null;
    email: string | null;
    email_level: string;
    name: string;
    locale: AppLocale;
    reference: string;
    recorded: string | null;
  }>(
    `select m.body, m.emailed_at, c.email, c.email_level::text as email_level, c.name, c.locale::text as locale,
            p.reference, (select a.status from access_messages a where a.id = $2) as recorded
       from inquiry_messages m join inquiries i on i.id = m.inquiry_id
       join customers c on c.id = i.customer_id join payouts p on p.id = i.payout_id
      where m.id = $1 and m.staff_id is not null`,
    [messageId, replyEmailRecordId(messageId)],
  );
  if (!row || row.emailed_at || row.recorded === "SENT" || row.recorded === "FAILED" || row.recorded === "SUPPRESSED") {
    return "already";
  }
  if (!row.email) {
    return "no-address";
  }
  const t = translators[row.locale];
  const url = `${appUrl}/payouts/${row.reference}`;
  const firstName = row.name.trim().split(/\s+/)[0] ?? "";
  const rendered = await renderLinkEmail(row.locale, {
    preview: t("support.email.intro", { reference: row.reference }),
    greeting: t("support.email.greeting", { firstName }),
    paragraphs: [t("support.email.intro", { reference: row.reference }), row.body],
    button: t("support.email.button"),
    url,
    footer: t("support.email.footer"),
  });
  const message = {
    to: row.email,
    subject: t("support.email.subject", { reference: row.reference }),
    html: rendered.html,
    text: rendered.text,
    messageId: `<inquiry-reply-${messageId}@payout-tracker>`,
    headers: {},
  };
  const record = (status: string, providerId: string | null, error: string | null, transport = email.transport) =>
    sql.run(
      `insert into access_messages (id, channel, purpose, destination, transport, subject, body_text, body_html,
                                    provider_id, status, last_error)
       values ($1, 'EMAIL', $2, $3, $4, $5, $6, $7, $8, $9, $10)
       on conflict (id) do update set destination = excluded.destination, transport = excluded.transport,
         subject = excluded.subject, body_text = excluded.body_text, body_html = excluded.body_html,
         provider_id = excluded.provider_id, status = excluded.status, last_error = excluded.last_error,
         created_at = now()`,
      [
        replyEmailRecordId(messageId),
        SUPPORT_REPLY_PURPOSE,
        message.to,
        transport,
        message.subject,
        message.text,
        message.html,
        providerId,
        status,
        error,
      ],
    );
  if (row.email_level === "NONE") {
    // Not sent anywhere, so not in the dev outbox either (like a suppressed notification).
    await record("SUPPRESSED", null, "PREFERENCES", "none");
    return "suppressed";
  }
  const result = await email.send(message);
  if (result.status === "sent") {
    await record("SENT", result.providerId, null);
    await sql.run("update inquiry_messages set emailed_at = now() where id = $1", [messageId]);
    return "sent";
  }
  const error = redact(result.error).slice(0, 500);
  if (result.status === "failed") {
    await record("FAILED", null, error);
    return "failed";
  }
  await record("QUEUED", null, error);
  throw new Error(`support reply email not sent: ${error}`);
}
