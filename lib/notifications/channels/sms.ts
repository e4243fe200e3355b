import { randomBytes } from "node:crypto";
import twilio from "twilio";
import type { SendResult, SmsChannel, SmsMessage } from "./types";

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  from: string | null;
  messagingServiceSid: string | null;
  /** regional endpoint or a local fake; null = Twilio's default */
  apiBaseUrl: string | null;
  /** where Twilio posts delivery reports */
  statusCallbackUrl: string;
}

/** Twilio error for a recipient who replied STOP: https://www.twilio.com/docs/api/errors/21610 */
export const TWILIO_UNSUBSCRIBED = 21610;
/** Numbers Twilio will never deliver to (invalid, not mobile, unreachable region …). */
const PERMANENT_NUMBER_ERRORS = new Set([21211, 21214, 21217, 21408, 21612, 21614, 21635]);

/** SMS through the twilio SDK. HTTP 429 and 5xx (and no answer) are transient; a refused number is permanent. */
export function twilioChannel(config: TwilioConfig): SmsChannel {
  const client = twilio(config.accountSid, config.authToken, { timeout: 30_000 });
  if (config.apiBaseUrl) {
    // Every REST call of the Messages API is built from this domain's base URL. The URL
    // names the host exactly: a region or edge from TWILIO_REGION / TWILIO_EDGE (read by
    // the SDK from the environment) would rewrite it (localhost → localhost.ie1.localhost).
    client.region = undefined;
    client.edge = undefined;
    client.api.baseUrl = config.apiBaseUrl.replace(/\/$/, "");
  }
  const sender = config.messagingServiceSid
    ? { messagingServiceSid: config.messagingServiceSid }
    : { from: config.from ?? undefined };
  return {
    kind: "sms",
    transport: "twilio",
    async send(message: SmsMessage): Promise<SendResult> {
      try {
        const sent = await client.messages.create({
          to: message.to,
          body: message.body,
          statusCallback: config.statusCallbackUrl,
          ...sender,
        });
        return { status: "sent", providerId: sent.sid };
      } catch (error) {
        return classifyTwilioError(error);
      }
    },
    async findSent(message: SmsMessage, since: Date): Promise<string | null> {
      // No DateSent filter: a message Twilio still queues has no sent date yet. Newest first;
      // only one created after the interrupted try began (less a minute of clock skew) counts,
      // so an older SMS with the same text is not taken for this one.
      const recent = await client.messages.list({ to: message.to, limit: 50 });
      const after = since.getTime() - 60_000;
      return recent.find((m) => m.body === message.body && m.dateCreated.getTime() >= after)?.sid ?? null;
    },
  };
}

export function classifyTwilioError(error: unknown): SendResult {
  const e = error as { status?: number; code?: number; message?: string };
  const description = e.status
    ? `Twilio ${e.status}${e.code ? ` (${e.code})` : ""}: ${e.message ?? ""}`.trim()
    : `network: ${e.message ?? String(error)}`;
  if (e.code === TWILIO_UNSUBSCRIBED) {
    return { status: "failed", error: description, optedOut: true };
  }
  if (e.code !== undefined && PERMANENT_NUMBER_ERRORS.has(e.code)) {
    return { status: "failed", error: description };
  }
  // Transient: rate limited, Twilio's own trouble, no answer; also our credentials (an operator fixes them, the message waits).
  if (e.status === undefined || e.status === 429 || e.status >= 500 || e.status === 401 || e.status === 403) {
    return { status: "retry", error: description };
  }
  return { status: "failed", error: description };
}

/** The zero-setup default: the SMS is recorded (admin dev outbox), not sent. */
export function outboxSmsChannel(): SmsChannel {
  return {
    kind: "sms",
    transport: "outbox",
    async send(): Promise<SendResult> {
      return { status: "sent", providerId: `outbox-${randomBytes(8).toString("hex")}` };
    },
    async findSent(): Promise<string | null> {
      return null;
    },
  };
}
