import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { createCustomer, createPayout } from "../../test/factories";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import { moveStage, setDelay, ZMoveStage } from "./admin-commands";

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
