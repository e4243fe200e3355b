import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { createNotifiedCustomer, jobs, notificationsOf } from "../../test/notifications";
import { resetDatabase } from "../../test/reset-database";
import { getDb, getPgPool } from "../db/client";
import { applyEvent } from "../payouts/apply-event";
import type { Stage } from "../payouts/stages";
import { seed } from "../seed/seed";
import { isNightTime } from "./promise";
import { sweepDelays } from "./sweeper";

beforeEach(resetDatabase);

// A Tuesday at noon UTC: business hours run.
const NOW = new Date("2026-11-24T12:00:00Z");
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

async function payoutEnteredAt(stage: Stage, at: Date, customerId?: string) {
  const owner = customerId ?? (await createNotifiedCustomer({ phone: null })).id;
  const result = await applyEvent(
    {
      eventId: `evt_${randomUUID()}`,
      occurredAt: at,
      source: { kind: "BACKFILL" },
      stage,
      payout: {
        externalId: `po_${randomUUID()}`,
        create: {
          customerId: owner,
          amountMinor: 50_000n,
          currency: "EUR",
          method: "SEPA",
          destinationLabel: "DE•• 1",
        },
      },
    },
    { now: () => NOW },
  );
  if (!result.ok) {
    throw new Error(result.message);
  }
  return getDb().payout.findUniqueOrThrow({ where: { id: result.payoutId } });
}

