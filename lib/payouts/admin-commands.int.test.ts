import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { createCustomer, createPayout } from "../../test/factories";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import { moveStage, overrideEta, setDelay, ZMoveStage, ZOverrideEta } from "./admin-commands";

beforeEach(resetDatabase);

async function staff() {
  return getDb().staffUser.create({
    data: { email: `admin.${randomUUID()}@example.com`, name: "Ada Admin", role: "ADMIN" },
  });
}

describe("admin commands", () => {
  it("moves a stage through applyEvent, recorded as the admin's event", async () => {
    const admin = await staff();
    const payout = await createPayout((await createCustomer()).id, "APPROVED");
    const input = ZMoveStage.parse({
      eventId: `admin_${randomUUID()}`,
      reference: payout.reference,
      stage: "PROCESSING",
    });
    expect(await moveStage(input, admin.id)).toEqual({ ok: true, result: "applied" });
    // A double-submitted form carries the same token: nothing happens twice.
    expect(await moveStage(input, admin.id)).toEqual({ ok: true, result: "duplicate" });
    const events = await getDb().payoutEvent.findMany({ where: { payoutId: payout.id, source: "ADMIN" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: admin.id, fromStage: "APPROVED", stage: "PROCESSING" });
  });

  it("answers an illegal move with the reason and changes nothing", async () => {
    const admin = await staff();
    const payout = await createPayout((await createCustomer()).id, "COMPLETED");
    const result = await moveStage(
      { eventId: `admin_${randomUUID()}`, reference: payout.reference, stage: "PROCESSING" },
      admin.id,
    );
    expect(result).toEqual({
      ok: false,
      message: "COMPLETED is final: a payout cannot move from COMPLETED to PROCESSING.",
    });
    expect((await getDb().payout.findUniqueOrThrow({ where: { id: payout.id } })).stage).toBe("COMPLETED");
  });

  it("needs a reason to mark a payout delayed, and clears it again", async () => {
    const admin = await staff();
    const payout = await createPayout((await createCustomer()).id, "PROCESSING");
    const token = () => `admin_${randomUUID()}`;
    expect(await setDelay({ eventId: token(), reference: payout.reference, delayed: true }, admin.id)).toEqual({
      ok: false,
      message: "Choose a delay reason: customers see it.",
    });
    await setDelay(
      { eventId: token(), reference: payout.reference, delayed: true, reasonCode: "HIGH_VOLUME" },
      admin.id,
    );
    expect(await getDb().payout.findUniqueOrThrow({ where: { id: payout.id } })).toMatchObject({
      delayed: true,
      delayReason: "HIGH_VOLUME",
    });
    await setDelay({ eventId: token(), reference: payout.reference, delayed: false }, admin.id);
    expect(await getDb().payout.findUniqueOrThrow({ where: { id: payout.id } })).toMatchObject({
      delayed: false,
      delayReason: null,
    });
  });

  it("rejects a forged form token and an unknown payout", async () => {
    expect(ZMoveStage.safeParse({ eventId: "evt_1", reference: "PT-X", stage: "SENT" }).success).toBe(false);
    const admin = await staff();
    expect(
      await moveStage({ eventId: `admin_${randomUUID()}`, reference: "PT-NOPE", stage: "SENT" }, admin.id),
    ).toEqual({
      ok: false,
      message: "No such payout.",
    });
  });

  it("asks for a reason when the customer must be told one, and refuses a move to the same stage", async () => {
    const parsed = ZMoveStage.safeParse({
      eventId: `admin_${randomUUID()}`,
      reference: "PT-X",
      stage: "ACTION_REQUIRED",
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({
      path: ["reasonCode"],
      message: "Choose a reason: the customer sees it with what to do.",
    });

    const admin = await staff();
    const payout = await createPayout((await createCustomer()).id, "PROCESSING");
    const same = await moveStage(
      { eventId: `admin_${randomUUID()}`, reference: payout.reference, stage: "PROCESSING" },
      admin.id,
    );
    expect(same).toEqual({ ok: false, message: "The payout is already PROCESSING." });
  });
});

describe("ETA override", () => {
  // Real time: applyEvent refuses events from the future.
  const NOW = new Date();
  const hourAgo = () => new Date(NOW.getTime() - 3_600_000);
  const form = (reference: string, eta: string, reasonCode?: string) =>
    ZOverrideEta.safeParse({ eventId: `admin_${randomUUID()}`, reference, eta, reasonCode });

  it("sets the ETA with its reason, keeps the original, and tells the customer when it moved later", async () => {
    const admin = await staff();
    const payout = await createPayout((await createCustomer()).id, "PROCESSING", hourAgo());
    const later = new Date((payout.etaAt as Date).getTime() + 3 * 86_400_000).toISOString().slice(0, 16);
    const input = form(payout.reference, later, "BANK_HOLIDAY");
    expect(input.success).toBe(true);
    expect(await overrideEta(input.data as never, admin.id, NOW)).toEqual({ ok: true, result: "applied" });

    const after = await getDb().payout.findUniqueOrThrow({ where: { id: payout.id } });
    // shown as a promise: rounded later (a date three days out: the end of that day), never earlier
    expect(after.etaAt?.getTime()).toBeGreaterThanOrEqual(new Date(`${later}:00Z`).getTime());
    expect(after).toMatchObject({ etaPrecision: "DATE", etaSource: "ADMIN" });
    expect(after.originalEtaAt).toEqual(payout.originalEtaAt);
    expect(after.etaReason).toBe("BANK_HOLIDAY");
    const event = await getDb().payoutEvent.findFirstOrThrow({ where: { payoutId: payout.id, source: "ADMIN" } });
    expect(event).toMatchObject({ actorId: admin.id, etaReason: "BANK_HOLIDAY", stage: "PROCESSING" });
    const told = await getDb().notification.findMany({ where: { eventRowId: event.id } });
    expect(told.map((n) => n.kind)).toEqual(["ETA_MOVED", "ETA_MOVED"]);

    // The next stage change recomputes the ETA from the stages' pace: the reason goes with it.
    await moveStage(
      ZMoveStage.parse({ eventId: `admin_${randomUUID()}`, reference: payout.reference, stage: "SENT" }),
      admin.id,
      NOW,
    );
    expect((await getDb().payout.findUniqueOrThrow({ where: { id: payout.id } })).etaReason).toBeNull();
  });

  it("an earlier ETA is kept without a message; a past one, a missing reason or a closed payout are refused", async () => {
    const admin = await staff();
    const customer = await createCustomer();
    const payout = await createPayout(customer.id, "PROCESSING", hourAgo());
    const sooner = new Date(NOW.getTime() + 3_600_000).toISOString().slice(0, 16);
    const input = form(payout.reference, sooner, "OTHER");
    expect(await overrideEta(input.data as never, admin.id, NOW)).toMatchObject({ ok: true });
    const event = await getDb().payoutEvent.findFirstOrThrow({ where: { payoutId: payout.id, source: "ADMIN" } });
    expect(await getDb().notification.count({ where: { eventRowId: event.id } })).toBe(0);

    const past = form(payout.reference, new Date(NOW.getTime() - 86_400_000).toISOString().slice(0, 16), "OTHER");
    expect(await overrideEta(past.data as never, admin.id, NOW)).toEqual({
      ok: false,
      message: "The new ETA must lie in the future.",
    });
    expect(form(payout.reference, "2026-12-01T10:00").success).toBe(false);
    expect(form(payout.reference, "next tuesday", "OTHER").success).toBe(false);

    const closed = await createPayout(customer.id, "COMPLETED", hourAgo());
    const onClosed = form(closed.reference, new Date(NOW.getTime() + 86_400_000).toISOString().slice(0, 16), "OTHER");
    expect(await overrideEta(onClosed.data as never, admin.id, NOW)).toEqual({
      ok: false,
      message: "This payout is paused or closed: it has no ETA to override.",
    });
  });
});
