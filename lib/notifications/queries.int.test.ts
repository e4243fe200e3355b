import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { createCustomer, createPayout } from "../../test/factories";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import { applyEvent } from "../payouts/apply-event";
import { updatePreferences } from "./preferences";
import {
  getNotificationPreferences,
  getOutboxMessage,
  listOutbox,
  listPayoutNotifications,
  OUTBOX_PAGE_SIZE,
  ZOutboxFilters,
} from "./queries";

beforeEach(resetDatabase);

const at = (iso: string) => new Date(iso);

async function moveTo(payoutId: string, stage: "VERIFYING" | "UNDER_REVIEW", occurredAt: Date) {
  const result = await applyEvent({
    eventId: `evt_${randomUUID()}`,
    occurredAt,
    source: { kind: "API" },
    stage,
    payout: { id: payoutId },
  });
  expect(result).toMatchObject({ ok: true, result: "applied" });
}

/** Pretends a worker handled a message: sets the columns it would have set. */
async function mark(eventRowId: string, channel: "EMAIL" | "SMS", data: Record<string, unknown>) {
  await getDb().notification.update({ where: { eventRowId_channel: { eventRowId, channel } }, data });
}

async function eventIds(payoutId: string): Promise<string[]> {
  const events = await getDb().payoutEvent.findMany({
    where: { payoutId },
    orderBy: { occurredAt: "asc" },
    select: { id: true },
  });
  return events.map((e) => e.id);
}

describe("listPayoutNotifications", () => {
  it("lists each notified event newest first with every channel's status and the time of that status", async () => {
    const ada = await createCustomer();
    const payout = await createPayout(ada.id, "REQUESTED", at("2026-11-23T09:00:00Z"));
    await moveTo(payout.id, "VERIFYING", at("2026-11-23T10:00:00Z"));
    const [first, second] = await eventIds(payout.id);
    if (!first || !second) {
      throw new Error("expected two events");
    }

    await mark(first, "EMAIL", {
      status: "DELIVERED",
      transport: "smtp",
      sentAt: at("2026-11-23T09:00:05Z"),
      deliveredAt: at("2026-11-23T09:00:09Z"),
    });
    await mark(first, "SMS", { status: "SUPPRESSED", suppressedReason: "PREFERENCES" });
    await mark(second, "EMAIL", { status: "FAILED", failedAt: at("2026-11-23T10:00:07Z"), lastError: "550" });
    await mark(second, "SMS", {
      status: "QUEUED",
      fallback: true,
      scheduledFor: at("2026-11-24T07:00:00Z"),
    });

    const events = await listPayoutNotifications(ada.id, payout.id);
    expect(events).toEqual([
      {
        eventId: second,
        occurredAt: at("2026-11-23T10:00:00Z"),
        kind: "STAGE_CHANGED",
        stage: "VERIFYING",
        delayed: false,
        channels: [
          {
            channel: "EMAIL",
            status: "FAILED",
            at: at("2026-11-23T10:00:07Z"),
            held: false,
            suppressedReason: null,
            fallback: false,
          },
          {
            channel: "SMS",
            status: "QUEUED",
            at: at("2026-11-24T07:00:00Z"),
            held: true,
            suppressedReason: null,
            fallback: true,
          },
        ],
      },
      {
        eventId: first,
        occurredAt: at("2026-11-23T09:00:00Z"),
        kind: "STAGE_CHANGED",
        stage: "REQUESTED",
        delayed: false,
        channels: [
          {
            channel: "EMAIL",
            status: "DELIVERED",
            at: at("2026-11-23T09:00:09Z"),
            held: false,
            suppressedReason: null,
            fallback: false,
          },
          expect.objectContaining({ channel: "SMS", status: "SUPPRESSED", suppressedReason: "PREFERENCES" }),
        ],
      },
    ]);
  });

  it("shows a freshly queued message at its queue time", async () => {
    const ada = await createCustomer();
    const payout = await createPayout(ada.id);
    const [event] = await listPayoutNotifications(ada.id, payout.id);
    const row = await getDb().notification.findFirstOrThrow({
      where: { payoutId: payout.id, channel: "EMAIL" },
      select: { queuedAt: true },
    });
    expect(event?.channels).toEqual([
      { channel: "EMAIL", status: "QUEUED", at: row.queuedAt, held: false, suppressedReason: null, fallback: false },
      expect.objectContaining({ channel: "SMS", status: "QUEUED", held: false }),
    ]);
  });

  it("finds nothing for another customer, even with the payout's id", async () => {
    const ada = await createCustomer();
    const eve = await createCustomer({ name: "Eve" });
    const payout = await createPayout(ada.id);
    expect(await listPayoutNotifications(eve.id, payout.id)).toEqual([]);
    expect(await listPayoutNotifications(ada.id, payout.id)).toHaveLength(1);
  });

  it("answers the same by reference, and nothing for another customer's reference", async () => {
    const ada = await createCustomer();
    const eve = await createCustomer({ name: "Eve" });
    const payout = await createPayout(ada.id);
    expect(await listPayoutNotifications(ada.id, { reference: payout.reference })).toEqual(
      await listPayoutNotifications(ada.id, payout.id),
    );
    expect(await listPayoutNotifications(eve.id, { reference: payout.reference })).toEqual([]);
  });
});

