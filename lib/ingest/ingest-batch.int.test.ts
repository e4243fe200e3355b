import { beforeEach, describe, expect, it } from "vitest";
import { ingestBody, signed, TEST_SECRET } from "../../test/ingest-helpers";
import { jobs } from "../../test/notifications";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import { ingestEvent } from "./ingest-event";

// Events posted at once go through the ingest queue in batches (group commit). Each must
// get the answer it would get alone, and write exactly what it would write alone.
const NOW = new Date("2026-11-22T10:01:00Z");
const config = { secrets: [TEST_SECRET], ratePerMinute: 10_000 };
const send = (body: unknown, cfg = config) => ingestEvent(getDb(), signed(body, NOW), cfg, NOW);

function event(n: number, stage: string, at: string, customer = `cus_${n}`, name = "Ada Lovelace") {
  const base = ingestBody();
  return ingestBody({
    occurred_at: at,
    payout: {
      external_id: `po_${n}`,
      stage,
      customer: { ...base.payout.customer, external_id: customer, name, email: `c${n}@example.com` },
    },
  });
}

beforeEach(resetDatabase);

describe("ingest batches", () => {
  it("answers and writes every one of 64 events posted at once as if it came alone", async () => {
    const firsts = Array.from({ length: 24 }, (_, n) =>
      // payouts 0–3 share one customer: their first events never share a batch
      event(n, "REQUESTED", "2026-11-22T09:00:00Z", n < 4 ? "cus_shared" : `cus_${n}`),
    );
    const seconds = Array.from({ length: 24 }, (_, n) =>
      event(n, "VERIFYING", "2026-11-22T09:10:00Z", n < 4 ? "cus_shared" : `cus_${n}`),
    );
    const replays = firsts.slice(0, 8); // the same ids again
    const backwards = Array.from({ length: 4 }, (_, n) => event(n + 4, "REQUESTED", "2026-11-22T09:20:00Z"));
    const stale = Array.from({ length: 4 }, (_, n) => event(n + 8, "APPROVED", "2026-11-22T08:00:00Z"));
    // Submitted in this order, all at once: each payout's events apply in arrival order.
    const answers = await Promise.all([...firsts, ...seconds, ...replays, ...backwards, ...stale].map((b) => send(b)));

    const results = answers.map((a) => (a.status === 200 ? a.body.result : a.status));
    expect(results.slice(0, 48)).toEqual(Array(48).fill("applied"));
    expect(results.slice(48, 56)).toEqual(Array(8).fill("duplicate"));
    // REQUESTED after VERIFYING is newer in time but goes backwards: refused, nothing written.
    expect(results.slice(56, 60)).toEqual(Array(4).fill(409));
    // older than the payout's newest event: recorded, the stage stays.
    expect(results.slice(60)).toEqual(Array(4).fill("stale"));

    const db = getDb();
    expect(await db.payout.count()).toBe(24);
    expect(await db.payout.count({ where: { stage: "VERIFYING" } })).toBe(24);
    expect(await db.customer.count()).toBe(21); // cus_shared + 20 others
    expect(await db.payoutEvent.count({ where: { outcome: "APPLIED" } })).toBe(48);
    expect(await db.payoutEvent.count({ where: { outcome: "STALE" } })).toBe(4);
    // One message per channel (email and SMS) for each of the 48 applied stage changes, each with one job.
    const notifications = await db.notification.findMany({ select: { id: true } });
    expect(notifications).toHaveLength(96);
    const keys = new Set((await jobs()).map((j) => j.key));
    expect(notifications.every((n) => keys.has(`notify:${n.id}`))).toBe(true);
    // The second event of each payout was applied after its first: REQUESTED → VERIFYING.
    const moves = await db.payoutEvent.findMany({
      where: { outcome: "APPLIED", stage: "VERIFYING" },
      select: { fromStage: true },
    });
    expect(moves.every((m) => m.fromStage === "REQUESTED")).toBe(true);
  });

  it("counts the rate limit per event within a batch: the first ones pass, the rest answer 429 and write nothing", async () => {
    const tight = { secrets: [TEST_SECRET], ratePerMinute: 5 };
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, n) => send(event(n, "REQUESTED", "2026-11-22T09:00:00Z"), tight)),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    expect(await getDb().payoutEvent.count()).toBe(5);
    expect(await getDb().payout.findMany({ select: { externalId: true }, orderBy: { externalId: "asc" } })).toEqual(
      ["po_0", "po_1", "po_2", "po_3", "po_4"].map((externalId) => ({ externalId })),
    );
  });

  it("the customer's details come from the newest applied event, not from a stale one posted with it", async () => {
    await send(event(1, "REQUESTED", "2026-11-22T09:00:00Z"));
    const newer = event(1, "VERIFYING", "2026-11-22T09:10:00Z", "cus_1", "Ada King");
    const older = event(1, "APPROVED", "2026-11-22T08:00:00Z", "cus_1", "Ada Byron");
    const answers = await Promise.all([send(newer), send(older)]);
    expect(answers.map((a) => a.status === 200 && a.body.result)).toEqual(["applied", "stale"]);
    expect((await getDb().customer.findUniqueOrThrow({ where: { externalId: "cus_1" } })).name).toBe("Ada King");
  });
});
