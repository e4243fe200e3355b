import nodemailer from "nodemailer";
import type { EmailChannel, EmailMessage, SendResult } from "./types";

/**
 * Email over SMTP (nodemailer, pooled connections). SMTP replies 4xx are transient,
 * 5xx permanent; a connection that fails before any reply is transient.
 */
export function smtpChannel(smtpUrl: string, from: string, options: { maxConnections?: number } = {}): EmailChannel {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    // One SMTP transaction per connection at a time: as many as the worker sends at once.
    maxConnections: options.maxConnections ?? 10,
    maxMessages: Number.POSITIVE_INFINITY,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    kind: "email",
    transport: "smtp",
    async send(message: EmailMessage): Promise<SendResult> {
      try {
        await transport.sendMail({
          from,
          to: message.to,
          subject: message.subject,
          html: message.html,
          text: message.text,
          messageId: message.messageId,
          headers: message.headers,
          // base64 is encoded natively; quoted-printable in JavaScript was a tenth of a worker's time.
          textEncoding: "base64",
        });
        return { status: "sent", providerId: message.messageId };
      } catch (error) {
        return classifySmtpError(error);
      }
    },
    close() {
      transport.close();
    },
  };
}

export function classifySmtpError(error: unknown): SendResult {
  const e = error as { responseCode?: number; code?: string; message?: string };
  const description = e.responseCode
    ? `SMTP ${e.responseCode}: ${e.message ?? ""}`.trim()
    : `${e.code ?? "error"}: ${e.message ?? String(error)}`;
  if (e.responseCode !== undefined && e.responseCode >= 500) {
    return { status: "failed", error: description };
  }
  return { status: "retry", error: description };
}

/** The zero-setup default: nothing leaves the machine; the rendered message is the record (admin dev outbox). */
export function outboxEmailChannel(): EmailChannel {
  return {
    kind: "email",
    transport: "outbox",
    async send(message: EmailMessage): Promise<SendResult> {
      return { status: "sent", providerId: message.messageId };
    },
    close() {},
  };
}
