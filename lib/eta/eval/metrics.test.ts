import { describe, expect, it } from "vitest";
import {
  isNightEta,
  maxPerLocalDay,
  measure,
  median,
  movedLater,
  type PayoutRecord,
  promiseDeadline,
  quantile,
  type ShownEta,
  sameShownEta,
  summarize,
} from "./metrics";
import { RAIL_CALENDARS } from "./model";
import { formatTable, lastLine } from "./report";

const at = (iso: string) => new Date(iso);
const eta = (iso: string, precision = "TIME"): ShownEta => ({ at: at(iso), precision, shownAt: at(iso) });
const rail = (method: PayoutRecord["method"]) => RAIL_CALENDARS[method];

function record(overrides: Partial<PayoutRecord>): PayoutRecord {
  return {
    method: "WALLET",
    timeZone: "Europe/Berlin",
    outcome: "COMPLETED",
    completedAt: at("2026-03-10T10:00:00Z"),
    paused: false,
    first: eta("2026-03-10T12:00:00Z"),
    revisions: [],
    pastSeen: false,
    brokenPromises: 0,
    etaMessagesMaxPerDay: 0,
    ...overrides,
  };
}

describe("promiseDeadline", () => {
  it("keeps a time as it is, and makes a date the end of that local day", () => {
    expect(promiseDeadline(eta("2026-03-10T12:00:00Z"), "Europe/Berlin")).toEqual(at("2026-03-10T12:00:00Z"));
    // Shown as "Tuesday 10 March" in Berlin: kept until Wednesday 00:00 CET.
    expect(promiseDeadline(eta("2026-03-10T12:00:00Z", "DATE"), "Europe/Berlin")).toEqual(at("2026-03-10T23:00:00Z"));
    // Stored as the last millisecond of the day, or as the next midnight: still that day.
    expect(promiseDeadline(eta("2026-03-10T22:59:59.999Z", "DATE"), "Europe/Berlin")).toEqual(
      at("2026-03-10T23:00:00Z"),
    );
    expect(promiseDeadline(eta("2026-03-10T23:00:00Z", "DATE"), "Europe/Berlin")).toEqual(at("2026-03-10T23:00:00Z"));
    // The same instant is another day in New York.
    expect(promiseDeadline(eta("2026-03-10T02:00:00Z", "DATE"), "America/New_York")).toEqual(
      at("2026-03-10T04:00:00Z"),
    );
  });
});

describe("isNightEta", () => {
  it("flags times in [00:30, 06:00) of the customer's zone, never dates", () => {
    const zone = "Europe/Berlin"; // CET, UTC+1 in March before the 29th
    expect(isNightEta(eta("2026-03-09T23:29:00Z"), zone)).toBe(false); // 00:29
    expect(isNightEta(eta("2026-03-09T23:30:00Z"), zone)).toBe(true); // 00:30
    expect(isNightEta(eta("2026-03-10T04:59:00Z"), zone)).toBe(true); // 05:59
    expect(isNightEta(eta("2026-03-10T05:00:00Z"), zone)).toBe(false); // 06:00
    expect(isNightEta(eta("2026-03-10T02:00:00Z", "DATE"), zone)).toBe(false);
    expect(isNightEta(eta("2026-03-10T02:00:00Z", "UPDATE"), zone)).toBe(true);
    // The same instant is the evening in New York.
    expect(isNightEta(eta("2026-03-10T02:00:00Z"), "America/New_York")).toBe(false);
  });
});

describe("quantiles", () => {
  it("interpolates between order statistics", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(quantile([0, 10], 0.1)).toBeCloseTo(1);
  });
});

