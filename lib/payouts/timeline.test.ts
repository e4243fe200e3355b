import { describe, expect, it } from "vitest";
import { buildTimeline, type TimelineEvent, withExpectedTimes } from "./timeline";

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

  it("shows a pause before the stage it paused at, which is still to come, so resuming never looks like a step back", () => {
    const events = [ev(null, "REQUESTED", 1), ev("REQUESTED", "VERIFYING", 2), ev("VERIFYING", "ACTION_REQUIRED", 3)];
    const steps = buildTimeline("ACTION_REQUIRED", "VERIFYING", events);
    expect(summary(steps)).toEqual([
      "REQUESTED:done",
      "ACTION_REQUIRED:current",
      "VERIFYING:upcoming",
      "UNDER_REVIEW:upcoming",
      "APPROVED:upcoming",
      "PROCESSING:upcoming",
      "SENT:upcoming",
      "COMPLETED:upcoming",
    ]);
    expect(steps[1]?.at).toEqual(t(3));
    const resumed = buildTimeline("VERIFYING", null, [...events, ev("ACTION_REQUIRED", "VERIFYING", 4)]);
    expect(summary(resumed).slice(0, 3)).toEqual(["REQUESTED:done", "VERIFYING:current", "UNDER_REVIEW:upcoming"]);
  });

  it("shows a failure in place of the stage it failed in, and that stage as not reached", () => {
    const steps = buildTimeline("FAILED", null, [
      ev(null, "APPROVED", 1),
      ev("APPROVED", "PROCESSING", 2),
      ev("PROCESSING", "FAILED", 3),
    ]);
    expect(summary(steps)).toEqual([
      "REQUESTED:done",
      "VERIFYING:done",
      "UNDER_REVIEW:done",
      "APPROVED:done",
      "FAILED:current",
      "PROCESSING:unreached",
      "SENT:unreached",
      "COMPLETED:unreached",
    ]);
  });

  it("keeps the request done when a payout is canceled right away", () => {
    const steps = buildTimeline("CANCELED", null, [ev(null, "REQUESTED", 1), ev("REQUESTED", "CANCELED", 2)]);
    expect(summary(steps).slice(0, 3)).toEqual(["REQUESTED:done", "CANCELED:current", "VERIFYING:unreached"]);
  });

  it("shows a return after SENT, which did happen", () => {
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

describe("expected times of the remaining stages", () => {
  const steps = buildTimeline("APPROVED", null, []);
  const estimates = [
    { stage: "PROCESSING" as const, at: new Date("2026-11-23T10:00:00Z") },
    { stage: "SENT" as const, at: new Date("2026-11-23T12:00:00Z") },
    { stage: "COMPLETED" as const, at: new Date("2026-11-23T14:00:00Z") },
  ];
  const expected = (list: ReturnType<typeof withExpectedTimes>) =>
    Object.fromEntries(list.filter((s) => s.expectedAt).map((s) => [s.stage, s.expectedAt?.toISOString()]));

  it("upcoming stages get their estimate; done and current ones none", () => {
    expect(expected(withExpectedTimes(steps, estimates, new Date("2026-11-23T14:00:00Z")))).toEqual({
      PROCESSING: "2026-11-23T10:00:00.000Z",
      SENT: "2026-11-23T12:00:00.000Z",
      COMPLETED: "2026-11-23T14:00:00.000Z",
    });
  });

  it("a later ETA (a delay) moves every remaining stage by the same amount", () => {
    expect(expected(withExpectedTimes(steps, estimates, new Date("2026-11-24T14:00:00Z")))).toEqual({
      PROCESSING: "2026-11-24T10:00:00.000Z",
      SENT: "2026-11-24T12:00:00.000Z",
      COMPLETED: "2026-11-24T14:00:00.000Z",
    });
  });

  it("an earlier ETA (an admin's) caps every stage at it; no ETA, no expectations", () => {
    expect(expected(withExpectedTimes(steps, estimates, new Date("2026-11-23T11:00:00Z")))).toEqual({
      PROCESSING: "2026-11-23T10:00:00.000Z",
      SENT: "2026-11-23T11:00:00.000Z",
      COMPLETED: "2026-11-23T11:00:00.000Z",
    });
    expect(expected(withExpectedTimes(steps, estimates, null))).toEqual({});
    expect(expected(withExpectedTimes(steps, null, new Date()))).toEqual({});
  });
});
