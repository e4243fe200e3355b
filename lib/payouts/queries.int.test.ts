import { beforeEach, describe, expect, it } from "vitest";
import { createCustomer, createPayout } from "../../test/factories";
import { resetDatabase } from "../../test/reset-database";
import { listPayoutsForAdmin, ZPayoutFilters } from "./admin-queries";
import { getCustomerPayout, listCustomerPayouts } from "./queries";

beforeEach(resetDatabase);

describe("customer read model", () => {
  it("lists only the customer's own payouts, newest first, amounts as numbers", async () => {
    const ada = await createCustomer();
    const bob = await createCustomer({ name: "Bob" });
    const older = await createPayout(ada.id, "SENT", new Date("2026-11-20T09:00:00Z"));
    const newer = await createPayout(ada.id, "PROCESSING", new Date("2026-11-22T09:00:00Z"));
    await createPayout(bob.id, "SENT");

    const list = await listCustomerPayouts(ada.id);
    expect(list.map((p) => p.reference)).toEqual([newer.reference, older.reference]);
    expect(list[0]).toMatchObject({ amountMinor: 125_000, currency: "EUR", stage: "PROCESSING", delayed: false });
  });

  it("finds nothing for another customer's reference", async () => {
    const ada = await createCustomer();
    const eve = await createCustomer({ name: "Eve" });
    const payout = await createPayout(ada.id, "SENT");
    expect(await getCustomerPayout(eve.id, payout.reference)).toBeNull();
    expect(await getCustomerPayout(ada.id, payout.reference)).toMatchObject({
      reference: payout.reference,
      stage: "SENT",
    });
  });

  it("builds the timeline from the applied events", async () => {
    const ada = await createCustomer();
    const payout = await createPayout(ada.id, "APPROVED");
    const detail = await getCustomerPayout(ada.id, payout.reference);
    expect(detail?.timeline.map((s) => s.state)).toEqual([
      "done",
      "done",
      "done",
      "current",
      "upcoming",
      "upcoming",
      "upcoming",
    ]);
  });
});

describe("admin list", () => {
  it("filters by stage, method, delay and searches by reference or email, with pagination", async () => {
    const ada = await createCustomer();
    const bob = await createCustomer({ name: "Bob" });
    const sent = await createPayout(ada.id, "SENT");
    await createPayout(bob.id, "PROCESSING");
    for (let i = 0; i < 26; i++) {
      await createPayout(bob.id, "REQUESTED");
    }
    const filters = (input: Record<string, string>) => ZPayoutFilters.parse(input);

    expect((await listPayoutsForAdmin(filters({ stage: "SENT" }))).rows.map((r) => r.reference)).toEqual([
      sent.reference,
    ]);
    expect((await listPayoutsForAdmin(filters({ q: ada.email ?? "" }))).total).toBe(1);
    expect((await listPayoutsForAdmin(filters({ q: sent.reference.toLowerCase() }))).total).toBe(1);
    expect((await listPayoutsForAdmin(filters({ q: sent.reference.slice(3) }))).total).toBe(1);
    expect((await listPayoutsForAdmin(filters({ method: "SWIFT" }))).total).toBe(0);
    expect((await listPayoutsForAdmin(filters({ delayed: "yes" }))).total).toBe(0);

    const page1 = await listPayoutsForAdmin(filters({}));
    const page2 = await listPayoutsForAdmin(filters({ page: "2" }));
    expect(page1).toMatchObject({ total: 28, pages: 2 });
    expect(page1.rows).toHaveLength(25);
    expect(page2.rows).toHaveLength(3);
    expect(new Set([...page1.rows, ...page2.rows].map((r) => r.reference)).size).toBe(28);
  });

  it("rejects unknown filter values with the field's name", () => {
    const result = ZPayoutFilters.safeParse({ stage: "LOST", page: "0" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["stage", "page"]);
  });
});
