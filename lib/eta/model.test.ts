import { TZDate } from "@date-fns/tz";
import { describe, expect, it } from "vitest";
import { isClosed } from "./business-calendar";
import { decideEta, WOBBLE_MS } from "./decide";
import { DEFAULT_OPS_HOURS, defaultEtaModel, MIN_LEARNING_SAMPLES, quantile, resolveDurations } from "./durations";
import { afterCutoff, delayedEstimate, estimate, stageCalendar } from "./estimate";
import { fromQuantiles, normalCdf, normalQuantile, quantileOf, remainderAfter, sumQuantile } from "./lognormal";
import { isNightTime, promiseFor } from "./promise";
import { addWorkingHours, workingHoursBetween } from "./working-time";

const model = defaultEtaModel();
/** "2026-12-04T17:00:00" read as Berlin wall-clock time. */
const berlin = (iso: string) => {
  const [y, mo, d, h, mi] = iso.split(/[-T:]/).map(Number) as [number, number, number, number, number];
  return new Date(new TZDate(y, mo - 1, d, h, mi, 0, "Europe/Berlin").getTime());
};
const local = (at: Date, zone: string) => {
  const d = new TZDate(at.getTime(), zone);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")} ${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
};

describe("working time", () => {
  it("counts review stages only in the operations team's hours (Mon–Fri 08–18 Berlin)", () => {
    // Friday 17:00 + 3 working hours = Monday 10:00, across the weekend.
    const at = addWorkingHours(DEFAULT_OPS_HOURS, berlin("2026-12-04T17:00:00"), 3);
    expect(local(at, "Europe/Berlin")).toBe("2026-12-07 10:00");
    expect(workingHoursBetween(DEFAULT_OPS_HOURS, berlin("2026-12-04T17:00:00"), at)).toBeCloseTo(3, 6);
    // Before opening: the clock starts at 08:00.
    expect(local(addWorkingHours(DEFAULT_OPS_HOURS, berlin("2026-12-07T05:00:00"), 1), "Europe/Berlin")).toBe(
      "2026-12-07 09:00",
    );
  });

  it("keeps local hours across a DST change", () => {
    // Berlin switches to summer time on Sunday 29 March 2026: Friday 17:00 + 2 h = Monday 09:00 local.
    const at = addWorkingHours(DEFAULT_OPS_HOURS, berlin("2026-03-27T17:00:00"), 2);
    expect(local(at, "Europe/Berlin")).toBe("2026-03-30 09:00");
  });

  it("SEPA settles on TARGET2 days: closed on 25/26 December and 1 January, open on 3 October", () => {
    expect(isClosed("EU", new Date("2026-12-25T12:00:00Z"))).toBe(true);
    expect(isClosed("EU", new Date("2026-12-26T12:00:00Z"))).toBe(true);
    expect(isClosed("EU", new Date("2027-01-01T12:00:00Z"))).toBe(true);
    expect(isClosed("EU", new Date("2025-10-03T12:00:00Z"))).toBe(false); // a Friday: German Unity Day
    expect(isClosed("DE", new Date("2025-10-03T12:00:00Z"))).toBe(true);
    const sepa = stageCalendar("SEPA", "SENT", DEFAULT_OPS_HOURS);
    // Thursday 24 December 17:00 + 2 banking hours: Christmas and the weekend skipped → Monday 28th 08:00.
    expect(local(addWorkingHours(sepa, berlin("2026-12-24T17:00:00"), 2), "Europe/Berlin")).toBe("2026-12-28 08:00");
  });

  it("ACH skips Federal Reserve holidays; wallets run around the clock", () => {
    expect(isClosed("US", new Date("2026-11-26T15:00:00Z"))).toBe(true); // Thanksgiving
    expect(stageCalendar("WALLET", "SENT", DEFAULT_OPS_HOURS)).toBeNull();
    expect(stageCalendar("ACH", "VERIFYING", DEFAULT_OPS_HOURS)).toBe(DEFAULT_OPS_HOURS);
  });

  it("applies the rail's cut-off before a bank submission", () => {
    // SEPA after 15:00 Berlin → next TARGET2 day's opening.
    expect(local(afterCutoff("SEPA", berlin("2026-12-03T15:30:00")), "Europe/Berlin")).toBe("2026-12-04 07:00");
    expect(local(afterCutoff("SEPA", berlin("2026-12-03T14:00:00")), "Europe/Berlin")).toBe("2026-12-03 14:00");
    expect(afterCutoff("WALLET", berlin("2026-12-05T23:00:00"))).toEqual(berlin("2026-12-05T23:00:00"));
  });
});

