import type { NotifySettings } from "../../env";
import { outboxEmailChannel, smtpChannel } from "./email";
import { outboxSmsChannel, twilioChannel } from "./sms";
import type { EmailChannel, SmsChannel } from "./types";

/** Channels from the configuration: SMTP / Twilio when configured, the dev outbox otherwise. */
export function channelsFromSettings(settings: NotifySettings): { email: EmailChannel; sms: SmsChannel } {
  return {
    email: settings.smtpUrl
      ? smtpChannel(settings.smtpUrl, settings.mailFrom, { maxConnections: settings.concurrency })
      : outboxEmailChannel(),
    sms: settings.twilio
      ? twilioChannel({
          ...settings.twilio,
          statusCallbackUrl: `${settings.appUrl}/api/webhooks/twilio/status`,
        })
      : outboxSmsChannel(),
  };
}
