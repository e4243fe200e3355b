import { beforeEach, describe, expect, it } from "vitest";
import { ingestBody, signed, TEST_SECRET } from "../../test/ingest-helpers";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import { ingestEvent } from "./ingest-event";
import { signPayload } from "./signature";

const NOW = new Date("2026-11-22T10:01:00Z");
const config = { secrets: [TEST_SECRET], ratePerMinute: 1000 };
const send = (body: unknown, now = NOW, cfg = config) => ingestEvent(getDb(), signed(body, now), cfg, now);

async function counts() {
  const db = getDb();
  return {
    customers: await db.customer.count(),
    payouts: await db.payout.count(),
    events: await db.payoutEvent.count(),
  };
}

beforeEach(resetDatabase);

describe("ingest API", () => {
  it("creates the customer and the payout from the first event, phone in E.164 and email lower-case", async () => {
    expect(await send(ingestBody())).toEqual({ status: 200, body: { result: "applied" } });
    const payout = await getDb().payout.findUniqueOrThrow({
      where: { externalId: "po_123" },
      include: { customer: true },
    });
    expect(payout).toMatchObject({
      stage: "PROCESSING",
      amountMinor: 125000n,
      currency: "EUR",
      method: "SEPA",
      destinationLabel: "DE•• 1234",
    });
    expect(payout.customer).toMatchObject({
      externalId: "cus_9",
      email: "ada@example.com",
      phone: "+4915112345678",
      locale: "de",
      timeZone: "Europe/Berlin",
    });
  });

  it("answers duplicate for a replayed id and changes nothing, not even the customer", async () => {
    const body = ingestBody();
    await send(body);
    const replay = {
      ...body,
      payout: { ...body.payout, stage: "COMPLETED", customer: { ...body.payout.customer, name: "Changed" } },
    };
    expect(await send(replay)).toEqual({ status: 200, body: { result: "duplicate" } });
    const payout = await getDb().payout.findUniqueOrThrow({
      where: { externalId: "po_123" },
      include: { customer: true },
    });
    expect(payout.stage).toBe("PROCESSING");
    expect(payout.customer.name).toBe("Ada Lovelace");
  });

  it("applies the same event posted 20 times at once exactly once", async () => {
    const body = ingestBody();
    const answers = await Promise.all(Array.from({ length: 20 }, () => send(body)));
    const results = answers.map((a) => (a.status === 200 ? a.body.result : String(a.status)));
    expect(results.filter((r) => r === "applied")).toHaveLength(1);
    expect(results.filter((r) => r === "duplicate")).toHaveLength(19);
    expect(await counts()).toEqual({ customers: 1, payouts: 1, events: 1 });
  });

  it("records an older snapshot as stale without moving the stage or the customer's details", async () => {
    await send(ingestBody({ occurred_at: "2026-11-22T10:00:00Z", payout: { stage: "SENT" } }));
    const older = ingestBody({
      occurred_at: "2026-11-22T09:00:00Z",
      payout: { stage: "VERIFYING", customer: { ...ingestBody().payout.customer, name: "Old Name" } },
    });
    expect(await send(older)).toEqual({ status: 200, body: { result: "stale" } });
    const payout = await getDb().payout.findUniqueOrThrow({
      where: { externalId: "po_123" },
      include: { customer: true },
    });
    expect(payout.stage).toBe("SENT");
    expect(payout.customer.name).toBe("Ada Lovelace");
    expect(await getDb().payoutEvent.count({ where: { outcome: "STALE" } })).toBe(1);
  });

  it("rejects an illegal transition with 409 and the reason, writing nothing", async () => {
    await send(ingestBody({ payout: { stage: "SENT" } }));
    const before = await counts();
    const answer = await send(
      ingestBody({
        occurred_at: "2026-11-22T10:00:30Z",
        payout: {
          stage: "VERIFYING",
          customer: { ...ingestBody().payout.customer, external_id: "cus_9", name: "New" },
        },
      }),
    );
    expect(answer).toEqual({
      status: 409,
      body: { error: "conflict", message: "A payout never moves backwards: SENT cannot go back to VERIFYING." },
    });
    expect(await counts()).toEqual(before);
    expect((await getDb().customer.findUniqueOrThrow({ where: { externalId: "cus_9" } })).name).toBe("Ada Lovelace");
  });

  it("rejects a payout that changes owner, amount or currency with 409", async () => {
    await send(ingestBody());
    const other = ingestBody({ occurred_at: "2026-11-22T10:00:30Z", payout: { stage: "SENT", amount_minor: 1 } });
    expect(await send(other)).toMatchObject({
      status: 409,
      body: { message: "the amount, currency and method of payout po_123 cannot change" },
    });
    const thief = ingestBody({
      occurred_at: "2026-11-22T10:00:30Z",
      payout: { stage: "SENT", customer: { ...ingestBody().payout.customer, external_id: "cus_other" } },
    });
    expect(await send(thief)).toMatchObject({
      status: 409,
      body: { message: "payout po_123 belongs to another customer" },
    });
    expect(await getDb().customer.count({ where: { externalId: "cus_other" } })).toBe(0);
  });

  it("answers 400 with field paths for invalid input and writes nothing", async () => {
    const bad = ingestBody({
      payout: { currency: "eur", customer: { ...ingestBody().payout.customer, phone: "12", timezone: "Mars/Base" } },
    });
    const answer = await send(bad);
    expect(answer.status).toBe(400);
    const paths = answer.status === 400 ? answer.body.issues?.map((i) => i.path) : [];
    expect(paths).toEqual(
      expect.arrayContaining(["payout.currency", "payout.customer.phone", "payout.customer.timezone"]),
    );
    expect(await send("{not json")).toMatchObject({ status: 400, body: { error: "invalid_json" } });
    expect(await counts()).toEqual({ customers: 0, payouts: 0, events: 0 });
  });

  it("answers 400 naming the first bad byte for a signed body that is not UTF-8, and writes nothing", async () => {
    // Once decoded leniently: the broken bytes were stored as U+FFFD, text the sender never signed.
    const json = JSON.stringify(ingestBody({ payout: { note: "Grüße" } }));
    const at = Buffer.byteLength(json.slice(0, json.indexOf("Grüße") + 2));
    const rawBody = Buffer.from(json);
    rawBody[at] = 0xff; // instead of the first byte of "ü" (0xC3 0xBC): never valid in UTF-8
    const signature = signPayload(TEST_SECRET, rawBody, Math.floor(NOW.getTime() / 1000));
    expect(await ingestEvent(getDb(), { rawBody, signature }, config, NOW)).toEqual({
      status: 400,
      body: {
        error: "invalid_encoding",
        message: "The body is not valid UTF-8.",
        issues: [{ path: "(body)", message: `not valid UTF-8 at byte ${at}` }],
      },
    });
    // An overlong encoding and a lone surrogate (CESU-8) are not UTF-8 either.
    for (const bytes of [
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
    ]) {
      const body = Buffer.concat([Buffer.from('{"id":"'), Buffer.from(bytes), Buffer.from('"}')]);
      const answer = await ingestEvent(
        getDb(),
        { rawBody: body, signature: signPayload(TEST_SECRET, body, Math.floor(NOW.getTime() / 1000)) },
        config,
        NOW,
      );
      expect(answer).toMatchObject({ status: 400, body: { error: "invalid_encoding" } });
    }
    expect(await counts()).toEqual({ customers: 0, payouts: 0, events: 0 });
    // Valid UTF-8 is taken as it is.
    expect(await send(ingestBody({ payout: { note: "Grüße" } }))).toEqual({ status: 200, body: { result: "applied" } });
    expect((await getDb().payout.findUniqueOrThrow({ where: { externalId: "po_123" } })).note).toBe("Grüße");
  });

  it("answers 401 for a bad, missing or expired signature and writes nothing", async () => {
    const body = ingestBody();
    const good = signed(body, NOW);
    const db = getDb();
    expect((await ingestEvent(db, { ...good, signature: null }, config, NOW)).status).toBe(401);
    expect((await ingestEvent(db, signed(body, NOW, "another-secret-0123456789"), config, NOW)).status).toBe(401);
    expect(
      (
        await ingestEvent(
          db,
          { ...good, rawBody: Buffer.from(JSON.stringify({ ...body, id: "evt_tampered" })) },
          config,
          NOW,
        )
      ).status,
    ).toBe(401);
    const late = new Date(NOW.getTime() + 301_000);
    expect(await ingestEvent(db, good, config, late)).toMatchObject({
      status: 401,
      body: { message: "signature timestamp outside the 300 s tolerance" },
    });
    expect(await counts()).toEqual({ customers: 0, payouts: 0, events: 0 });
  });

  it("accepts the previous secret during a rotation", async () => {
    const rotating = { secrets: ["new-secret-0123456789abcdef", TEST_SECRET], ratePerMinute: 1000 };
    expect((await ingestEvent(getDb(), signed(ingestBody(), NOW, TEST_SECRET), rotating, NOW)).status).toBe(200);
    expect(
      (await ingestEvent(getDb(), signed(ingestBody(), NOW, "new-secret-0123456789abcdef"), rotating, NOW)).status,
    ).toBe(200);
  });

  it("answers 413 above 64 KiB and 429 above the rate, writing no event", async () => {
    const huge = ingestBody({ payout: { note: "x".repeat(70_000) } });
    expect((await send(huge)).status).toBe(413);
    const tight = { secrets: [TEST_SECRET], ratePerMinute: 2 };
    expect((await send(ingestBody(), NOW, tight)).status).toBe(200);
    expect((await send(ingestBody({ occurred_at: "2026-11-22T10:00:10Z" }), NOW, tight)).status).toBe(200);
    const limited = await send(ingestBody({ occurred_at: "2026-11-22T10:00:20Z" }), NOW, tight);
    expect(limited).toMatchObject({ status: 429, body: { error: "rate_limited" } });
    expect(limited.status === 429 && limited.retryAfterSeconds).toBeGreaterThan(0);
    expect(await getDb().payoutEvent.count()).toBe(2);
  });
});
