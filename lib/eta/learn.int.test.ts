import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { createCustomer } from "../../test/factories";
import { testSql } from "../../test/notifications";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import { applyEvent } from "../payouts/apply-event";
import type { Stage } from "../payouts/stages";
import { currentDurations, DEFAULT_STAGE_HOURS, loadDurations, MIN_LEARNING_SAMPLES } from "./durations";
import { estimateStages } from "./estimate";
import { learnDurations } from "./learn";

const HOUR = 3_600_000;
const MONDAY = new Date("2026-11-16T08:00:00Z");
const NOW = new Date("2026-11-23T12:00:00Z");

beforeEach(async () => {
  await resetDatabase();
  await loadDurations(testSql());
});

/** A SEPA payout with the given stage history: [stage, hours after MONDAY]. */
async function payoutWithHistory(customerId: string, steps: [Stage, number][]) {
  const externalId = `po_${randomUUID()}`;
  for (const [i, [stage, hours]] of steps.entries()) {
    const result = await applyEvent({
      eventId: `evt_${randomUUID()}`,
      occurredAt: new Date(MONDAY.getTime() + hours * HOUR),
      source: { kind: "API" },
      stage,
      payout:
        i === 0
          ? {
              externalId,
              create: { customerId, amountMinor: 1000n, currency: "EUR", method: "SEPA", destinationLabel: "DE•• 1" },
            }
          : { externalId },
    });
    expect(result.ok).toBe(true);
  }
}

describe("learning stage durations from completed payouts", () => {
  it("with 30 completed visits the p80 replaces the default; an admin's value still wins", async () => {
    const customer = await createCustomer();
    for (let i = 1; i <= MIN_LEARNING_SAMPLES; i++) {
      // REQUESTED 1 h, VERIFYING i/10 h, then completed
      await payoutWithHistory(customer.id, [
        ["REQUESTED", 0],
        ["VERIFYING", 1],
        ["COMPLETED", 1 + i / 10],
      ]);
    }
    // An open payout's visits do not count.
    await payoutWithHistory(customer.id, [
      ["REQUESTED", 0],
      ["VERIFYING", 50],
    ]);

    const result = await learnDurations(testSql(), NOW);
    expect(result.visits).toBe(2 * MIN_LEARNING_SAMPLES);
    const rows = await getDb().etaStageDuration.findMany({ where: { method: "SEPA", samples: { gt: 0 } } });
    expect(rows.map((r) => [r.stage, r.learnedP80Hours, r.samples]).sort()).toEqual([
      ["REQUESTED", 1, 30],
      ["VERIFYING", 2.4, 30],
    ]);
    expect(currentDurations().SEPA.VERIFYING).toEqual({ hours: 2.4, source: "LEARNED" });
    expect(currentDurations().SEPA.PROCESSING).toEqual({
      hours: DEFAULT_STAGE_HOURS.SEPA.PROCESSING,
      source: "DEFAULT",
    });

    // From VERIFYING on a Monday morning, UNDER_REVIEW is reached after the learned 2.4 h, not the default 4 h.
    const from = new Date("2026-11-23T06:00:00Z");
    expect(estimateStages("SEPA", "VERIFYING", from)?.[0]?.at.toISOString()).toBe("2026-11-23T08:24:00.000Z");
    expect(estimateStages("SEPA", "VERIFYING", from, loadDefaults())?.[0]?.at.toISOString()).toBe(
      "2026-11-23T10:00:00.000Z",
    );

    await getDb().etaStageDuration.update({
      where: { method_stage: { method: "SEPA", stage: "VERIFYING" } },
      data: { configuredHours: 6 },
    });
    await loadDurations(testSql());
    expect(currentDurations().SEPA.VERIFYING).toEqual({ hours: 6, source: "CONFIGURED" });
  });

  it("fewer visits than the minimum keep the default; learning twice changes nothing", async () => {
    const customer = await createCustomer();
    for (let i = 0; i < 3; i++) {
      await payoutWithHistory(customer.id, [
        ["REQUESTED", 0],
        ["COMPLETED", 30],
      ]);
    }
    await learnDurations(testSql(), NOW);
    const first = await getDb().etaStageDuration.findMany({ orderBy: [{ method: "asc" }, { stage: "asc" }] });
    await learnDurations(testSql(), NOW);
    const second = await getDb().etaStageDuration.findMany({ orderBy: [{ method: "asc" }, { stage: "asc" }] });
    expect(second).toEqual(first);
    // 30 wall hours from Monday 08:00 = 30 business hours
    expect(first.find((r) => r.method === "SEPA" && r.stage === "REQUESTED")).toMatchObject({
      learnedP80Hours: 30,
      samples: 3,
    });
    expect(currentDurations().SEPA.REQUESTED.source).toBe("DEFAULT");
  });
});

function loadDefaults() {
  return Object.fromEntries(
    Object.entries(DEFAULT_STAGE_HOURS).map(([m, stages]) => [
      m,
      Object.fromEntries(Object.entries(stages).map(([s, hours]) => [s, { hours, source: "DEFAULT" }])),
    ]),
  ) as ReturnType<typeof currentDurations>;
}
