import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEFAULT_STAGE_HOURS, PAYOUT_METHODS, TIMED_STAGES } from "./durations";

describe("the built-in stage durations", () => {
  it("are the table they always were", () => {
    // The SHA-256 of JSON.stringify(DEFAULT_STAGE_HOURS) taken before the table became
    // rows of [p50, p90] (issue #15): every value, in the same order. A deliberate change of
    // a default changes it: update it then, with the reason in the commit.
    const digest = createHash("sha256").update(JSON.stringify(DEFAULT_STAGE_HOURS)).digest("hex");
    expect(digest).toBe("606ba0eec4306fe2c8c08e9b387d5118d0668178e101fad40d91ea78af5d4425");
    expect(Object.keys(DEFAULT_STAGE_HOURS)).toEqual([...PAYOUT_METHODS]);
    expect(DEFAULT_STAGE_HOURS.SEPA).toEqual({
      REQUESTED: { p50: 0.25, p90: 1 },
      VERIFYING: { p50: 1, p90: 4 },
      UNDER_REVIEW: { p50: 2, p90: 8 },
      APPROVED: { p50: 0.5, p90: 2 },
      PROCESSING: { p50: 2, p90: 6 },
      SENT: { p50: 4, p90: 11 },
    });
    expect(DEFAULT_STAGE_HOURS.CARD.SENT).toEqual({ p50: 24, p90: 60 });
    expect(DEFAULT_STAGE_HOURS.WALLET.VERIFYING).toEqual({ p50: 0.25, p90: 1 });
  });

  it("give every stage of every method a median below its 90th percentile", () => {
    for (const method of PAYOUT_METHODS) {
      expect(Object.keys(DEFAULT_STAGE_HOURS[method])).toEqual([...TIMED_STAGES]);
      for (const stage of TIMED_STAGES) {
        const { p50, p90 } = DEFAULT_STAGE_HOURS[method][stage];
        expect(p50, `${method} ${stage}`).toBeGreaterThan(0);
        expect(p50, `${method} ${stage}`).toBeLessThan(p90);
      }
    }
  });
});
