import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { createCustomer, createPayout } from "../../test/factories";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import { moveStage, setDelay, ZMoveStage } from "../payouts/admin-commands";
import { listAudit, ZAuditFilters } from "./log";

beforeEach(resetDatabase);

const token = () => `admin_${randomUUID()}`;

async function admin(email = `ada.${randomUUID().slice(0, 6)}@example.com`) {
  return getDb().staffUser.create({ data: { email, name: "Ada Admin", role: "ADMIN" } });
}

describe("audit log", () => {
  it("records who changed what, with the payout before and after, once per change", async () => {
    const ada = await admin("ada@example.com");
    const payout = await createPayout((await createCustomer()).id, "APPROVED");
    const move = ZMoveStage.parse({ eventId: token(), reference: payout.reference, stage: "PROCESSING" });
    await moveStage(move, ada.id);
    await moveStage(move, ada.id); // the same form again: a duplicate, no second entry

    const { entries, total } = await listAudit(getDb(), ZAuditFilters.parse({}));
    expect(total).toBe(1);
    expect(entries[0]).toMatchObject({
      staffEmail: "ada@example.com",
      action: "STAGE_MOVED",
      target: payout.reference,
      before: expect.objectContaining({ stage: "APPROVED" }),
      after: expect.objectContaining({ stage: "PROCESSING" }),
    });
  });

  it("records nothing for a change that was refused", async () => {
    const ada = await admin();
    const payout = await createPayout((await createCustomer()).id, "SENT");
    const back = ZMoveStage.parse({ eventId: token(), reference: payout.reference, stage: "VERIFYING" });
    expect(await moveStage(back, ada.id)).toMatchObject({ ok: false });
    expect(await getDb().auditEntry.count()).toBe(0);
  });

  it("filters by action, payout (with or without PT-) and staff email", async () => {
    const ada = await admin("ada@example.com");
    const sam = await admin("sam@example.com");
    const one = await createPayout((await createCustomer()).id, "PROCESSING");
    const two = await createPayout((await createCustomer()).id, "PROCESSING");
    await setDelay({ eventId: token(), reference: one.reference, delayed: true, reasonCode: "HIGH_VOLUME" }, ada.id);
    await setDelay({ eventId: token(), reference: two.reference, delayed: true, reasonCode: "BANK_HOLIDAY" }, sam.id);
    await setDelay({ eventId: token(), reference: two.reference, delayed: false }, sam.id);

    const by = async (filters: Record<string, string>) =>
      (await listAudit(getDb(), ZAuditFilters.parse(filters))).entries.map((e) => [e.action, e.target, e.staffEmail]);
    expect(await by({ action: "DELAY_CLEARED" })).toEqual([["DELAY_CLEARED", two.reference, "sam@example.com"]]);
    expect(await by({ target: one.reference.slice(3).toLowerCase() })).toEqual([
      ["DELAY_SET", one.reference, "ada@example.com"],
    ]);
    expect((await by({ staff: "SAM@" })).length).toBe(2);
    expect(ZAuditFilters.safeParse({ action: "DROP TABLE" }).success).toBe(false);
  });
});
