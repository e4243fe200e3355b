import { describe, expect, it } from "vitest";
import { NotificationChannel } from "../../db/generated/enums";
import { NOTIFICATION_CHANNELS } from "../types";
import { channelAdapter } from "./adapters";
import { outboxEmailChannel } from "./email";
import { outboxSmsChannel } from "./sms";

// The adapter table is typed by NOTIFICATION_CHANNELS, written by hand; the database's enum
// (prisma/schema.prisma) is what notification rows actually carry.
describe("channel adapters", () => {
  it("has one for every channel of the database's NotificationChannel enum, answering for that channel", () => {
    const transports = { email: outboxEmailChannel(), sms: outboxSmsChannel() };
    const channels = Object.values(NotificationChannel);
    expect([...NOTIFICATION_CHANNELS].sort()).toEqual([...channels].sort());
    for (const channel of channels) {
      expect(channelAdapter(channel, transports).channel).toBe(channel);
    }
  });
});
