import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { createCustomer, createPayout } from "../../test/factories";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import { type ApplyEventInput, type ApplyEventOptions, applyEvent as applyEventNow } from "./apply-event";

const at = (iso: string) => new Date(iso);
const eventFor = (payoutId: string, patch: Partial<ApplyEventInput>): ApplyEventInput => ({
  eventId: `evt_${randomUUID()}`,
  occurredAt: at("2026-11-23T10:00:00Z"),
  source: { kind: "API" },
  payout: { id: payoutId },
  ...patch,
});

beforeEach(resetDatabase);

// A clock after every event time used here, unless a test sets its own.
const applyEvent = (input: ApplyEventInput, options: ApplyEventOptions = {}) =>
  applyEventNow(input, { now: () => at("2027-01-01T00:00:00Z"), ...options });

describe("applyEvent", () => {
  it("creates a payout with its first event, a public reference and an ETA", async () => {
    const customer = await createCustomer();
    const payout = await createPayout(customer.id, "VERIFYING");
    expect(payout.reference).toMatch(/^PT-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(payout.stage).toBe("VERIFYING");
    expect(payout.etaAt).not.toBeNull();
    expect(payout.originalEtaAt).toEqual(payout.etaAt);
    const events = await getDb().payoutEvent.findMany({ where: { payoutId: payout.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ fromStage: null, stage: "VERIFYING", outcome: "APPLIED", source: "API" });
  });

  it("moves the stage, records the event with the ETA at that moment and keeps the original ETA", async () => {
    const customer = await createCustomer();
    const payout = await createPayout(customer.id);
    const result = await applyEvent(
      eventFor(payout.id, { stage: "PROCESSING", occurredAt: at("2026-11-24T10:00:00Z") }),
    );
    expect(result).toEqual({ ok: true, result: "applied", payoutId: payout.id, stageChanged: true });

    const after = await getDb().payout.findUniqueOrThrow({ where: { id: payout.id } });
    expect(after.stage).toBe("PROCESSING");
    expect(after.stageEnteredAt).toEqual(at("2026-11-24T10:00:00Z"));
    expect(after.originalEtaAt).toEqual(payout.originalEtaAt);
    expect(after.etaAt).not.toEqual(payout.etaAt);
    const last = await getDb().payoutEvent.findFirstOrThrow({
      where: { payoutId: payout.id },
      orderBy: { occurredAt: "desc" },
    });
    expect(last).toMatchObject({ fromStage: "REQUESTED", stage: "PROCESSING", etaAt: after.etaAt });
  });

  it("rejects an illegal transition with the reason and writes nothing", async () => {
    const customer = await createCustomer();
    const payout = await createPayout(customer.id, "SENT");
    const before = await getDb().payout.findUniqueOrThrow({ where: { id: payout.id } });

    const result = await applyEvent(eventFor(payout.id, { stage: "VERIFYING" }));
    expect(result).toEqual({
      ok: false,
      code: "ILLEGAL_TRANSITION",
      message: "A payout never moves backwards: SENT cannot go back to VERIFYING.",
    });
    expect(await getDb().payout.findUniqueOrThrow({ where: { id: payout.id } })).toEqual(before);
    expect(await getDb().payoutEvent.count({ where: { payoutId: payout.id } })).toBe(1);
  });

  it("answers duplicate for a replayed event id and changes nothing", async () => {
    const customer = await createCustomer();
    const payout = await createPayout(customer.id);
    const event = eventFor(payout.id, { stage: "VERIFYING" });
    expect(
      (await applyEvent(event)).ok && (await getDb().payout.findUniqueOrThrow({ where: { id: payout.id } })).stage,
    ).toBe("VERIFYING");
    const replay = await applyEvent({ ...event, stage: "COMPLETED" });
    expect(replay).toMatchObject({ ok: true, result: "duplicate" });
    expect((await getDb().payout.findUniqueOrThrow({ where: { id: payout.id } })).stage).toBe("VERIFYING");
    expect(await getDb().payoutEvent.count({ where: { payoutId: payout.id } })).toBe(2);
  });

  it("applies the same event id sent 20 times at once exactly once", async () => {
    const customer = await createCustomer();
    const payout = await createPayout(customer.id);
    const event = eventFor(payout.id, { stage: "APPROVED" });
    const results = await Promise.all(Array.from({ length: 20 }, () => applyEvent(event)));
    const outcomes = results.map((r) => (r.ok ? r.result : r.code)).sort();
    expect(outcomes.filter((o) => o === "applied")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "duplicate")).toHaveLength(19);
    expect(await getDb().payoutEvent.count({ where: { payoutId: payout.id } })).toBe(2);
  });

  it("creates a payout only once when its first event arrives twice at once under different ids", async () => {
    const customer = await createCustomer();
    const create = {
      customerId: customer.id,
      amountMinor: 500n,
      currency: "EUR",
      method: "SEPA" as const,
      destinationLabel: "DE•• 9",
    };
    const results = await Promise.all(
      ["a", "b"].map((suffix) =>
        applyEvent({
          eventId: `evt_${suffix}_${randomUUID()}`,
          occurredAt: at("2026-11-23T10:00:00Z"),
          source: { kind: "API" },
          stage: "REQUESTED",
          payout: { externalId: "po_twice", create },
        }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await getDb().payout.count({ where: { externalId: "po_twice" } })).toBe(1);
  });

  it("records an older event as stale without moving the stage", async () => {
    const customer = await createCustomer();
    const payout = await createPayout(customer.id);
    await applyEvent(eventFor(payout.id, { stage: "PROCESSING", occurredAt: at("2026-11-23T12:00:00Z") }));
    const stale = await applyEvent(eventFor(payout.id, { stage: "VERIFYING", occurredAt: at("2026-11-23T11:00:00Z") }));
    expect(stale).toMatchObject({ ok: true, result: "stale", stageChanged: false });
    const after = await getDb().payout.findUniqueOrThrow({ where: { id: payout.id } });
    expect(after.stage).toBe("PROCESSING");
    const recorded = await getDb().payoutEvent.findMany({ where: { payoutId: payout.id, outcome: "STALE" } });
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ stage: "VERIFYING", fromStage: "PROCESSING" });
  });

  it("pauses for customer action with a reason and resumes at the paused stage", async () => {
    const customer = await createCustomer();
    const payout = await createPayout(customer.id, "UNDER_REVIEW");
    await applyEvent(
      eventFor(payout.id, {
        stage: "ACTION_REQUIRED",
        reasonCode: "VERIFICATION_INCOMPLETE",
        occurredAt: at("2026-11-23T11:00:00Z"),
      }),
    );
    let row = await getDb().payout.findUniqueOrThrow({ where: { id: payout.id } });
    expect(row).toMatchObject({
      stage: "ACTION_REQUIRED",
      pausedFrom: "UNDER_REVIEW",
      reasonCode: "VERIFICATION_INCOMPLETE",
      etaAt: null,
    });

    const backwards = await applyEvent(
      eventFor(payout.id, { stage: "VERIFYING", occurredAt: at("2026-11-23T12:00:00Z") }),
    );
    expect(backwards.ok).toBe(false);

    await applyEvent(eventFor(payout.id, { stage: "UNDER_REVIEW", occurredAt: at("2026-11-23T12:00:00Z") }));
    row = await getDb().payout.findUniqueOrThrow({ where: { id: payout.id } });
    expect(row).toMatchObject({ stage: "UNDER_REVIEW", pausedFrom: null, reasonCode: null });
    expect(row.etaAt).not.toBeNull();
  });

  it("sets and clears the delayed flag with a reason, and a stage change clears it", async () => {
    const customer = await createCustomer();
    const payout = await createPayout(customer.id, "PROCESSING");
    await applyEvent(
      eventFor(payout.id, { delay: { reasonCode: "BANK_HOLIDAY" }, occurredAt: at("2026-11-23T11:00:00Z") }),
    );
    let row = await getDb().payout.findUniqueOrThrow({ where: { id: payout.id } });
    expect(row).toMatchObject({ stage: "PROCESSING", delayed: true, delayReason: "BANK_HOLIDAY" });

    await applyEvent(eventFor(payout.id, { stage: "SENT", occurredAt: at("2026-11-23T12:00:00Z") }));
    row = await getDb().payout.findUniqueOrThrow({ where: { id: payout.id } });
    expect(row).toMatchObject({ stage: "SENT", delayed: false, delayReason: null });
  });

  it("answers NOT_FOUND for an unknown payout and writes nothing", async () => {
    const result = await applyEvent(eventFor("does-not-exist", { stage: "SENT" }));
    expect(result).toEqual({ ok: false, code: "NOT_FOUND", message: "No such payout." });
    expect(await getDb().payoutEvent.count()).toBe(0);
  });

  it("rejects an event from the future beyond the allowed clock skew and writes nothing", async () => {
    const customer = await createCustomer();
    const payout = await createPayout(customer.id);
    const now = () => at("2026-11-23T10:00:00Z");
    const result = await applyEvent(eventFor(payout.id, { stage: "SENT", occurredAt: at("2026-11-23T10:06:00Z") }), {
      now,
    });
    expect(result).toMatchObject({ ok: false, code: "INVALID_EVENT" });
    expect(!result.ok && result.message).toContain("lies in the future");
    const skewed = await applyEvent(eventFor(payout.id, { stage: "SENT", occurredAt: at("2026-11-23T10:04:00Z") }), {
      now,
    });
    expect(skewed).toMatchObject({ ok: true, result: "applied" });
  });

  it("never treats an admin's change as stale, even after a sender's clock ran ahead", async () => {
    const customer = await createCustomer();
    const payout = await createPayout(customer.id);
    await applyEvent(eventFor(payout.id, { stage: "VERIFYING", occurredAt: at("2026-11-23T12:00:00Z") }), {
      now: () => at("2026-11-23T11:58:00Z"),
    });
    const admin = await applyEvent(
      eventFor(payout.id, {
        stage: "APPROVED",
        occurredAt: at("2026-11-23T11:59:00Z"),
        source: { kind: "ADMIN", staffId: "s1" },
      }),
      { now: () => at("2026-11-23T11:59:00Z") },
    );
    expect(admin).toMatchObject({ ok: true, result: "applied" });
    const row = await getDb().payout.findUniqueOrThrow({ where: { id: payout.id } });
    expect(row.stage).toBe("APPROVED");
    expect(row.lastEventAt).toEqual(at("2026-11-23T12:00:00Z")); // time never runs backwards
  });

  it("refuses a delay on a paused payout: the customer must see what to do, not a delay", async () => {
    const customer = await createCustomer();
    const payout = await createPayout(customer.id, "VERIFYING");
    await applyEvent(
      eventFor(payout.id, {
        stage: "ACTION_REQUIRED",
        reasonCode: "VERIFICATION_INCOMPLETE",
        occurredAt: at("2026-11-23T11:00:00Z"),
      }),
    );
    const result = await applyEvent(
      eventFor(payout.id, { delay: { reasonCode: "HIGH_VOLUME" }, occurredAt: at("2026-11-23T12:00:00Z") }),
    );
    expect(result).toEqual({
      ok: false,
      code: "ILLEGAL_TRANSITION",
      message: "A payout that is ACTION_REQUIRED cannot be marked delayed: it has no ETA to be late against.",
    });
    expect(await getDb().payout.findUniqueOrThrow({ where: { id: payout.id } })).toMatchObject({
      delayed: false,
      reasonCode: "VERIFICATION_INCOMPLETE",
    });
  });

  it("records what a stale event asked for", async () => {
    const customer = await createCustomer();
    const payout = await createPayout(customer.id, "PROCESSING");
    await applyEvent(
      eventFor(payout.id, { delay: { reasonCode: "BANK_HOLIDAY" }, occurredAt: at("2026-11-23T12:00:00Z") }),
    );
    await applyEvent(
      eventFor(payout.id, { eventId: "evt_late_clear", delay: null, occurredAt: at("2026-11-23T11:00:00Z") }),
    );
    const stale = await getDb().payoutEvent.findUniqueOrThrow({ where: { eventId: "evt_late_clear" } });
    expect(stale).toMatchObject({ outcome: "STALE", delayed: false, delayReason: null });
    expect(await getDb().payout.findUniqueOrThrow({ where: { id: payout.id } })).toMatchObject({
      delayed: true,
      delayReason: "BANK_HOLIDAY",
    });
  });
});
