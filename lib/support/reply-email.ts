import { createTranslator } from "use-intl/core";
import de from "../../messages/de.json" with { type: "json" };
import en from "../../messages/en.json" with { type: "json" };
import { renderLinkEmail } from "../auth/access-messages";
import type { Sql } from "../db/sql";
import type { EmailChannel } from "../notifications/channels/types";
import { redact } from "../notifications/redact";

const translators = {
  en: createTranslator({ locale: "en", messages: en }),
  de: createTranslator({ locale: "de", messages: de satisfies typeof en }),
};

/**
 * The email telling a customer that support replied (task `inquiry-reply-email`). Sent once:
 * a reply already marked emailed is skipped, and a resend after a crash carries the same
 * Message-ID. A refused send throws, so graphile-worker retries it with backoff.
 */
export async function sendInquiryReplyEmail(
  sql: Sql,
  email: EmailChannel,
  appUrl: string,
  messageId: string,
): Promise<"sent" | "already" | "no-address"> {
  const [row] = await sql.rows<{
    body: string;
    emailed_at: Date | null;
    email: string | null;
    name: string;
    locale: "en" | "de";
    reference: string;
  }>(
    `select m.body, m.emailed_at, c.email, c.name, c.locale::text as locale, p.reference
       from inquiry_messages m join inquiries i on i.id = m.inquiry_id
       join customers c on c.id = i.customer_id join payouts p on p.id = i.payout_id
      where m.id = $1 and m.staff_id is not null`,
    [messageId],
  );
  if (!row || row.emailed_at) {
    return "already";
  }
  if (!row.email) {
    return "no-address";
  }
  const t = translators[row.locale];
  const url = `${appUrl.replace(/\/$/, "")}/payouts/${row.reference}`;
  const firstName = row.name.trim().split(/\s+/)[0] ?? "";
  const rendered = await renderLinkEmail(row.locale, {
    preview: t("support.email.intro", { reference: row.reference }),
    greeting: t("support.email.greeting", { firstName }),
    paragraphs: [t("support.email.intro", { reference: row.reference }), row.body],
    button: t("support.email.button"),
    url,
    footer: t("support.email.footer"),
  });
  const result = await email.send({
    to: row.email,
    subject: t("support.email.subject", { reference: row.reference }),
    html: rendered.html,
    text: rendered.text,
    messageId: `<inquiry-reply-${messageId}@payout-tracker>`,
    headers: {},
  });
  if (result.status !== "sent") {
    throw new Error(`support reply email not sent: ${redact(result.error)}`);
  }
  await sql.run("update inquiry_messages set emailed_at = now() where id = $1", [messageId]);
  return "sent";
}
