import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { createCustomer } from "../../test/factories";
import { testSql } from "../../test/notifications";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import { applyEvent } from "../payouts/apply-event";
import type { Stage } from "../payouts/stages";
import { DEFAULT_STAGE_HOURS, defaultEtaModel, type EtaModel, MIN_LEARNING_SAMPLES } from "./durations";
import { estimate } from "./estimate";
import { learnDurations } from "./learn";
import { currentEtaModel, loadEtaModel } from "./model-cache";

const HOUR = 3_600_000;
const MONDAY = new Date("2026-11-16T08:00:00Z");
const NOW = new Date("2026-11-23T12:00:00Z");

beforeEach(async () => {
  await resetDatabase();
  await loadEtaModel(testSql());
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
  it("with 30 completed visits the learned quantiles (working hours) replace the defaults; an admin's p90 still wins", async () => {
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
    // VERIFYING took 0.1 … 3.0 h, all within the operations team's hours (Monday 10:00 Berlin on).
    expect(rows.map((r) => [r.stage, r.learnedP50Hours, r.learnedP90Hours, r.samples]).sort()).toEqual([
      ["REQUESTED", 1, 1, 30],
      ["VERIFYING", 1.55, 2.71, 30],
    ]);
    expect(currentEtaModel().durations.SEPA.VERIFYING).toEqual({ p50: 1.55, p90: 2.71, source: "LEARNED" });
    expect(currentEtaModel().durations.SEPA.PROCESSING).toEqual({
      ...DEFAULT_STAGE_HOURS.SEPA.PROCESSING,
      source: "DEFAULT",
    });

    // From VERIFYING, UNDER_REVIEW is expected sooner with the learned times than with the defaults.
    const from = new Date("2026-11-23T09:00:00Z");
    const firstStageAt = (model: EtaModel) =>
      estimate({ method: "SEPA", stage: "VERIFYING", enteredAt: from, model })?.stages[0]?.at.getTime() ?? 0;
    const learned = firstStageAt(currentEtaModel());
    const defaults = firstStageAt(defaultEtaModel());
    expect(learned).toBeLessThan(defaults);
    expect(currentEtaModel().durations.SEPA.VERIFYING.source).toBe("LEARNED");

    await getDb().etaStageDuration.update({
      where: { method_stage: { method: "SEPA", stage: "VERIFYING" } },
      data: { configuredHours: 6 },
    });
    await loadEtaModel(testSql());
    expect(currentEtaModel().durations.SEPA.VERIFYING).toMatchObject({ p90: 6, source: "CONFIGURED" });
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
    // intake runs around the clock: 30 wall hours = 30 working hours
    expect(first.find((r) => r.method === "SEPA" && r.stage === "REQUESTED")).toMatchObject({
      learnedP50Hours: 30,
      samples: 3,
    });
    expect(currentEtaModel().durations.SEPA.REQUESTED.source).toBe("DEFAULT");
  });
});
