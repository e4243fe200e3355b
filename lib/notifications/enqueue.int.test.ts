import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import {
  applyTo,
  createNotifiedCustomer,
  createQuietPayout,
  eventRowId,
  jobs,
  notificationsOf,
  T0,
} from "../../test/notifications";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import { applyEvent } from "../payouts/apply-event";
import { NOTIFY_MAX_ATTEMPTS } from "../payouts/payout-sql";

// Which applied events queue notifications: applyEvent writes the rows and their
// graphile-worker jobs in the statement that records the event.

beforeEach(resetDatabase);

const CLOCK = () => new Date("2027-01-01T00:00:00Z");

describe("applyEvent queues notifications", () => {
  it("a stage change queues one row per channel with an address, each with a job keyed by its id", async () => {
    const customer = await createNotifiedCustomer();
    const payout = await createQuietPayout(customer.id);
    expect(await notificationsOf(payout.id)).toEqual([]);
    expect(await jobs()).toEqual([]);

    const { input, result } = await applyTo(payout.id, { stage: "VERIFYING" });
    expect(result).toMatchObject({ ok: true, result: "applied" });
    const ev = await eventRowId(input.eventId);

    const rows = await notificationsOf(payout.id);
    expect(rows.map((n) => n.id).sort()).toEqual([`${ev}:EMAIL`, `${ev}:SMS`]);
    for (const n of rows) {
      expect(n).toMatchObject({
        event_row_id: ev,
        kind: "STAGE_CHANGED",
        important: false,
        urgent: false,
        fallback: false,
        status: "QUEUED",
        attempts: 0,
      });
    }
    const queued = await jobs();
    expect(queued.map((j) => j.key).sort()).toEqual([`notify:${ev}:EMAIL`, `notify:${ev}:SMS`]);
    for (const job of queued) {
      expect(job.task_identifier).toBe("notify");
      expect(job.max_attempts).toBe(NOTIFY_MAX_ATTEMPTS);
      expect(job.key).toBe(`notify:${job.payload.id}`);
    }
  });

  it("queues only the channels the customer has an address for", async () => {
    const emailOnly = await createNotifiedCustomer({ phone: null });
    const smsOnly = await createNotifiedCustomer({ email: null });
    const neither = await createNotifiedCustomer({ email: null, phone: null });
    const a = await createQuietPayout(emailOnly.id);
    const b = await createQuietPayout(smsOnly.id);
    const c = await createQuietPayout(neither.id);
    await applyTo(a.id, { stage: "PROCESSING" });
    await applyTo(b.id, { stage: "PROCESSING" });
    await applyTo(c.id, { stage: "PROCESSING" });

    expect((await notificationsOf(a.id)).map((n) => n.channel)).toEqual(["EMAIL"]);
    expect((await notificationsOf(b.id)).map((n) => n.channel)).toEqual(["SMS"]);
    expect(await notificationsOf(c.id)).toEqual([]);
    expect(await jobs()).toHaveLength(2);
  });

  it("the event that creates a payout notifies (unless it is back-filled)", async () => {
    const customer = await createNotifiedCustomer({ phone: null });
    const result = await applyEvent(
      {
        eventId: `evt_${randomUUID()}`,
        occurredAt: T0,
        source: { kind: "API" },
        stage: "REQUESTED",
        payout: {
          externalId: `po_${randomUUID()}`,
          create: {
            customerId: customer.id,
            amountMinor: 5_000n,
            currency: "EUR",
            method: "SEPA",
            destinationLabel: "DE•• 1",
          },
        },
      },
      { now: CLOCK },
    );
    if (!result.ok) {
      throw new Error(result.message);
    }
    const rows = await notificationsOf(result.payoutId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: "EMAIL", kind: "STAGE_CHANGED", status: "QUEUED" });
    expect(await jobs()).toHaveLength(1);
  });

  it("a replayed event id adds neither rows nor jobs", async () => {
    const customer = await createNotifiedCustomer();
    const payout = await createQuietPayout(customer.id);
    const { input } = await applyTo(payout.id, { stage: "VERIFYING" });
    expect(await notificationsOf(payout.id)).toHaveLength(2);

    const replay = await applyEvent({ ...input, stage: "APPROVED" }, { now: CLOCK });
    expect(replay).toMatchObject({ ok: true, result: "duplicate" });
    expect(await notificationsOf(payout.id)).toHaveLength(2);
    expect(await jobs()).toHaveLength(2);
  });

  it("an illegal transition queues nothing", async () => {
    const customer = await createNotifiedCustomer();
    const payout = await createQuietPayout(customer.id, "SENT");
    const { result } = await applyTo(payout.id, { stage: "VERIFYING" });
    expect(result).toMatchObject({ ok: false, code: "ILLEGAL_TRANSITION" });
    expect(await notificationsOf(payout.id)).toEqual([]);
    expect(await jobs()).toEqual([]);
  });

  it("a rolled-back transaction takes its notifications and jobs with it", async () => {
    const customer = await createNotifiedCustomer();
    const payout = await createQuietPayout(customer.id);
    await expect(
      getDb().$transaction(async (tx) => {
        const result = await applyEvent(
          {
            eventId: `evt_${randomUUID()}`,
            occurredAt: new Date(T0.getTime() + 60_000),
            source: { kind: "API" },
            payout: { id: payout.id },
            stage: "APPROVED",
          },
          { tx, now: CLOCK },
        );
        expect(result).toMatchObject({ ok: true, result: "applied" });
        // Inside the transaction both are there …
        const inside = await tx.$queryRawUnsafe<{ n: bigint; j: bigint }[]>(
          `select (select count(*) from notifications where payout_id = $1) as n,
                  (select count(*) from graphile_worker._private_jobs) as j`,
          payout.id,
        );
        expect(inside[0]).toEqual({ n: 2n, j: 2n });
        throw new Error("the caller fails after applying");
      }),
    ).rejects.toThrow("the caller fails after applying");
    // … and after the rollback neither is.
    expect(await notificationsOf(payout.id)).toEqual([]);
    expect(await jobs()).toEqual([]);
    expect((await getDb().payout.findUniqueOrThrow({ where: { id: payout.id } })).stage).toBe("REQUESTED");
  });

  it("a stale event and a back-filled event queue nothing; a new note is told once", async () => {
    const customer = await createNotifiedCustomer();
    const payout = await createQuietPayout(customer.id);
    const later = new Date(T0.getTime() + 3_600_000);
    await applyTo(payout.id, { stage: "PROCESSING", occurredAt: later });
    const before = await notificationsOf(payout.id);
    expect(before).toHaveLength(2);

    const stale = await applyTo(payout.id, { stage: "COMPLETED", occurredAt: new Date(T0.getTime() + 60_000) });
    expect(stale.result).toMatchObject({ ok: true, result: "stale" });

    const backfill = await applyTo(payout.id, {
      stage: "SENT",
      source: { kind: "BACKFILL" },
      occurredAt: new Date(later.getTime() + 60_000),
    });
    expect(backfill.result).toMatchObject({ ok: true, result: "applied", stageChanged: true });
    expect(await notificationsOf(payout.id)).toEqual(before);
    expect(await jobs()).toHaveLength(2);

    // A note on the same stage is a message of its own (email and SMS), once.
    const note = await applyTo(payout.id, { note: "called the bank", occurredAt: new Date(later.getTime() + 120_000) });
    expect(note.result).toMatchObject({ ok: true, result: "applied", stageChanged: false });
    const again = await applyTo(payout.id, {
      note: "called the bank",
      occurredAt: new Date(later.getTime() + 180_000),
    });
    expect(again.result).toMatchObject({ ok: true, result: "applied", stageChanged: false });
    const after = await notificationsOf(payout.id);
    expect(after.slice(0, 2)).toEqual(before);
    expect(after.slice(2).map((n) => [n.kind, n.channel])).toEqual([
      ["NOTE", "EMAIL"],
      ["NOTE", "SMS"],
    ]);
    expect(await jobs()).toHaveLength(4);
  });

  it("setting a delay tells as DELAYED, a new reason tells again, the same delay again tells nothing", async () => {
    const customer = await createNotifiedCustomer({ phone: null });
    const payout = await createQuietPayout(customer.id, "PROCESSING");

    await applyTo(payout.id, { delay: { reasonCode: "HIGH_VOLUME" } });
    let rows = await notificationsOf(payout.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "DELAYED", important: true, urgent: false });

    await applyTo(payout.id, { delay: { reasonCode: "BANK_HOLIDAY" } });
    rows = await notificationsOf(payout.id);
    expect(rows.map((n) => n.kind)).toEqual(["DELAYED", "DELAYED"]);

    await applyTo(payout.id, { delay: { reasonCode: "BANK_HOLIDAY" } });
    expect(await notificationsOf(payout.id)).toHaveLength(2);
    // Clearing the delay is shown on the page, not messaged (rules.ts).
    await applyTo(payout.id, { delay: null });
    expect(await notificationsOf(payout.id)).toHaveLength(2);
    expect(await jobs()).toHaveLength(2);
  });

  it("flags ACTION_REQUIRED and FAILED urgent and important, COMPLETED important only, other stages neither", async () => {
    const customer = await createNotifiedCustomer({ phone: null });
    const cases = [
      { from: "VERIFYING", to: "ACTION_REQUIRED", important: true, urgent: true },
      { from: "PROCESSING", to: "FAILED", important: true, urgent: true },
      { from: "SENT", to: "COMPLETED", important: true, urgent: false },
      { from: "SENT", to: "RETURNED", important: true, urgent: false },
      { from: "VERIFYING", to: "ON_HOLD", important: false, urgent: false },
      { from: "APPROVED", to: "PROCESSING", important: false, urgent: false },
    ] as const;
    for (const c of cases) {
      const payout = await createQuietPayout(customer.id, c.from);
      const { result } = await applyTo(payout.id, { stage: c.to, reasonCode: c.to === "FAILED" ? "OTHER" : undefined });
      expect(result, `${c.from} → ${c.to}`).toMatchObject({ ok: true, result: "applied" });
      const rows = await notificationsOf(payout.id);
      expect(rows, `${c.from} → ${c.to}`).toHaveLength(1);
      expect(rows[0], `${c.from} → ${c.to}`).toMatchObject({
        kind: "STAGE_CHANGED",
        important: c.important,
        urgent: c.urgent,
      });
    }
  });

  it("a stage change of a delayed payout is important", async () => {
    const customer = await createNotifiedCustomer({ phone: null });
    const payout = await createQuietPayout(customer.id, "VERIFYING");
    await applyTo(payout.id, { stage: "UNDER_REVIEW", delay: { reasonCode: "COMPLIANCE_REVIEW" } });
    const rows = await notificationsOf(payout.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "STAGE_CHANGED", important: true, urgent: false });
  });
});