describe("stage time distributions", () => {
  it("normal CDF and quantile are inverse", () => {
    for (const p of [0.01, 0.1, 0.5, 0.9, 0.95, 0.99]) {
      expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 5);
    }
  });

  it("a log-normal through p50 and p90 returns them", () => {
    const d = fromQuantiles(2, 8);
    expect(quantileOf(d, 0.5)).toBeCloseTo(2, 6);
    expect(quantileOf(d, 0.9)).toBeCloseTo(8, 6);
  });

  it("a stage that has run for a while ends later than promised at its start (and has no basis far out)", () => {
    const d = fromQuantiles(2, 8);
    const after3 = remainderAfter(d, 3);
    expect(after3).not.toBeNull();
    expect(3 + quantileOf(after3 ?? d, 0.9)).toBeGreaterThan(8);
    expect(3 + quantileOf(after3 ?? d, 0.5)).toBeGreaterThan(3);
    expect(remainderAfter(d, 500)).toBeNull();
  });

  it("the sum's p90 lies between the largest part's p90 and the sum of p90s", () => {
    const parts = [fromQuantiles(1, 4), fromQuantiles(2, 8), fromQuantiles(4, 11)];
    const { quantile: p90 } = sumQuantile(parts, 0.9);
    expect(p90).toBeGreaterThan(11);
    expect(p90).toBeLessThan(4 + 8 + 11);
  });

  it("learned quantiles replace the defaults once enough visits back them; an admin's p90 wins", () => {
    const table = resolveDurations([
      {
        method: "SEPA",
        stage: "SENT",
        configuredHours: null,
        learnedP50Hours: 3,
        learnedP90Hours: 9,
        samples: MIN_LEARNING_SAMPLES,
      },
      {
        method: "SEPA",
        stage: "PROCESSING",
        configuredHours: 12,
        learnedP50Hours: 1,
        learnedP90Hours: 2,
        samples: 500,
      },
      { method: "ACH", stage: "SENT", configuredHours: null, learnedP50Hours: 1, learnedP90Hours: 2, samples: 3 },
    ]);
    expect(table.SEPA.SENT).toEqual({ p50: 3, p90: 9, source: "LEARNED" });
    expect(table.SEPA.PROCESSING).toMatchObject({ p90: 12, source: "CONFIGURED" });
    expect(table.ACH.SENT.source).toBe("DEFAULT");
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
  });
});

describe("the promise", () => {
  const now = new Date("2026-12-04T10:00:00Z");

  it("more than a day away: a date, the end of that day in the customer's zone, never earlier", () => {
    const raw = new Date("2026-12-08T09:13:00Z");
    const p = promiseFor(raw, now, "Europe/Berlin");
    expect(p.precision).toBe("DATE");
    expect(local(p.at, "Europe/Berlin")).toBe("2026-12-08 23:59");
    expect(p.at.getTime()).toBeGreaterThanOrEqual(raw.getTime());
  });

  it("close: a time rounded up to the half hour", () => {
    const raw = new Date("2026-12-04T13:05:00Z");
    const p = promiseFor(raw, now, "Europe/Berlin");
    expect(p).toEqual({ at: new Date("2026-12-04T13:30:00Z"), precision: "TIME" });
  });

  it("never a time in the customer's night: 01:00 becomes 08:00 that morning", () => {
    const raw = berlin("2026-12-05T01:00:00");
    const p = promiseFor(raw, berlin("2026-12-04T18:00:00"), "Europe/Berlin");
    expect(local(p.at, "Europe/Berlin")).toBe("2026-12-05 08:00");
    expect(isNightTime(p, "Europe/Berlin")).toBe(false);
  });

  it("no promise ever names a night time or rounds earlier (every quarter hour of a week, three zones)", () => {
    for (const zone of ["Europe/Berlin", "America/New_York", "Asia/Kolkata"]) {
      for (let m = 0; m < 7 * 24 * 4; m++) {
        const raw = new Date(now.getTime() + m * 15 * 60_000 + 7_000);
        const p = promiseFor(raw, now, zone);
        expect(p.at.getTime()).toBeGreaterThanOrEqual(raw.getTime());
        expect(isNightTime(p, zone)).toBe(false);
      }
    }
  });
});

