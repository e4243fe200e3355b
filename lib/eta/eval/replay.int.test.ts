import { describe, expect, it } from "vitest";
import { getDb, getPgPool } from "../../db/client";
import { generateScenario } from "./generate";
import type { Metrics } from "./metrics";
import { runEvaluation } from "./replay";

describe("runEvaluation", () => {
  it("trains, replays a few days through applyEvent and the sweeper, and measures every payout", async () => {
    const scenario = generateScenario({
      seed: 5,
      payoutsPerDay: 7,
      replayStart: new Date("2026-03-09T00:00:00Z"),
      trainingDays: 6,
      replayDays: 3,
    });
    expect(scenario.replay.length).toBeGreaterThanOrEqual(12);

    const result = await runEvaluation({ pool: getPgPool(), db: getDb(), scenario });

    expect(result.training.refused).toEqual({});
    expect(result.replay.refused).toEqual({});
    expect(result.replay.events).toBe(scenario.replay.reduce((n, p) => n + p.events.length, 0));
    expect(result.replay.sweeps).toBeGreaterThan(0);
    expect(result.records).toHaveLength(scenario.replay.length);
    // Every replayed payout reached the end the generator gave it, and was shown a first ETA (or none) once.
    expect(result.records.map((r) => r.outcome)).toEqual(scenario.replay.map((p) => p.outcome));
    const completed = scenario.replay.filter((p) => p.outcome === "COMPLETED");
    for (const [i, r] of result.records.entries()) {
      if (r.outcome === "COMPLETED") {
        expect(r.completedAt).toEqual(scenario.replay[i]?.events.at(-1)?.at);
      }
    }

    const overall: Metrics = result.summary.overall;
    expect(overall.payouts).toBe(scenario.replay.length);
    expect(overall.completed).toBe(completed.length);
    for (const key of [
      "onTime",
      "onTimeUnpaused",
      "medianSlackHours",
      "p10SlackHours",
      "revised",
      "revisedLater",
      "broken",
    ] as const) {
      expect(typeof overall[key], key).toBe("number");
    }
    expect(Number.isInteger(overall.night)).toBe(true);
    expect(Number.isInteger(overall.past)).toBe(true);
    expect(overall.past).toBe(result.records.filter((r) => r.pastSeen).length);
    // A payout seen with a past promise also broke it (it stopped being shown after its deadline).
    for (const r of result.records.filter((r) => r.pastSeen)) {
      expect(r.brokenPromises).toBeGreaterThan(0);
    }
    expect(result.summary.perMethod.reduce((n, m) => n + m.metrics.payouts, 0)).toBe(overall.payouts);
  });
});