describe("notification preferences", () => {
  it("reads the defaults, with the address and number masked", async () => {
    const ada = await createCustomer();
    const prefs = await getNotificationPreferences(ada.id);
    expect(prefs).toEqual({
      emailLevel: "ALL",
      smsLevel: "IMPORTANT",
      smsOptedOutAt: null,
      quietHoursStart: 1260,
      quietHoursEnd: 480,
      timeZone: "Europe/Berlin",
      email: "a•••@example.com",
      phone: "+49 ••• 78",
    });
    expect(await getNotificationPreferences("nobody")).toBeNull();
  });

  it("saves levels and quiet hours, and clears quiet hours when switched off", async () => {
    const ada = await createCustomer();
    const saved = await updatePreferences(ada.id, {
      emailLevel: "IMPORTANT",
      smsLevel: "NONE",
      quietHoursEnabled: true,
      quietHoursStart: "22:00",
      quietHoursEnd: "07:00",
    });
    expect(saved.ok).toBe(true);
    expect(await getNotificationPreferences(ada.id)).toMatchObject({
      emailLevel: "IMPORTANT",
      smsLevel: "NONE",
      quietHoursStart: 1320,
      quietHoursEnd: 420,
    });

    await updatePreferences(ada.id, {
      emailLevel: "ALL",
      smsLevel: "ALL",
      quietHoursEnabled: false,
      quietHoursStart: "",
      quietHoursEnd: "",
    });
    expect(await getNotificationPreferences(ada.id)).toMatchObject({ quietHoursStart: null, quietHoursEnd: null });
  });

  it("leaves an SMS opt-out alone: only START lifts it", async () => {
    const ada = await createCustomer();
    const stoppedAt = at("2026-11-20T12:00:00Z");
    await getDb().customer.update({ where: { id: ada.id }, data: { smsOptedOutAt: stoppedAt } });
    await updatePreferences(ada.id, {
      emailLevel: "ALL",
      smsLevel: "ALL",
      quietHoursEnabled: false,
      quietHoursStart: "",
      quietHoursEnd: "",
    });
    expect((await getNotificationPreferences(ada.id))?.smsOptedOutAt).toEqual(stoppedAt);
  });

  it("answers invalid input with field errors and an unknown customer with NOT_FOUND, changing nothing", async () => {
    const ada = await createCustomer();
    const invalid = await updatePreferences(ada.id, {
      emailLevel: "ALL",
      smsLevel: "NONE",
      quietHoursEnabled: true,
      quietHoursStart: "22:00",
      quietHoursEnd: "22:00",
    });
    expect(invalid).toEqual({ ok: false, code: "INVALID", fieldErrors: { quietHoursEnd: ["sameTime"] } });
    expect(await getNotificationPreferences(ada.id)).toMatchObject({ smsLevel: "IMPORTANT", quietHoursStart: 1260 });

    const missing = await updatePreferences("nobody", {
      emailLevel: "ALL",
      smsLevel: "ALL",
      quietHoursEnabled: false,
      quietHoursStart: "",
      quietHoursEnd: "",
    });
    expect(missing).toEqual({ ok: false, code: "NOT_FOUND" });
  });
});

