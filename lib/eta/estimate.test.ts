import { describe, expect, it } from "vitest";
import { addBusinessHours, estimateCompletion } from "./estimate";

describe("addBusinessHours", () => {
  it("counts weekday hours as they come", () => {
    expect(addBusinessHours(new Date("2026-11-23T10:00:00Z"), 5).toISOString()).toBe("2026-11-23T15:00:00.000Z");
  });

  it("skips the weekend", () => {
    // Friday 20:00 + 8 h = 4 h on Friday, then Monday 04:00
    expect(addBusinessHours(new Date("2026-11-27T20:00:00Z"), 8).toISOString()).toBe("2026-11-30T04:00:00.000Z");
  });

  it("starts counting on Monday when started on a Saturday", () => {
    expect(addBusinessHours(new Date("2026-11-28T12:00:00Z"), 1).toISOString()).toBe("2026-11-30T01:00:00.000Z");
  });
});

describe("estimateCompletion", () => {
  it("sums the remaining stages of the method", () => {
    // SEPA from SENT: 16 business hours
    expect(estimateCompletion("SEPA", "SENT", new Date("2026-11-23T08:00:00Z"))?.toISOString()).toBe(
      "2026-11-24T00:00:00.000Z",
    );
  });

  it("is earlier the further along a payout is", () => {
    const at = new Date("2026-11-23T08:00:00Z");
    const early = estimateCompletion("SWIFT", "REQUESTED", at);
    const late = estimateCompletion("SWIFT", "SENT", at);
    expect(early && late && early > late).toBe(true);
  });

  it("has no ETA for finished or paused payouts", () => {
    const at = new Date("2026-11-23T08:00:00Z");
    expect(estimateCompletion("SEPA", "COMPLETED", at)).toBeNull();
    expect(estimateCompletion("SEPA", "ACTION_REQUIRED", at)).toBeNull();
    expect(estimateCompletion("SEPA", "FAILED", at)).toBeNull();
  });
});

describe("bank holidays", () => {
  it("a SEPA payout skips German holidays: Christmas on a Friday pushes the ETA to Monday", () => {
    // PROCESSING 8 h + SENT 16 h from Thursday 24 December 08:00
    expect(estimateCompletion("SEPA", "PROCESSING", new Date("2026-12-24T08:00:00Z"))?.toISOString()).toBe(
      "2026-12-28T08:00:00.000Z",
    );
    // a card payout has no bank calendar: Christmas Day counts (48 h from Thursday → Monday)
    expect(estimateCompletion("CARD", "SENT", new Date("2026-12-24T08:00:00Z"))?.toISOString()).toBe(
      "2026-12-28T08:00:00.000Z",
    );
    expect(addBusinessHours(new Date("2026-12-24T08:00:00Z"), 24).toISOString()).toBe("2026-12-25T08:00:00.000Z");
  });

  it("an ACH payout skips US Thanksgiving; a Faster Payments one England's Boxing Day substitute", () => {
    // ACH SENT: 24 business hours from Wednesday 25 November 12:00 → Thursday is Thanksgiving
    expect(estimateCompletion("ACH", "SENT", new Date("2026-11-25T12:00:00Z"))?.toISOString()).toBe(
      "2026-11-27T12:00:00.000Z",
    );
    expect(addBusinessHours(new Date("2026-12-24T20:00:00Z"), 6, "GB").toISOString()).toBe("2026-12-29T02:00:00.000Z");
  });
});
