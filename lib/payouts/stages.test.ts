import { describe, expect, it } from "vitest";
import { checkTransition, type HappyStage, nextStages, STAGES, type Stage } from "./stages";

// The expected machine, written out by hand: for each stage, every stage it may move to
// (besides staying put). Everything not listed is forbidden.
const ALLOWED: Record<Exclude<Stage, "ACTION_REQUIRED" | "ON_HOLD">, Stage[]> = {
  REQUESTED: [
    "VERIFYING",
    "UNDER_REVIEW",
    "APPROVED",
    "PROCESSING",
    "SENT",
    "COMPLETED",
    "ACTION_REQUIRED",
    "ON_HOLD",
    "FAILED",
    "CANCELED",
  ],
  VERIFYING: [
    "UNDER_REVIEW",
    "APPROVED",
    "PROCESSING",
    "SENT",
    "COMPLETED",
    "ACTION_REQUIRED",
    "ON_HOLD",
    "FAILED",
    "CANCELED",
  ],
  UNDER_REVIEW: ["APPROVED", "PROCESSING", "SENT", "COMPLETED", "ACTION_REQUIRED", "ON_HOLD", "FAILED", "CANCELED"],
  APPROVED: ["PROCESSING", "SENT", "COMPLETED", "ACTION_REQUIRED", "ON_HOLD", "FAILED", "CANCELED"],
  PROCESSING: ["SENT", "COMPLETED", "ACTION_REQUIRED", "ON_HOLD", "FAILED", "CANCELED"],
  SENT: ["COMPLETED", "FAILED", "RETURNED"],
  COMPLETED: [],
  FAILED: [],
  RETURNED: [],
  CANCELED: [],
};

// A paused payout (paused at `pausedFrom`) may resume at that stage or later, switch
// between the two pause stages, fail or be canceled.
const ALLOWED_WHEN_PAUSED_AT: Record<string, Stage[]> = {
  VERIFYING: ["VERIFYING", "UNDER_REVIEW", "APPROVED", "PROCESSING", "SENT", "COMPLETED", "FAILED", "CANCELED"],
  PROCESSING: ["PROCESSING", "SENT", "COMPLETED", "FAILED", "CANCELED"],
};

describe("stage machine", () => {
  for (const [from, allowed] of Object.entries(ALLOWED) as [Stage, Stage[]][]) {
    for (const to of STAGES) {
      const expected = to === from || allowed.includes(to);
      it(`${from} → ${to} is ${expected ? "allowed" : "forbidden"}`, () => {
        const result = checkTransition(from, to, null);
        expect(result.ok).toBe(expected);
        if (!result.ok) {
          expect(result.reason).toMatch(/\w+/);
        }
      });
    }
  }

  for (const pause of ["ACTION_REQUIRED", "ON_HOLD"] as const) {
    for (const [pausedAt, allowed] of Object.entries(ALLOWED_WHEN_PAUSED_AT)) {
      const other = pause === "ACTION_REQUIRED" ? "ON_HOLD" : "ACTION_REQUIRED";
      for (const to of STAGES) {
        const expected = to === pause || to === other || allowed.includes(to);
        it(`${pause} (paused at ${pausedAt}) → ${to} is ${expected ? "allowed" : "forbidden"}`, () => {
          expect(checkTransition(pause, to, pausedAt as HappyStage).ok).toBe(expected);
        });
      }
    }
  }

  it("remembers where a payout paused, across both pause stages, and forgets it on resume", () => {
    expect(checkTransition("APPROVED", "ON_HOLD", null)).toEqual({ ok: true, pausedFrom: "APPROVED" });
    expect(checkTransition("ON_HOLD", "ACTION_REQUIRED", "APPROVED")).toEqual({ ok: true, pausedFrom: "APPROVED" });
    expect(checkTransition("ACTION_REQUIRED", "APPROVED", "APPROVED")).toEqual({ ok: true, pausedFrom: null });
  });

  it("explains a forbidden move in words an admin understands", () => {
    const backwards = checkTransition("PROCESSING", "VERIFYING", null);
    expect(backwards).toEqual({
      ok: false,
      reason: "A payout never moves backwards: PROCESSING cannot go back to VERIFYING.",
    });
    const final = checkTransition("COMPLETED", "FAILED", null);
    expect(final.ok).toBe(false);
    expect(!final.ok && final.reason).toContain("final");
  });

  it("offers an admin only the moves that are allowed", () => {
    expect(nextStages("SENT", null)).toEqual(["COMPLETED", "FAILED", "RETURNED"]);
    expect(nextStages("COMPLETED", null)).toEqual([]);
    expect(nextStages("ON_HOLD", "SENT" as HappyStage)).not.toContain("PROCESSING");
  });
});