describe("dev outbox", () => {
  /** Records a payout's queued messages as the outbox channel would, at the given minute. */
  async function record(payoutId: string, minute: number, transport = "outbox") {
    const queuedAt = new Date(Date.UTC(2026, 10, 23, 9, minute));
    await getDb().notification.updateMany({
      where: { payoutId },
      data: { status: "SENT", transport, destination: "ada@example.com", queuedAt, sentAt: queuedAt },
    });
  }

  it("lists only recorded messages, newest first, 25 a page, with customer name and reference", async () => {
    const ada = await createCustomer({ name: "Ada Lovelace" });
    const payouts = [];
    for (let i = 0; i < 14; i++) {
      const payout = await createPayout(ada.id);
      await record(payout.id, i);
      payouts.push(payout);
    }
    const sentForReal = await createPayout(ada.id);
    await record(sentForReal.id, 59, "smtp");

    const page1 = await listOutbox(ZOutboxFilters.parse({}));
    expect(page1).toMatchObject({ total: 28, pages: 2, page: 1 });
    expect(page1.rows).toHaveLength(OUTBOX_PAGE_SIZE);
    expect(page1.rows[0]).toMatchObject({
      customer: { name: "Ada Lovelace" },
      payout: { reference: payouts[13]?.reference },
      status: "SENT",
      destination: "ada@example.com",
    });
    const times = page1.rows.map((r) => r.queuedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(page1.rows.some((r) => r.payout.reference === sentForReal.reference)).toBe(false);

    const page2 = await listOutbox(ZOutboxFilters.parse({ page: "2" }));
    expect(page2.rows).toHaveLength(3);

    const sms = await listOutbox(ZOutboxFilters.parse({ channel: "SMS" }));
    expect(sms.total).toBe(14);
    expect(sms.rows.every((r) => r.channel === "SMS")).toBe(true);
  });

  it("opens one recorded message with its HTML, and nothing for a message a provider sent", async () => {
    const ada = await createCustomer();
    const recorded = await createPayout(ada.id);
    await record(recorded.id, 1);
    await getDb().notification.updateMany({
      where: { payoutId: recorded.id, channel: "EMAIL" },
      data: { subject: "Hello", bodyText: "Hi", bodyHtml: "<p>Hi</p>", locale: "en" },
    });
    const real = await createPayout(ada.id);
    await record(real.id, 2, "smtp");
    const [recordedEmail, realEmail] = await Promise.all(
      [recorded.id, real.id].map((payoutId) =>
        getDb().notification.findFirstOrThrow({ where: { payoutId, channel: "EMAIL" }, select: { id: true } }),
      ),
    );

    expect(await getOutboxMessage(recordedEmail?.id ?? "")).toMatchObject({
      channel: "EMAIL",
      subject: "Hello",
      bodyHtml: "<p>Hi</p>",
      kind: "STAGE_CHANGED",
      event: { stage: "REQUESTED" },
      payout: { reference: recorded.reference },
    });
    expect(await getOutboxMessage(realEmail?.id ?? "")).toBeNull();
    expect(await getOutboxMessage("nope")).toBeNull();
  });

  it("rejects unknown filter values with the field's name", () => {
    const result = ZOutboxFilters.safeParse({ channel: "FAX", page: "0" });
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["channel", "page"]);
  });
});