describe("estimates", () => {
  it("a stage change promises the p90 of the remaining time, after the typical (p50) one", () => {
    const e = estimate({ method: "SEPA", stage: "REQUESTED", enteredAt: berlin("2026-12-07T09:00:00"), model });
    expect(e?.basis).toBe(true);
    expect(e?.typical.getTime()).toBeLessThan(e?.at.getTime() ?? 0);
    expect(e?.stages.at(-1)?.stage).toBe("COMPLETED");
  });

  it("re-estimates from the time the stage has already taken: later, and never before now", () => {
    const entered = berlin("2026-12-07T09:00:00");
    const first = estimate({ method: "SEPA", stage: "UNDER_REVIEW", enteredAt: entered, model });
    const late = new Date((first?.at.getTime() ?? 0) + 60_000);
    const again = estimate({ method: "SEPA", stage: "UNDER_REVIEW", enteredAt: entered, now: late, model });
    expect(again?.at.getTime()).toBeGreaterThan(late.getTime());
    expect(again?.stages.every((s) => s.at.getTime() >= late.getTime())).toBe(true);
  });

  it("a stage far past all its history has no basis for a promise", () => {
    const entered = berlin("2026-11-02T09:00:00");
    const e = estimate({
      method: "WALLET",
      stage: "SENT",
      enteredAt: entered,
      now: berlin("2026-12-04T09:00:00"),
      model,
    });
    expect(e?.basis).toBe(false);
  });

  it("marking delayed without an ETA moves the promise later", () => {
    const payout = {
      method: "SEPA" as const,
      stage: "PROCESSING" as const,
      stageEnteredAt: berlin("2026-12-07T09:00:00"),
      etaAt: berlin("2026-12-08T23:59:59"),
    };
    const later = delayedEstimate(payout, berlin("2026-12-07T10:00:00"), model);
    expect(later?.getTime()).toBeGreaterThan(payout.etaAt.getTime());
  });

  it("a revision exists only when the shown promise changes, and keeps its reason and source", () => {
    const at = berlin("2026-12-07T09:00:00");
    const first = decideEta({
      before: null,
      method: "SEPA",
      stage: "PROCESSING",
      stageChanged: true,
      stageEnteredAt: at,
      at,
      zone: "Europe/Berlin",
      model,
    });
    expect(first).toMatchObject({ revised: true, etaSource: "MODEL", etaPrecision: "DATE" });
    // The platform names a time that rounds to the same day: no revision.
    const same = decideEta({
      before: { ...first, stage: "PROCESSING" },
      method: "SEPA",
      stage: "PROCESSING",
      stageChanged: false,
      stageEnteredAt: at,
      at: new Date(at.getTime() + 60_000),
      zone: "Europe/Berlin",
      given: { at: new Date((first.etaAt?.getTime() ?? 0) - 3_600_000), source: "PLATFORM", reason: null },
      model,
    });
    expect(same.revised).toBe(false);
    const later = decideEta({
      before: { ...first, stage: "PROCESSING" },
      method: "SEPA",
      stage: "PROCESSING",
      stageChanged: false,
      stageEnteredAt: at,
      at: new Date(at.getTime() + 60_000),
      zone: "Europe/Berlin",
      given: { at: new Date((first.etaAt?.getTime() ?? 0) + 2 * 86_400_000), source: "ADMIN", reason: "BANK_HOLIDAY" },
      model,
    });
    expect(later).toMatchObject({ revised: true, etaSource: "ADMIN", etaReason: "BANK_HOLIDAY" });
    expect(later.originalEtaAt).toEqual(first.etaAt);
  });

  it("keeps a time still ahead when the model's next promise is only a little earlier (no wobble)", () => {
    const at = berlin("2026-12-07T10:00:00");
    const input = {
      method: "FASTER_PAYMENTS" as const,
      stage: "SENT" as const,
      stageChanged: true,
      stageEnteredAt: at,
      at,
      zone: "Europe/Berlin",
      model,
    };
    // Faster Payments runs around the clock: SENT from 10:00 is promised a time within hours.
    const fresh = decideEta({ ...input, before: null });
    expect(fresh.etaPrecision).toBe("TIME");
    const shownAt = (minutesLater: number) => new Date((fresh.etaAt?.getTime() ?? 0) + minutesLater * 60_000);
    const showing = (etaAt: Date) => ({
      stage: "PROCESSING" as const,
      etaAt,
      originalEtaAt: etaAt,
      etaReason: null,
      etaPrecision: "TIME" as const,
      etaSource: "MODEL" as const,
      etaTypicalAt: null,
    });
    // Shown: half an hour later than the new estimate. The customer keeps it.
    expect(decideEta({ ...input, before: showing(shownAt(30)) })).toMatchObject({ revised: false, etaAt: shownAt(30) });
    // Three hours later: the earlier time is news worth telling.
    expect(decideEta({ ...input, before: showing(shownAt(180)) })).toMatchObject({
      revised: true,
      etaAt: fresh.etaAt,
      etaSource: "MODEL",
    });
    // A later new estimate is always told.
    expect(decideEta({ ...input, before: showing(shownAt(-30)) })).toMatchObject({ revised: true, etaAt: fresh.etaAt });
    expect(WOBBLE_MS).toBe(2 * 3_600_000);
  });
});
