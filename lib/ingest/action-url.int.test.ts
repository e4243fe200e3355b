import { beforeEach, describe, expect, it } from "vitest";
import { ingestBody, signed, TEST_SECRET } from "../../test/ingest-helpers";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import { type IngestConfig, ingestEvent } from "./ingest-event";

// payout.action_url through the ingest API's entry point: where the customer acts on a
// stopped payout (shared/ARCHITECTURE.md, "Ingest API"; issue 14 point 2).

const NOW = new Date("2026-11-22T10:05:00Z");
const HOSTS = ["app.example.com", "help.example.com"];
const config: IngestConfig = { secrets: [TEST_SECRET], ratePerMinute: 1000, actionUrlHosts: HOSTS };
const send = (body: unknown, cfg: IngestConfig = config) => ingestEvent(getDb(), signed(body, NOW), cfg, NOW);

const LINK = "https://app.example.com/payouts/po_123/bank-details?lang=de";

const failed = (at: string, extra: Record<string, unknown> = {}) =>
  ingestBody({ occurred_at: at, payout: { stage: "FAILED", reason_code: "INVALID_ACCOUNT", ...extra } });

async function stored() {
  const payout = await getDb().payout.findUniqueOrThrow({
    where: { externalId: "po_123" },
    select: { actionUrl: true, stage: true },
  });
  const events = await getDb().payoutEvent.findMany({
    where: { payoutId: { not: "" } },
    orderBy: { recordedAt: "asc" },
    select: { outcome: true, actionUrl: true },
  });
  return { payout, events };
}

async function refusedWith(body: unknown, message: string | RegExp, cfg = config) {
  const before = await getDb().payoutEvent.count();
  const answer = await send(body, cfg);
  expect(answer).toMatchObject({ status: 400, body: { error: "invalid_event" } });
  const issues = answer.status === 400 ? (answer.body.issues ?? []) : [];
  expect(issues).toHaveLength(1);
  expect(issues[0]?.path).toBe("payout.action_url");
  expect(issues[0]?.message).toMatch(message);
  expect(await getDb().payoutEvent.count()).toBe(before);
}

beforeEach(resetDatabase);