describe("sweepDelays", () => {
  it("flags a payout whose ETA passed, with a reason and a new ETA, and tells the customer once", async () => {
    // SEPA from REQUESTED: 39 business hours; entered five days ago, the ETA is long past.
    const late = await payoutEnteredAt("REQUESTED", hoursAgo(5 * 24));
    expect(late.etaAt?.getTime()).toBeLessThan(NOW.getTime());

    expect(await sweepDelays(getPgPool(), { now: NOW })).toEqual({ checked: 1, delayed: 1, failed: 0 });
    const after = await getDb().payout.findUniqueOrThrow({ where: { id: late.id } });
    expect(after).toMatchObject({ delayed: true, delayReason: "TAKING_LONGER", stage: "REQUESTED" });
    expect(after.etaAt?.getTime()).toBeGreaterThan(NOW.getTime());
    // The first ETA stays the original one, so the page shows both.
    expect(after.originalEtaAt).toEqual(late.originalEtaAt);
    const event = await getDb().payoutEvent.findFirstOrThrow({ where: { payoutId: late.id, source: "SWEEPER" } });
    expect(event).toMatchObject({ outcome: "APPLIED", delayed: true, delayReason: "TAKING_LONGER" });
    const notified = await notificationsOf(late.id);
    expect(notified.map((n) => [n.channel, n.kind])).toEqual([["EMAIL", "DELAYED"]]);

    // Running it again — later, or twice at once — changes nothing and tells nobody again.
    const again = await Promise.all([
      sweepDelays(getPgPool(), { now: NOW }),
      sweepDelays(getPgPool(), { now: hoursAgo(-1) }),
    ]);
    expect(again.map((r) => r.delayed)).toEqual([0, 0]);
    expect(await getDb().payoutEvent.count({ where: { payoutId: late.id, source: "SWEEPER" } })).toBe(1);
    expect(await notificationsOf(late.id)).toHaveLength(1);
    expect((await jobs()).length).toBe(1);
  });

  it("re-estimates again each time a new ETA passes, telling the customer at most once a day", async () => {
    const late = await payoutEnteredAt("REQUESTED", hoursAgo(5 * 24));
    await sweepDelays(getPgPool(), { now: NOW });
    const first = await getDb().payout.findUniqueOrThrow({ where: { id: late.id } });
    const passed = new Date((first.etaAt?.getTime() ?? 0) + 30_000);
    expect(await sweepDelays(getPgPool(), { now: passed })).toMatchObject({ delayed: 1 });
    const second = await getDb().payout.findUniqueOrThrow({ where: { id: late.id } });
    expect(second.etaAt?.getTime()).toBeGreaterThan(passed.getTime());
    expect(second.etaSource).toBe("SWEEPER");
    const kinds = (await notificationsOf(late.id)).map((n) => n.kind);
    // the delay was told; the next re-estimate only if a day has passed since
    const dayLater = passed.getTime() - NOW.getTime() >= 86_400_000;
    expect(kinds).toEqual(dayLater ? ["DELAYED", "ETA_MOVED"] : ["DELAYED"]);
  });

  it("leaves payouts on time, paused, closed or already delayed alone", async () => {
    const customer = await createNotifiedCustomer({ phone: null });
    const onTime = await payoutEnteredAt("PROCESSING", hoursAgo(2), customer.id);
    const closed = await payoutEnteredAt("COMPLETED", hoursAgo(24 * 30), customer.id);
    const paused = await payoutEnteredAt("VERIFYING", hoursAgo(24 * 30), customer.id);
    await applyEvent(
      {
        eventId: `evt_${randomUUID()}`,
        occurredAt: hoursAgo(24 * 29),
        source: { kind: "BACKFILL" },
        stage: "ACTION_REQUIRED",
        reasonCode: "VERIFICATION_INCOMPLETE",
        payout: { id: paused.id },
      },
      { now: () => NOW },
    );
    const flagged = await payoutEnteredAt("APPROVED", hoursAgo(24 * 30), customer.id);
    await applyEvent(
      {
        eventId: `evt_${randomUUID()}`,
        occurredAt: hoursAgo(24 * 29),
        source: { kind: "BACKFILL" },
        payout: { id: flagged.id },
        delay: { reasonCode: "BANK_HOLIDAY" },
      },
      { now: () => NOW },
    );

    // Only the delayed payout's ETA has passed: it is re-estimated (never in the past), its
    // reason kept, and — a month overdue — silently (nobody is messaged about old data).
    expect(await sweepDelays(getPgPool(), { now: NOW })).toMatchObject({ checked: 1, delayed: 1 });
    for (const id of [onTime.id, closed.id, paused.id]) {
      expect((await getDb().payout.findUniqueOrThrow({ where: { id } })).delayed).toBe(false);
    }
    const after = await getDb().payout.findUniqueOrThrow({ where: { id: flagged.id } });
    expect(after.delayReason).toBe("BANK_HOLIDAY");
    expect(after.etaAt?.getTime()).toBeGreaterThan(NOW.getTime());
    expect(await notificationsOf(flagged.id)).toHaveLength(0);
  });

  it("a payout that moves on gets a new promise, and is re-estimated only once that passes", async () => {
    const payout = await payoutEnteredAt("REQUESTED", hoursAgo(5 * 24));
    await sweepDelays(getPgPool(), { now: NOW });
    await applyEvent(
      {
        eventId: `evt_${randomUUID()}`,
        occurredAt: hoursAgo(-1),
        source: { kind: "API" },
        stage: "VERIFYING",
        payout: { id: payout.id },
      },
      { now: () => hoursAgo(-1) },
    );
    const moved = await getDb().payout.findUniqueOrThrow({ where: { id: payout.id } });
    expect(moved).toMatchObject({ delayed: false, etaSource: "MODEL" });
    const eta = moved.etaAt?.getTime() ?? 0;
    const sweeps = () => getDb().payoutEvent.count({ where: { payoutId: payout.id, source: "SWEEPER" } });
    // A minute before the new ETA: not even a candidate, and the payout keeps its promise.
    expect(await sweepDelays(getPgPool(), { now: new Date(eta - 60_000) })).toEqual({
      checked: 0,
      delayed: 0,
      failed: 0,
    });
    expect(await getDb().payout.findUniqueOrThrow({ where: { id: payout.id } })).toMatchObject({
      delayed: false,
      etaAt: moved.etaAt,
      etaSource: "MODEL",
    });
    expect(await sweeps()).toBe(1);
    // Once it has passed: delayed again, with a new ETA ahead.
    expect(await sweepDelays(getPgPool(), { now: new Date(eta + 30_000) })).toEqual({
      checked: 1,
      delayed: 1,
      failed: 0,
    });
    const swept = await getDb().payout.findUniqueOrThrow({ where: { id: payout.id } });
    expect(swept).toMatchObject({ delayed: true, etaSource: "SWEEPER" });
    expect(swept.etaAt?.getTime()).toBeGreaterThan(eta + 30_000);
    expect(await sweeps()).toBe(2);
  });

  it("finds no past and no night ETA in freshly seeded demo data, whatever the hour and weekday of the start", async () => {
    // Every 7 hours over a week: weekday mornings, nights, Friday evening, the weekend.
    let shown = 0;
    for (let i = 0; i < 24; i++) {
      await resetDatabase();
      const now = new Date(Date.UTC(2026, 11, 7, 0, 13) + i * 7 * 3_600_000);
      await seed(getDb(), { now, scale: 0.2 });
      const open = await getDb().payout.findMany({
        where: { etaAt: { not: null } },
        select: { reference: true, etaAt: true, etaPrecision: true, customer: { select: { timeZone: true } } },
      });
      expect(open.length).toBeGreaterThan(10);
      shown += open.length;
      for (const p of open) {
        const at = p.etaAt ?? now;
        const where = `${p.reference} seeded at ${now.toISOString()}: ${at.toISOString()} ${p.etaPrecision}`;
        expect(at.getTime(), where).toBeGreaterThan(now.getTime());
        expect(isNightTime({ at, precision: p.etaPrecision ?? "TIME" }, p.customer.timeZone), where).toBe(false);
      }
      expect(await sweepDelays(getPgPool(), { now }), `seeded at ${now.toISOString()}`).toEqual({
        checked: 0,
        delayed: 0,
        failed: 0,
      });
    }
    console.info(`fresh starts: 24, open payouts with an ETA: ${shown}, past: 0, at night: 0`);
  }, 180_000);

  it("does not make the payout system's next event stale: its real change still applies", async () => {
    const payout = await payoutEnteredAt("SENT", hoursAgo(4 * 24));
    await sweepDelays(getPgPool(), { now: NOW });
    // The payout completed a little before the sweep; the sender's event arrives just after it.
    const completed = await applyEvent(
      {
        eventId: `evt_${randomUUID()}`,
        occurredAt: new Date(NOW.getTime() - 2_000),
        source: { kind: "API" },
        stage: "COMPLETED",
        payout: { id: payout.id },
      },
      { now: () => new Date(NOW.getTime() + 3_000) },
    );
    expect(completed).toMatchObject({ ok: true, result: "applied" });
    expect(await getDb().payout.findUniqueOrThrow({ where: { id: payout.id } })).toMatchObject({
      stage: "COMPLETED",
      delayed: false,
    });
  });

  it("respects an admin's revised ETA that still lies ahead, and never moves an ETA earlier", async () => {
    // Entered five days ago: the model's ETA has long passed, the admin's lies ten days ahead.
    const overridden = await payoutEnteredAt("REQUESTED", hoursAgo(5 * 24));
    expect(overridden.etaAt?.getTime()).toBeLessThan(NOW.getTime());
    const later = new Date(NOW.getTime() + 10 * 86_400_000);
    await applyEvent(
      {
        eventId: `evt_${randomUUID()}`,
        occurredAt: hoursAgo(2),
        source: { kind: "ADMIN", staffId: "staff_1" },
        payout: { id: overridden.id },
        eta: later,
        etaReason: "BANK_HOLIDAY",
      },
      { now: () => NOW },
    );
    const promised = await getDb().payout.findUniqueOrThrow({ where: { id: overridden.id } });
    expect(promised.etaAt?.getTime()).toBeGreaterThanOrEqual(later.getTime());
    const told = await notificationsOf(overridden.id); // the admin's new ETA

    expect(await sweepDelays(getPgPool(), { now: NOW })).toEqual({ checked: 0, delayed: 0, failed: 0 });
    const after = await getDb().payout.findUniqueOrThrow({ where: { id: overridden.id } });
    expect(after).toMatchObject({
      delayed: false,
      etaAt: promised.etaAt,
      etaReason: "BANK_HOLIDAY",
      etaSource: "ADMIN",
      updatedAt: promised.updatedAt,
    });
    expect(await getDb().payoutEvent.count({ where: { payoutId: overridden.id, source: "SWEEPER" } })).toBe(0);
    expect(await notificationsOf(overridden.id)).toEqual(told);
  });

  it("re-estimates ETAs that passed more than a week ago without messaging anyone (old data, back-fills)", async () => {
    const ancient = await payoutEnteredAt("PROCESSING", hoursAgo(30 * 24));
    expect(await sweepDelays(getPgPool(), { now: NOW })).toEqual({ checked: 1, delayed: 1, failed: 0 });
    const after = await getDb().payout.findUniqueOrThrow({ where: { id: ancient.id } });
    expect(after.delayed).toBe(true);
    expect(after.etaAt?.getTime()).toBeGreaterThan(NOW.getTime());
    expect(await notificationsOf(ancient.id)).toHaveLength(0);
  });
});
