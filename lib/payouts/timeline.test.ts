import { describe, expect, it } from "vitest";
import { buildTimeline, type TimelineEvent } from "./timeline";

const t = (h: number) => new Date(Date.UTC(2026, 10, 23, h));
const ev = (fromStage: TimelineEvent["fromStage"], stage: TimelineEvent["stage"], h: number): TimelineEvent => ({
  fromStage,
  stage,
  occurredAt: t(h),
});

const summary = (steps: ReturnType<typeof buildTimeline>) => steps.map((s) => `${s.stage}:${s.state}`);

describe("buildTimeline", () => {
  it("shows done, current and upcoming stages with the time each was entered", () => {
    const steps = buildTimeline("APPROVED", null, [
      ev(null, "REQUESTED", 1),
      ev("REQUESTED", "VERIFYING", 2),
      ev("VERIFYING", "APPROVED", 4),
    ]);
    expect(summary(steps)).toEqual([
      "REQUESTED:done",
      "VERIFYING:done",
      "UNDER_REVIEW:done",
      "APPROVED:current",
      "PROCESSING:upcoming",
      "SENT:upcoming",
      "COMPLETED:upcoming",
    ]);
    expect(steps[1]?.at).toEqual(t(2));
    expect(steps[2]?.at).toBeNull(); // skipped: done, but never entered on its own
    expect(steps[3]?.at).toEqual(t(4));
  });

  it("marks every stage done once completed", () => {
    const steps = buildTimeline("COMPLETED", null, [ev(null, "REQUESTED", 1), ev("REQUESTED", "COMPLETED", 9)]);
    expect(steps.every((s) => s.state === "done")).toBe(true);
    expect(steps.at(-1)?.at).toEqual(t(9));
  });

  it("shows a pause after the stage it paused at, with the rest still to come", () => {
    const steps = buildTimeline("ACTION_REQUIRED", "VERIFYING", [
      ev(null, "REQUESTED", 1),
      ev("REQUESTED", "VERIFYING", 2),
      ev("VERIFYING", "ACTION_REQUIRED", 3),
    ]);
    expect(summary(steps)).toEqual([
      "REQUESTED:done",
      "VERIFYING:done",
      "ACTION_REQUIRED:current",
      "UNDER_REVIEW:upcoming",
      "APPROVED:upcoming",
      "PROCESSING:upcoming",
      "SENT:upcoming",
      "COMPLETED:upcoming",
    ]);
    expect(steps[2]?.at).toEqual(t(3));
  });

  it("shows a failure where it happened and the rest as not reached", () => {
    const steps = buildTimeline("RETURNED", null, [ev(null, "SENT", 1), ev("SENT", "RETURNED", 5)]);
    expect(summary(steps)).toEqual([
      "REQUESTED:done",
      "VERIFYING:done",
      "UNDER_REVIEW:done",
      "APPROVED:done",
      "PROCESSING:done",
      "SENT:done",
      "RETURNED:current",
      "COMPLETED:unreached",
    ]);
  });
});
