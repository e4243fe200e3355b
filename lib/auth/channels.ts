import { notifySettings } from "../env";
import { channelsFromSettings } from "../notifications/channels/from-settings";
import type { AccessChannels } from "./access-messages";

const globalForChannels = globalThis as unknown as { __payoutTrackerAccessChannels?: AccessChannels };

/** The web process's own email and SMS channels for sign-in messages (SMTP / Twilio, or the dev outbox). */
export function accessChannels(): AccessChannels {
  globalForChannels.__payoutTrackerAccessChannels ??= channelsFromSettings({ ...notifySettings(), concurrency: 2 });
  return globalForChannels.__payoutTrackerAccessChannels;
}
