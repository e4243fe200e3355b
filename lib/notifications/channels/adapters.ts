import { applyReceipts } from "../receipts";
import { renderEmail } from "../render-email";
import { renderSms } from "../render-sms";
import { quietHoursEnd } from "../rules";
import type { NotificationChannel } from "../types";
import type {
  ChannelTransports,
  EmailChannel,
  NotificationChannelAdapter,
  OutgoingNotification,
  SmsChannel,
} from "./types";

/** Email: never held (quiet hours are for SMS); the same Message-ID on every try, which receiving servers deduplicate. */
export function emailAdapter(transport: EmailChannel): NotificationChannelAdapter {
  return {
    channel: "EMAIL",
    transport: transport.transport,
    contact: (recipient) => ({ to: recipient.email, level: recipient.email_level, optedOut: false }),
    heldUntil: () => null,
    render: (context) => renderEmail(context),
    send: (message: OutgoingNotification) =>
      transport.send({
        to: message.to,
        subject: message.content.subject ?? "",
        html: message.content.html ?? "",
        text: message.content.text,
        messageId: `<${message.id.replace(":", ".")}@payout-tracker>`,
        headers: {
          "List-Unsubscribe": `<${message.preferencesUrl}>`,
          "X-Payout-Reference": message.reference,
        },
      }),
    afterSent: async () => {},
  };
}

/**
 * SMS: a number that replied STOP gets nothing; a message that is not urgent waits for the
 * end of the customer's quiet hours; a try whose outcome is unknown is looked up at the
 * provider before sending again; delivery reports may beat the worker's SENT.
 */
export function smsAdapter(transport: SmsChannel): NotificationChannelAdapter {
  return {
    channel: "SMS",
    transport: transport.transport,
    contact: (recipient) => ({ to: recipient.phone, level: recipient.sms_level, optedOut: recipient.sms_opted_out }),
    heldUntil: (recipient, urgent, now) =>
      urgent ? null : quietHoursEnd(now, recipient.time_zone, recipient.quiet_hours_start, recipient.quiet_hours_end),
    render: async (context) => ({ subject: null, text: renderSms(context).body, html: null }),
    async send(message: OutgoingNotification) {
      const sms = { to: message.to, body: message.content.text };
      // Outcome unknown: the worker died mid-send, or the last try got no answer from Twilio
      // (a network error may come after Twilio accepted the message; classifyTwilioError).
      const { status, sendingAt, lastError } = message.previousTry;
      const since = status === "SENDING" || lastError?.startsWith("network:") ? sendingAt : null;
      const already = since ? await transport.findSent(sms, since) : null;
      return already ? { status: "sent", providerId: already } : transport.send(sms);
    },
    afterSent: async (sql, providerId) => {
      await applyReceipts(sql, providerId);
    },
  };
}

/** One adapter per channel of the NotificationChannel enum: a new channel does not compile without one. */
const ADAPTERS: { readonly [C in NotificationChannel]: (transports: ChannelTransports) => NotificationChannelAdapter } =
  {
    EMAIL: (transports) => emailAdapter(transports.email),
    SMS: (transports) => smsAdapter(transports.sms),
  };

/** The adapter for a notification's channel, sending through the worker's transports. */
export function channelAdapter(
  channel: NotificationChannel,
  transports: ChannelTransports,
): NotificationChannelAdapter {
  const adapter = ADAPTERS[channel];
  if (!adapter) {
    // A value the database knows and this code does not (the enum grew without an adapter).
    throw new Error(`no adapter for notification channel ${channel}`);
  }
  return adapter(transports);
}
