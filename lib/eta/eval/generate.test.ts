import { describe, expect, it } from "vitest";
import { checkTransition, type HappyStage, isPaused, isTerminal, type Stage } from "../../payouts/stages";
import { mulberry32, Rng } from "../../seed/random";
import { localTime } from "./calendar";
import { customerActs, generateScenario, railTakes } from "./generate";

const options = {
  seed: 11,
  payoutsPerDay: 12,
  replayStart: new Date("2026-03-09T00:00:00Z"),
  trainingDays: 20,
  replayDays: 7,
};

describe("railTakes (cut-offs before PROCESSING)", () => {
  it("takes a SEPA payout before 15:00 Berlin at once, later at 07:00 the next TARGET2 day", () => {
    expect(railTakes("SEPA", new Date("2026-03-10T13:00:00Z"))).toEqual(new Date("2026-03-10T13:00:00Z"));
    // Tuesday 16:00 Berlin: after the cut-off → Wednesday 07:00 Berlin (06:00 UTC).
    expect(railTakes("SEPA", new Date("2026-03-10T15:00:00Z"))).toEqual(new Date("2026-03-11T06:00:00Z"));
    // Thursday 2 April 2026 after the cut-off: Good Friday and Easter Monday closed → Tuesday 7 April 07:00 CEST.
    expect(railTakes("SEPA", new Date("2026-04-02T14:00:00Z"))).toEqual(new Date("2026-04-07T05:00:00Z"));
  });

  it("waits for the day's first cycle, and for the next weekday on a weekend", () => {
    // Wednesday 05:00 Berlin: before the cut-off but before 07:00.
    expect(railTakes("SEPA", new Date("2026-03-11T04:00:00Z"))).toEqual(new Date("2026-03-11T06:00:00Z"));
    // Saturday in London → Monday 08:00 London (GMT).
    expect(railTakes("SWIFT", new Date("2026-03-14T10:00:00Z"))).toEqual(new Date("2026-03-16T08:00:00Z"));
  });

  it("uses New York's cut-off for ACH and none for instant rails", () => {
    // Monday 9 March 2026 15:59 EDT (US summer time from 8 March) = 19:59 UTC: in time.
    expect(railTakes("ACH", new Date("2026-03-09T19:59:00Z"))).toEqual(new Date("2026-03-09T19:59:00Z"));
    expect(railTakes("ACH", new Date("2026-03-09T20:01:00Z"))).toEqual(new Date("2026-03-10T12:30:00Z"));
    const saturdayNight = new Date("2026-03-14T02:00:00Z");
    expect(railTakes("FASTER_PAYMENTS", saturdayNight)).toEqual(saturdayNight);
  });
});

describe("customerActs", () => {
  it("answers in the customer's waking hours (08:00–22:00 local)", () => {
    const rng = new Rng(mulberry32(3));
    for (let i = 0; i < 300; i++) {
      const asked = new Date(Date.UTC(2026, 2, 9, i % 24));
      const acted = customerActs(rng, asked, "Asia/Singapore");
      expect(acted.getTime()).toBeGreaterThan(asked.getTime());
      const minute = localTime(acted.getTime(), "Asia/Singapore").minute;
      expect(minute).toBeGreaterThanOrEqual(8 * 60);
      expect(minute).toBeLessThan(22 * 60 + 1);
    }
  });
});

describe("generateScenario", () => {
  const scenario = generateScenario(options);

  it("is the same for the same seed, and differs for another", () => {
    const again = generateScenario(options);
    expect(JSON.stringify(again, (_, v) => (typeof v === "bigint" ? v.toString() : v))).toEqual(
      JSON.stringify(scenario, (_, v) => (typeof v === "bigint" ? v.toString() : v)),
    );
    const other = generateScenario({ ...options, seed: 12 });
    expect(other.replay.map((p) => p.events.length)).not.toEqual(scenario.replay.map((p) => p.events.length));
  });

  it("splits training (finished before the replay) from replay (created in the held-out days)", () => {
    const start = options.replayStart.getTime();
    const end = scenario.replayEnd.getTime();
    expect(scenario.training.length).toBeGreaterThan(150);
    expect(scenario.replay.length).toBeGreaterThan(50);
    for (const p of scenario.training) {
      expect(p.events.at(-1)?.at.getTime()).toBeLessThan(start);
      expect(p.events[0]?.at.getTime()).toBeGreaterThanOrEqual(scenario.trainingStart.getTime());
    }
    for (const p of scenario.replay) {
      const created = p.events[0]?.at.getTime() ?? 0;
      expect(created).toBeGreaterThanOrEqual(start);
      expect(created).toBeLessThan(end);
    }
  });

  it("writes histories the product's stage machine accepts, in strictly increasing time, ending as said", () => {
    for (const p of [...scenario.training, ...scenario.replay]) {
      expect(p.events[0]?.stage).toBe("REQUESTED");
      let stage: Stage = "REQUESTED";
      let pausedFrom: HappyStage | null = null;
      for (let i = 1; i < p.events.length; i++) {
        const [before, event] = [p.events[i - 1], p.events[i]];
        if (!before || !event) {
          throw new Error("missing event");
        }
        expect(event.at.getTime()).toBeGreaterThan(before.at.getTime());
        const check = checkTransition(stage, event.stage, pausedFrom);
        expect(check, `${p.externalId}: ${stage} → ${event.stage}`).toMatchObject({ ok: true });
        if (check.ok) {
          pausedFrom = check.pausedFrom;
        }
        stage = event.stage;
        expect(isTerminal(stage)).toBe(i === p.events.length - 1);
        if (isPaused(stage)) {
          expect(p.paused).toBe(true);
        }
      }
      expect(stage).toBe(p.outcome);
    }
  });

  it("produces a world with pauses, skips, incidents and mostly completed payouts", () => {
    const all = [...scenario.training, ...scenario.replay];
    const completed = all.filter((p) => p.outcome === "COMPLETED").length;
    expect(completed / all.length).toBeGreaterThan(0.9);
    expect(all.some((p) => p.paused)).toBe(true);
    expect(all.some((p) => !p.events.some((e) => e.stage === "UNDER_REVIEW"))).toBe(true);
    const big = generateScenario({ ...options, trainingDays: 90, replayDays: 30 });
    expect(big.incidents.length).toBeGreaterThan(3);
    expect(new Set(big.customers.map((c) => c.timeZone)).size).toBeGreaterThanOrEqual(5);
    expect(new Set([...big.training, ...big.replay].map((p) => p.method)).size).toBe(7);
  });

  it("spreads arrivals over the day, fewest at night, most on weekdays", () => {
    const big = generateScenario({ ...options, trainingDays: 90, replayDays: 30 });
    const all = [...big.training, ...big.replay];
    const localHours = all.map((p) => {
      const zone = big.customers[p.customer]?.timeZone ?? "UTC";
      return Math.floor(localTime(p.events[0]?.at.getTime() ?? 0, zone).minute / 60);
    });
    const night = localHours.filter((h) => h >= 1 && h < 5).length;
    const lateMorning = localHours.filter((h) => h >= 10 && h < 14).length;
    expect(lateMorning).toBeGreaterThan(night * 5);
    const onWeekday = (day: number) => all.filter((p) => p.events[0]?.at.getUTCDay() === day).length;
    expect(onWeekday(1)).toBeGreaterThan(onWeekday(0) * 1.4); // Mondays 1.25, Sundays 0.6
  });
});
