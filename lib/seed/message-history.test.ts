import { describe, expect, it } from "vitest";
import { quietHoursEnd } from "../notifications/rules";
import { planMessages } from "./message-history";
import { mulberry32, Rng } from "./random";
import { plannedWorld } from "./test-world";
import { HOUR } from "./timeline";

const now = new Date("2026-11-26T15:00:00Z");

describe("planMessages", () => {
  const world = plannedWorld(4, now, 300);
  const trouble = { from: new Date("2026-11-17T17:10:00Z"), until: new Date("2026-11-17T18:25:00Z") };
  const { notifications, receipts } = planMessages({
    rng: new Rng(mulberry32(4)),
    now,
    ...world,
    carrierTrouble: trouble,
  });
  const events = world.payouts.flatMap((p) => p.events.map((e) => ({ e, p })));

  it("has a message per event and channel with an address, decided by the product's rules", () => {
    const byId = new Map(notifications.map((n) => [n.id, n]));
    for (const { e, p } of events) {
      const customer = world.customers.get(p.customerId);
      const email = byId.get(`${e.id}:EMAIL`);
      const sms = byId.get(`${e.id}:SMS`);
      expect(email?.status, "every seeded customer has an email address and gets every update").toMatch(/SENT|FAILED/);
      if (!customer?.phone) {
        expect(sms).toBeUndefined();
        continue;
      }
      if (!sms) {
        // Only a text still held by the customer's quiet hours is left out.
        expect(e.recordedAt.getTime()).toBeGreaterThan(now.getTime() - 12 * HOUR);
        continue;
      }
      // "Only important updates" by SMS: routine news is not texted, unless the email failed (fallback).
      expect(sms.status === "SUPPRESSED").toBe(!sms.important && email?.status !== "FAILED");
      expect(sms.fallback).toBe(email?.status === "FAILED" && !sms.important);
      if (sms.status !== "SUPPRESSED" && !sms.urgent && sms.sendingAt) {
        // Not texted in the customer's quiet hours.
        expect(quietHoursEnd(sms.sendingAt, customer.timeZone, 1260, 480)).toBeNull();
      }
    }
  });

  it("records what became of each message: sent, delivered per Twilio's reports, a few failures, never past now", () => {
    const count = (status: string) => notifications.filter((n) => n.status === status).length;
    expect(count("SENT")).toBeGreaterThan(500);
    expect(count("DELIVERED")).toBeGreaterThan(50);
    expect(count("FAILED")).toBeGreaterThan(2);
    expect(count("FAILED") + count("UNDELIVERED")).toBeLessThan(notifications.length * 0.05);
    for (const n of notifications) {
      for (const at of [n.queuedAt, n.sendingAt, n.sentAt, n.deliveredAt, n.failedAt]) {
        expect(at === null || at.getTime() <= now.getTime()).toBe(true);
      }
      if (n.status === "FAILED" || n.status === "UNDELIVERED") {
        // The alert check compares the last hour with the week before: no seeded failure in it.
        expect(n.failedAt && n.failedAt.getTime() < now.getTime() - HOUR).toBe(true);
        expect(n.lastError).toMatch(/^(SMTP 550|Twilio (400|reported))/);
      }
    }
    const reportsOf = new Map<string, string[]>();
    for (const r of receipts) {
      reportsOf.set(r.providerId, [...(reportsOf.get(r.providerId) ?? []), r.status]);
    }
    for (const n of notifications.filter((x) => x.channel === "SMS" && x.providerId)) {
      const reports = reportsOf.get(n.providerId ?? "") ?? [];
      if (n.status === "DELIVERED") {
        expect(reports).toEqual(["sent", "delivered"]);
      }
      if (n.status === "UNDELIVERED") {
        expect(reports).toEqual(["sent", "undelivered"]);
      }
    }
    // The carrier's bad hour lost most texts (error 30008).
    const lost = receipts.filter((r) => r.errorCode === "30008");
    expect(lost.every((r) => r.receivedAt >= trouble.from)).toBe(true);
  });
});
