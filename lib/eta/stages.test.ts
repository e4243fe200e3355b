import { describe, expect, it } from "vitest";
import { businessHoursBetween, DEFAULT_STAGE_HOURS, MIN_LEARNING_SAMPLES, p80, resolveDurations } from "./durations";
import { afterCutoff, estimateCompletion, estimateStages } from "./estimate";

describe("the duration table", () => {
  it("an admin's value wins, then a p80 learned from enough visits, then the default", () => {
    const table = resolveDurations([
      { method: "SEPA", stage: "PROCESSING", configuredHours: 3, learnedP80Hours: 12, samples: 500 },
      { method: "SEPA", stage: "SENT", configuredHours: null, learnedP80Hours: 9.5, samples: MIN_LEARNING_SAMPLES },
      {
        method: "SEPA",
        stage: "APPROVED",
        configuredHours: null,
        learnedP80Hours: 40,
        samples: MIN_LEARNING_SAMPLES - 1,
      },
    ]);
    expect(table.SEPA.PROCESSING).toEqual({ hours: 3, source: "CONFIGURED" });
    expect(table.SEPA.SENT).toEqual({ hours: 9.5, source: "LEARNED" });
    expect(table.SEPA.APPROVED).toEqual({ hours: DEFAULT_STAGE_HOURS.SEPA.APPROVED, source: "DEFAULT" });
  });

  it("p80 is the nearest-rank 80th percentile", () => {
    expect(p80([])).toBeNull();
    expect(p80([5])).toBe(5);
    expect(p80([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe(8);
    expect(p80([10, 1, 9, 2, 8])).toBe(9);
  });

  it("business hours between two instants skip weekends and the rail's bank holidays", () => {
    // Friday 20:00 UTC → Monday 04:00 UTC: 4 h Friday + 4 h Monday
    expect(businessHoursBetween(new Date("2026-11-27T20:00:00Z"), new Date("2026-11-30T04:00:00Z"), null)).toBe(8);
    // Christmas Eve 2026 is a Thursday; 25 and 26 December are German holidays (26th is a Saturday)
    expect(businessHoursBetween(new Date("2026-12-24T12:00:00Z"), new Date("2026-12-28T12:00:00Z"), "DE")).toBe(24);
  });
});

describe("cut-offs", () => {
  it("a SEPA submission before 15:00 Berlin goes the same day; after it, the next bank day at 00:00 Berlin", () => {
    const before = new Date("2026-11-24T13:59:00Z"); // Tuesday 14:59 in Berlin (CET, UTC+1)
    expect(afterCutoff("SEPA", before)).toEqual(before);
    expect(afterCutoff("SEPA", new Date("2026-11-24T14:01:00Z")).toISOString()).toBe("2026-11-24T23:00:00.000Z");
  });

  it("after Friday's cut-off the submission waits for Monday; around Christmas for the next German bank day", () => {
    expect(afterCutoff("SEPA", new Date("2026-11-27T16:00:00Z")).toISOString()).toBe("2026-11-29T23:00:00.000Z");
    // Thursday 24 December after 15:00 → 25th and 26th closed, 27th Sunday → Monday 28th
    expect(afterCutoff("SEPA", new Date("2026-12-24T15:30:00Z")).toISOString()).toBe("2026-12-27T23:00:00.000Z");
  });

  it("follows summer time: 15:00 in Berlin is 13:00 UTC in July", () => {
    expect(afterCutoff("SEPA", new Date("2026-07-14T12:59:00Z")).toISOString()).toBe("2026-07-14T12:59:00.000Z");
    expect(afterCutoff("SEPA", new Date("2026-07-14T13:01:00Z")).toISOString()).toBe("2026-07-14T22:00:00.000Z");
  });

  it("ACH's cut-off is 16:00 in New York; Faster Payments has none", () => {
    // 16:30 New York (EST, UTC−5) on Wednesday 25 November; Thursday 26 is Thanksgiving
    expect(afterCutoff("ACH", new Date("2026-11-25T21:30:00Z")).toISOString()).toBe("2026-11-27T05:00:00.000Z");
    const late = new Date("2026-11-25T22:30:00Z");
    expect(afterCutoff("FASTER_PAYMENTS", late)).toEqual(late);
  });
});

describe("per-stage ETAs", () => {
  it("lists every remaining stage with its expected time, COMPLETED last and equal to the completion ETA", () => {
    const entered = new Date("2026-11-23T08:00:00Z"); // Monday
    const stages = estimateStages("FASTER_PAYMENTS", "APPROVED", entered);
    expect(stages?.map((s) => s.stage)).toEqual(["PROCESSING", "SENT", "COMPLETED"]);
    expect(stages?.map((s) => s.at.toISOString())).toEqual([
      "2026-11-23T09:00:00.000Z",
      "2026-11-23T11:00:00.000Z",
      "2026-11-23T13:00:00.000Z",
    ]);
    expect(estimateCompletion("FASTER_PAYMENTS", "APPROVED", entered)).toEqual(stages?.at(-1)?.at);
  });

  it("a SEPA payout approved late on Friday is submitted on Monday: the cut-off moves PROCESSING and everything after", () => {
    const friday = new Date("2026-11-27T15:00:00Z"); // 16:00 Berlin, after the cut-off
    const stages = estimateStages("SEPA", "APPROVED", friday);
    // APPROVED takes 2 h → 17:00 UTC Friday; submitted Monday 00:00 Berlin (Sunday 23:00 UTC, counted from Monday 00:00 UTC)
    expect(stages?.[0]).toEqual({ stage: "PROCESSING", at: new Date("2026-11-27T17:00:00Z") });
    expect(stages?.[1]?.at.toISOString()).toBe("2026-11-30T08:00:00.000Z");
  });

  it("a configured table changes the estimate; paused and final payouts have none", () => {
    const table = resolveDurations([
      { method: "WALLET", stage: "SENT", configuredHours: 10, learnedP80Hours: null, samples: 0 },
    ]);
    const entered = new Date("2026-11-23T08:00:00Z");
    expect(estimateCompletion("WALLET", "SENT", entered, table)?.toISOString()).toBe("2026-11-23T18:00:00.000Z");
    expect(estimateStages("WALLET", "ON_HOLD", entered)).toBeNull();
    expect(estimateStages("WALLET", "COMPLETED", entered)).toBeNull();
  });
});