describe("measure", () => {
  it("judges on-time, signed slack, revisions, night and past", () => {
    const records = [
      // 2 h early (wallets: around the clock)
      record({}),
      // 3 h late, revised once to a later night time, seen past
      record({
        completedAt: at("2026-03-10T15:00:00Z"),
        revisions: [eta("2026-03-11T02:00:00Z")],
        pastSeen: true,
        brokenPromises: 1,
        etaMessagesMaxPerDay: 2,
      }),
      // exactly on time, after a pause
      record({ completedAt: at("2026-03-10T12:00:00Z"), paused: true }),
      // never shown an ETA: late, no slack
      record({ first: null }),
      // canceled: counted as a payout, not as completed
      record({ outcome: "CANCELED", completedAt: null }),
    ];
    const m = measure(records, rail);
    expect(m.payouts).toBe(5);
    expect(m.completed).toBe(4);
    expect(m.onTime).toBeCloseTo(2 / 4);
    expect(m.onTimeUnpaused).toBeCloseTo(1 / 3);
    expect(m.medianSlackHours).toBeCloseTo(0); // slacks 2, -3, 0
    expect(m.revised).toBeCloseTo(1 / 5);
    expect(m.revisions).toBe(1);
    expect(m.revisedLater).toBeCloseTo(1 / 5);
    expect(m.broken).toBeCloseTo(1 / 5);
    expect(m.night).toBe(1);
    expect(m.past).toBe(1);
    expect(m.etaMessagesOverOnePerDay).toBe(1);
  });

  it("counts slack in the rail's banking days: a SEPA weekend is no slack", () => {
    // Arrived Friday 13 March 12:00 Berlin; promised Monday 16 March 12:00 Berlin: one banking day.
    const sepa = record({
      method: "SEPA",
      completedAt: at("2026-03-13T11:00:00Z"),
      first: eta("2026-03-16T11:00:00Z"),
    });
    expect(measure([sepa], rail).medianSlackHours).toBeCloseTo(24);
  });

  it("summarizes per method and overall, and prints the last line in its fixed format", () => {
    const summary = summarize([record({}), record({ method: "SEPA", completedAt: at("2026-03-10T15:00:00Z") })], rail);
    expect(summary.perMethod).toHaveLength(7);
    expect(summary.perMethod.find((m) => m.method === "CARD")?.metrics.onTime).toBeNull();
    expect(formatTable(summary)).toHaveLength(9);
    expect(lastLine(summary.overall)).toBe(
      "eta:eval on-time 50.0 % · median slack -0.5 working h · revised 0.0 % · night 0 · past 0",
    );
    expect(lastLine(summary.overall)).toMatch(
      /^eta:eval on-time -?\d+\.\d % · median slack -?\d+\.\d working h · revised \d+\.\d % · night \d+ · past \d+$/,
    );
  });
});

describe("helpers", () => {
  it("tells a revision that moved the promise later from one that moved it earlier or refined it", () => {
    const first = eta("2026-03-12T12:00:00Z", "DATE");
    expect(movedLater(record({ first, revisions: [eta("2026-03-11T09:00:00Z", "DATE")] }))).toBe(false);
    // "by Thursday" → "by 14:00 Thursday": refined, not later.
    expect(movedLater(record({ first, revisions: [eta("2026-03-12T13:00:00Z")] }))).toBe(false);
    expect(movedLater(record({ first, revisions: [eta("2026-03-12T13:00:00Z"), eta("2026-03-13T09:00:00Z")] }))).toBe(
      true,
    );
  });

  it("compares shown ETAs by instant and precision", () => {
    expect(
      sameShownEta(eta("2026-03-10T12:00:00Z"), {
        ...eta("2026-03-10T12:00:00Z"),
        shownAt: at("2026-03-11T00:00:00Z"),
      }),
    ).toBe(true);
    expect(sameShownEta(eta("2026-03-10T12:00:00Z"), eta("2026-03-10T12:00:00Z", "DATE"))).toBe(false);
    expect(sameShownEta(null, null)).toBe(true);
  });

  it("counts messages on the busiest local day", () => {
    const times = [at("2026-03-10T22:30:00Z"), at("2026-03-10T23:30:00Z"), at("2026-03-11T08:00:00Z")];
    expect(maxPerLocalDay(times, "UTC")).toBe(2);
    expect(maxPerLocalDay(times, "Europe/Berlin")).toBe(2); // 23:30 10th; 00:30 and 09:00 on the 11th
    expect(maxPerLocalDay([], "UTC")).toBe(0);
  });
});