describe("payout.action_url", () => {
  it("is stored on the payout and on its event when the host is allowed", async () => {
    await send(ingestBody({ occurred_at: "2026-11-22T10:00:00Z" }));
    expect(await send(failed("2026-11-22T10:01:00Z", { action_url: LINK }))).toEqual({
      status: 200,
      body: { result: "applied" },
    });
    const { payout, events } = await stored();
    expect(payout).toEqual({ stage: "FAILED", actionUrl: LINK });
    expect(events.map((e) => e.actionUrl)).toEqual([null, LINK]);
  });

  it("is taken on a payout's first event too, and host names match case-insensitively", async () => {
    const link = "https://HELP.example.com/topics/payouts";
    expect(await send(failed("2026-11-22T10:00:00Z", { action_url: link }))).toMatchObject({ status: 200 });
    expect((await stored()).payout.actionUrl).toBe(link);
  });

  it("refuses a plain http link, a link with credentials or spaces, one over 2 KiB, and one that is no URL", async () => {
    await refusedWith(failed("2026-11-22T10:00:00Z", { action_url: "http://app.example.com/x" }), "https");
    await refusedWith(
      failed("2026-11-22T10:00:00Z", { action_url: "https://user:secret@app.example.com/x" }),
      "user name or password",
    );
    await refusedWith(failed("2026-11-22T10:00:00Z", { action_url: "https://app.example.com/a b" }), "spaces");
    await refusedWith(
      failed("2026-11-22T10:00:00Z", { action_url: `https://app.example.com/${"x".repeat(2048)}` }),
      /2048/,
    );
    await refusedWith(failed("2026-11-22T10:00:00Z", { action_url: "javascript:alert(1)" }), "https");
    await refusedWith(failed("2026-11-22T10:00:00Z", { action_url: "/payouts/po_123" }), "absolute URL");
    expect(await getDb().payout.count()).toBe(0);
  });

  it("refuses a host that is not in ACTION_URL_HOSTS, also one that only ends like an allowed one", async () => {
    await refusedWith(
      failed("2026-11-22T10:00:00Z", { action_url: "https://evil.example.net/phish" }),
      "the host evil.example.net is not one of ACTION_URL_HOSTS (app.example.com, help.example.com)",
    );
    await refusedWith(
      failed("2026-11-22T10:00:00Z", { action_url: "https://app.example.com.evil.net/x" }),
      "not one of ACTION_URL_HOSTS",
    );
    await refusedWith(failed("2026-11-22T10:00:00Z", { action_url: "https://evil.app.example.com/x" }), "not one of");
  });

  it("refuses every link when ACTION_URL_HOSTS is not configured, and still takes events without one", async () => {
    const unset = { secrets: [TEST_SECRET], ratePerMinute: 1000 };
    await refusedWith(
      failed("2026-11-22T10:00:00Z", { action_url: LINK }),
      "no action links are accepted: ACTION_URL_HOSTS is not configured on this server",
      unset,
    );
    expect(await send(failed("2026-11-22T10:00:00Z", { action_url: null }), unset)).toMatchObject({ status: 200 });
  });

  it("is cleared by null, kept when absent on the same stage, and cleared by a stage change", async () => {
    await send(
      ingestBody({
        occurred_at: "2026-11-22T10:00:00Z",
        payout: { stage: "VERIFYING" },
      }),
    );
    await send(
      ingestBody({
        occurred_at: "2026-11-22T10:01:00Z",
        payout: { stage: "ACTION_REQUIRED", reason_code: "VERIFICATION_INCOMPLETE", action_url: LINK },
      }),
    );
    // the same stage, no action_url: unchanged
    await send(
      ingestBody({
        occurred_at: "2026-11-22T10:02:00Z",
        payout: { stage: "ACTION_REQUIRED", reason_code: "VERIFICATION_INCOMPLETE", note: "Passport please" },
      }),
    );
    expect((await stored()).payout.actionUrl).toBe(LINK);
    // null clears it
    await send(
      ingestBody({
        occurred_at: "2026-11-22T10:03:00Z",
        payout: { stage: "ACTION_REQUIRED", reason_code: "VERIFICATION_INCOMPLETE", action_url: null },
      }),
    );
    expect((await stored()).payout.actionUrl).toBeNull();
    await send(
      ingestBody({
        occurred_at: "2026-11-22T10:04:00Z",
        payout: { stage: "ACTION_REQUIRED", reason_code: "VERIFICATION_INCOMPLETE", action_url: LINK },
      }),
    );
    // resuming: the link belonged to the pause
    await send(ingestBody({ occurred_at: "2026-11-22T10:04:30Z", payout: { stage: "PROCESSING" } }));
    const { payout, events } = await stored();
    expect(payout).toEqual({ stage: "PROCESSING", actionUrl: null });
    expect(events.map((e) => e.actionUrl)).toEqual([null, LINK, LINK, null, LINK, null]);
  });

  it("a stale event does not change it, and its event row keeps the link it brought", async () => {
    await send(failed("2026-11-22T10:01:00Z", { action_url: LINK }));
    const older = "https://help.example.com/old";
    expect(await send(failed("2026-11-22T10:00:00Z", { action_url: older }))).toEqual({
      status: 200,
      body: { result: "stale" },
    });
    expect(await send(failed("2026-11-22T10:00:30Z", { action_url: null }))).toEqual({
      status: 200,
      body: { result: "stale" },
    });
    const { payout, events } = await stored();
    expect(payout.actionUrl).toBe(LINK);
    expect(events).toEqual([
      { outcome: "APPLIED", actionUrl: LINK },
      { outcome: "STALE", actionUrl: older },
      { outcome: "STALE", actionUrl: null },
    ]);
  });
});
