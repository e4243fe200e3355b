import { randomUUID } from "node:crypto";
import { Body, Button, Container, Head, Html, Link, Preview, Text } from "@react-email/components";
import { render } from "@react-email/render";
import { createTranslator } from "use-intl/core";
import type { AppLocale } from "../../i18n/locale";
import de from "../../messages/de.json" with { type: "json" };
import en from "../../messages/en.json" with { type: "json" };
import type { Db } from "../db/client";
import type { EmailChannel, SendResult, SmsChannel } from "../notifications/channels/types";

const translators = {
  en: createTranslator({ locale: "en", messages: en }),
  de: createTranslator({ locale: "de", messages: de satisfies typeof en }),
};

export type AccessPurpose = "SIGN_IN_LINK" | "SIGN_IN_CODE" | "STAFF_INVITE";

export interface AccessChannels {
  email: EmailChannel;
  sms: SmsChannel;
}

const text = { color: "#0f172a", fontSize: "16px", lineHeight: "24px" } as const;

interface LinkEmailParts {
  preview: string;
  greeting: string;
  /** paragraphs; line breaks inside one are kept */
  paragraphs: string[];
  button: string;
  url: string;
  footer: string;
}

function LinkEmail({ locale, parts }: { locale: AppLocale; parts: LinkEmailParts }) {
  const t = translators[locale];
  return (
    <Html lang={locale}>
      <Head />
      <Preview>{parts.preview}</Preview>
      <Body style={{ backgroundColor: "#f8fafc", fontFamily: "Arial, sans-serif" }}>
        <Container style={{ backgroundColor: "#ffffff", padding: "24px", maxWidth: "560px" }}>
          <Text style={text}>{parts.greeting}</Text>
          {parts.paragraphs.map((p) => (
            <Text key={p} style={{ ...text, whiteSpace: "pre-wrap" }}>
              {p}
            </Text>
          ))}
          <Button
            href={parts.url}
            style={{ backgroundColor: "#1e40af", color: "#ffffff", padding: "12px 20px", borderRadius: "6px" }}
          >
            {parts.button}
          </Button>
          <Text style={{ ...text, fontSize: "14px" }}>{t("access.email.orCopy")}</Text>
          <Link href={parts.url} style={{ fontSize: "14px", wordBreak: "break-all" }}>
            {parts.url}
          </Link>
          <Text style={{ ...text, fontSize: "14px", color: "#475569" }}>{parts.footer}</Text>
        </Container>
      </Body>
    </Html>
  );
}

/** A short email with one link as a button: HTML and plain text (sign-in links, invitations, support replies). */
export async function renderLinkEmail(
  locale: AppLocale,
  parts: LinkEmailParts,
): Promise<{ html: string; text: string }> {
  return {
    html: await render(<LinkEmail locale={locale} parts={parts} />),
    text: [parts.greeting, "", ...parts.paragraphs.flatMap((p) => [p, ""]), parts.url, "", parts.footer].join("\n"),
  };
}

/** The magic-link email in the recipient's language: HTML and plain text. */
export async function renderSignInEmail(locale: AppLocale, url: string) {
  const t = translators[locale];
  const email = await renderLinkEmail(locale, {
    preview: t("access.email.preview"),
    greeting: t("access.email.greeting"),
    paragraphs: [t("access.email.body")],
    button: t("access.email.button"),
    url,
    footer: t("access.email.ignore"),
  });
  return { subject: t("access.email.subject"), ...email };
}

export async function renderStaffInvite(inviter: string, role: string, signInUrl: string) {
  const t = translators.en;
  const email = await renderLinkEmail("en", {
    preview: t("access.invite.subject"),
    greeting: t("access.email.greeting"),
    paragraphs: [t("access.invite.body", { inviter, role, signInUrl })],
    button: t("access.invite.button"),
    url: signInUrl,
    footer: "",
  });
  return { subject: t("access.invite.subject"), ...email };
}

export function renderSignInSms(locale: AppLocale, code: string): string {
  return translators[locale]("access.sms", { code });
}

/**
 * Sends one access message and records it for the dev outbox. The stored copy keeps the
 * link or code only when nothing left the machine (the outbox is then the only way to read
 * it); a real transport stores it with the secret withheld.
 */
export async function sendAccessMessage(
  db: Db,
  channels: AccessChannels,
  message: {
    channel: "EMAIL" | "SMS";
    purpose: AccessPurpose;
    to: string;
    subject?: string;
    text: string;
    html?: string;
    /** the link or code in the message */
    secret?: string;
  },
): Promise<SendResult> {
  const id = randomUUID();
  const channel = message.channel === "EMAIL" ? channels.email : channels.sms;
  const result =
    message.channel === "EMAIL"
      ? await channels.email.send({
          to: message.to,
          subject: message.subject ?? "",
          text: message.text,
          html: message.html ?? "",
          messageId: `<access-${id}@payout-tracker>`,
          headers: {},
        })
      : await channels.sms.send({ to: message.to, body: message.text });
  const keep = channel.transport === "outbox" || !message.secret;
  const withhold = (body: string | undefined) =>
    body === undefined || keep || !message.secret ? body : body.split(message.secret).join("[withheld]");
  await db.accessMessage.create({
    data: {
      id,
      channel: message.channel,
      purpose: message.purpose,
      destination: message.to,
      transport: channel.transport,
      subject: message.subject ?? null,
      bodyText: withhold(message.text) ?? "",
      bodyHtml: withhold(message.html) ?? null,
      providerId: result.status === "sent" ? result.providerId : null,
      status: result.status === "sent" ? "SENT" : "FAILED",
      lastError: result.status === "sent" ? null : result.error.slice(0, 500),
    },
  });
  return result;
}
