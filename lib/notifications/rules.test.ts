import { describe, expect, it } from "vitest";
import type { PayoutState } from "../payouts/payout-sql";
import { levelAllows, notificationFor, quietHoursEnd } from "./rules";

const base: PayoutState = {
  stage: "PROCESSING",
  pausedFrom: null,
  reasonCode: null,
  note: null,
  delayed: false,
  delayReason: null,
  etaAt: new Date("2026-11-24T16:00:00Z"),
  originalEtaAt: new Date("2026-11-24T16:00:00Z"),
  etaReason: null,
  etaPrecision: "TIME",
  etaSource: "MODEL",
  etaTypicalAt: null,
  etaNotifiedAt: null,
  stageEnteredAt: new Date("2026-11-23T09:00:00Z"),
  lastEventAt: new Date("2026-11-23T09:00:00Z"),
};
const hours = (h: number) => h * 3_600_000;

describe("notificationFor", () => {
  it("tells about a new payout and every stage change", () => {
    expect(notificationFor(null, { ...base, stage: "REQUESTED" }, "API")).toEqual({
      kind: "STAGE_CHANGED",
      important: false,
      urgent: false,
    });
    expect(notificationFor(base, { ...base, stage: "SENT" }, "API")?.kind).toBe("STAGE_CHANGED");
  });

  it("marks completed, failed, returned and action required important; action required and failed urgent", () => {
    for (const stage of ["COMPLETED", "FAILED", "RETURNED", "ACTION_REQUIRED"] as const) {
      const decision = notificationFor(base, { ...base, stage }, "ADMIN");
      expect(decision?.important, stage).toBe(true);
      expect(decision?.urgent, stage).toBe(stage === "FAILED" || stage === "ACTION_REQUIRED");
    }
    expect(notificationFor(base, { ...base, stage: "SENT" }, "API")).toMatchObject({ important: false, urgent: false });
    expect(notificationFor(base, { ...base, stage: "ON_HOLD" }, "API")).toMatchObject({ important: false });
  });

  it("tells about a delay once, and again only when its reason changes", () => {
    const delayed = { ...base, delayed: true, delayReason: "HIGH_VOLUME" as const };
    expect(notificationFor(base, delayed, "SWEEPER")).toEqual({ kind: "DELAYED", important: true, urgent: false });
    expect(notificationFor(delayed, delayed, "SWEEPER")).toBeNull();
    expect(notificationFor(delayed, { ...delayed, delayReason: "BANK_HOLIDAY" }, "API")?.kind).toBe("DELAYED");
    expect(notificationFor(delayed, base, "API")).toBeNull();
  });

  it("tells when the ETA moves later by more than the threshold, not earlier or by less", () => {
    const later = (h: number) => ({ ...base, etaAt: new Date((base.etaAt as Date).getTime() + hours(h)) });
    expect(notificationFor(base, later(3), "API")?.kind).toBe("ETA_MOVED");
    expect(notificationFor(base, later(2), "API")).toBeNull();
    expect(notificationFor(base, later(-5), "API")).toBeNull();
    expect(notificationFor(base, later(1.5), "API", hours(1))?.kind).toBe("ETA_MOVED");
  });

  it("never tells about seeded or back-filled history", () => {
    expect(notificationFor(null, base, "SEED")).toBeNull();
    expect(notificationFor(base, { ...base, stage: "COMPLETED" }, "BACKFILL")).toBeNull();
  });

  it("brings a new note from the team once, and says nothing when nothing the customer sees changed", () => {
    expect(notificationFor(base, { ...base, note: "We called your bank." }, "ADMIN")).toEqual({
      kind: "NOTE",
      important: false,
      urgent: false,
    });
    expect(notificationFor(base, { ...base, note: "From the platform." }, "API")?.kind).toBe("NOTE");
    const noted = { ...base, note: "We called your bank." };
    expect(notificationFor(noted, { ...noted }, "ADMIN")).toBeNull();
    expect(notificationFor(noted, { ...noted, note: null }, "ADMIN")).toBeNull();
    expect(notificationFor(base, { ...base }, "ADMIN")).toBeNull();
  });
});

describe("levelAllows", () => {
  it("lets everything, only important or nothing through", () => {
    expect(levelAllows("ALL", false)).toBe(true);
    expect(levelAllows("IMPORTANT", false)).toBe(false);
    expect(levelAllows("IMPORTANT", true)).toBe(true);
    expect(levelAllows("NONE", true)).toBe(false);
  });
});

describe("quietHoursEnd", () => {
  const night = [21 * 60, 8 * 60] as const;

  it("holds a message sent at night until 08:00 local time the next morning", () => {
    // 22:30 in Berlin (UTC+1 in November)
    expect(quietHoursEnd(new Date("2026-11-23T21:30:00Z"), "Europe/Berlin", ...night)).toEqual(
      new Date("2026-11-24T07:00:00Z"),
    );
    // 02:00 in Berlin: the same morning
    expect(quietHoursEnd(new Date("2026-11-24T01:00:00Z"), "Europe/Berlin", ...night)).toEqual(
      new Date("2026-11-24T07:00:00Z"),
    );
  });

  it("does not hold during the day, nor when quiet hours are off", () => {
    expect(quietHoursEnd(new Date("2026-11-23T12:00:00Z"), "Europe/Berlin", ...night)).toBeNull();
    expect(quietHoursEnd(new Date("2026-11-23T21:30:00Z"), "Europe/Berlin", null, null)).toBeNull();
  });

  it("reads the customer's zone, not the server's", () => {
    // 21:30 UTC is 13:30 in Los Angeles: daytime there
    expect(quietHoursEnd(new Date("2026-11-23T21:30:00Z"), "America/Los_Angeles", ...night)).toBeNull();
  });

  it("ends at 08:00 local time across a daylight-saving change", () => {
    // Night of 28→29 March 2026 in Berlin: clocks go from UTC+1 to UTC+2 at 02:00
    expect(quietHoursEnd(new Date("2026-03-28T22:00:00Z"), "Europe/Berlin", ...night)).toEqual(
      new Date("2026-03-29T06:00:00Z"),
    );
  });

  it("handles a window within one day", () => {
    expect(quietHoursEnd(new Date("2026-11-23T13:00:00Z"), "UTC", 12 * 60, 14 * 60)).toEqual(
      new Date("2026-11-23T14:00:00Z"),
    );
  });
});

describe("ETA messages", () => {
  it("tell a new ETA on the same stage at most once a day", () => {
    const later = { ...base, etaAt: new Date((base.etaAt?.getTime() ?? 0) + hours(24)) };
    const at = new Date("2026-11-24T17:00:00Z");
    expect(notificationFor(base, later, "SWEEPER", hours(2), at)).toMatchObject({ kind: "ETA_MOVED" });
    const toldAnHourAgo = { ...base, etaNotifiedAt: new Date(at.getTime() - hours(1)) };
    expect(notificationFor(toldAnHourAgo, later, "SWEEPER", hours(2), at)).toBeNull();
    const toldYesterday = { ...base, etaNotifiedAt: new Date(at.getTime() - hours(25)) };
    expect(notificationFor(toldYesterday, later, "SWEEPER", hours(2), at)).toMatchObject({ kind: "ETA_MOVED" });
    // a stage change is always told
    expect(notificationFor(toldAnHourAgo, { ...later, stage: "SENT" }, "API", hours(2), at)).toMatchObject({
      kind: "STAGE_CHANGED",
    });
  });
});
