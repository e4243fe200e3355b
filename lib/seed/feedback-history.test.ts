import { describe, expect, it } from "vitest";
import { SURVEY_EVERY_DAYS, ZAnswer } from "../support/feedback";
import { planSurveys } from "./feedback-history";
import { mulberry32, Rng } from "./random";
import { planSupport } from "./support-history";
import { plannedWorld } from "./test-world";
import { DAY, HOUR, isoWeekStart, kpiWindowStart, MINUTE } from "./timeline";

const now = new Date("2026-11-26T15:00:00Z");
const staff = { support: { id: "sam", name: "Sam Support" }, admin: { id: "ada", name: "Ada Admin" } };

function planned(seed: number, payouts = 200) {
  const world = plannedWorld(seed, now, payouts);
  const inquiries = planSupport({ rng: new Rng(mulberry32(seed)), now, ...world, staff, canned: new Map() });
  const surveys = planSurveys({ rng: new Rng(mulberry32(seed + 1)), now, ...world, inquiries });
  // What offerSurveys() looks at: completions of payouts completed now, resolutions of questions resolved now.
  const triggers = [
    ...world.payouts.flatMap((p) =>
      p.stage === "COMPLETED" ? [{ customerId: p.customerId, at: p.events.at(-1)?.occurredAt ?? now }] : [],
    ),
    ...inquiries.flatMap((i) =>
      i.status === "RESOLVED" && i.resolvedAt ? [{ customerId: i.customerId, at: i.resolvedAt }] : [],
    ),
  ];
  return { world, surveys, triggers };
}

describe("planSurveys", () => {
  it.each([1, 2, 3, 4, 5, 6])("leaves the worker nothing to offer about the seeded past (PRNG seed %i)", (seed) => {
    const { surveys, triggers } = planned(seed);
    // The worker's runs in the next day, as offerSurveys() decides: nobody is due.
    for (let t = now.getTime(); t <= now.getTime() + DAY; t += 10 * MINUTE) {
      const due = triggers.filter(
        (x) =>
          x.at.getTime() >= t - DAY &&
          x.at.getTime() <= t - 10 * MINUTE &&
          !surveys.some((s) => s.customerId === x.customerId && s.offeredAt.getTime() > t - SURVEY_EVERY_DAYS * DAY),
      );
      expect(due, new Date(t).toISOString()).toEqual([]);
    }
  });

  it("covers the edges: a payout completed minutes ago, and one a day after a survey's 30 days began to run out", () => {
    const customer = plannedWorld(1, now, 1, false).customers.values().next().value;
    if (!customer) {
      throw new Error("no customer");
    }
    const completed = (id: string, at: Date) => ({
      id,
      reference: id,
      customerId: customer.id,
      method: "SEPA" as const,
      amountMinor: 1_000n,
      currency: "EUR",
      stage: "COMPLETED" as const,
      createdAt: new Date(at.getTime() - DAY),
      events: [
        {
          id: `${id}e`,
          fromStage: "SENT" as const,
          stage: "COMPLETED" as const,
          reasonCode: null,
          delayed: false,
          delayReason: null,
          occurredAt: at,
          recordedAt: at,
          etaAt: null,
        },
      ],
    });
    const ago = (ms: number) => new Date(now.getTime() - ms);
    for (const payouts of [
      [completed("a", ago(5 * MINUTE))],
      [completed("b", ago(29.6 * DAY)), completed("c", ago(2 * HOUR))],
      [completed("d", ago(45 * DAY)), completed("e", ago(29.9 * DAY)), completed("f", ago(30 * MINUTE))],
    ]) {
      for (let seed = 1; seed <= 20; seed++) {
        const surveys = planSurveys({
          rng: new Rng(mulberry32(seed)),
          now,
          payouts,
          customers: new Map([[customer.id, { ...customer, demo: false }]]),
          inquiries: [],
        });
        const times = surveys.map((x) => x.offeredAt.getTime());
        const last = Math.max(...times);
        // …and still at most one survey in 30 days.
        for (const [i, t] of times.slice(1).entries()) {
          expect(t - (times[i] ?? 0)).toBeGreaterThanOrEqual(SURVEY_EVERY_DAYS * DAY);
        }
        // No run of the worker in the next day finds the recent completion unasked.
        expect(last, payouts.map((p) => p.id).join()).toBeGreaterThan(now.getTime() + DAY - SURVEY_EVERY_DAYS * DAY);
      }
    }
  });

  it("offers at most one survey per customer per 30 days, 10 minutes to a day after what it is about", () => {
    const { surveys, triggers } = planned(7);
    const last = new Map<string, number>();
    for (const s of surveys) {
      const before = last.get(s.customerId);
      expect(before === undefined || s.offeredAt.getTime() - before >= SURVEY_EVERY_DAYS * DAY).toBe(true);
      last.set(s.customerId, s.offeredAt.getTime());
      const offered = s.offeredAt.getTime();
      expect(
        triggers.some(
          (x) =>
            x.customerId === s.customerId &&
            ((offered - x.at.getTime() >= 10 * MINUTE && offered - x.at.getTime() <= DAY) || offered === now.getTime()),
        ),
      ).toBe(true);
      expect(s.emailedAt.getTime()).toBeGreaterThanOrEqual(offered);
      expect(s.channel).toBe("EMAIL");
    }
  });

  it("has answers in every KPI week: a one-click CSAT, mostly an NPS, sometimes a comment in the customer's language", () => {
    const { world, surveys } = planned(8);
    const answered = surveys.filter((s) => s.answeredAt);
    expect(answered.length / surveys.length).toBeGreaterThan(0.55);
    expect(answered.length / surveys.length).toBeLessThan(0.95);
    const start = kpiWindowStart(now).getTime();
    const weeks = new Set(answered.map((s) => isoWeekStart(s.answeredAt ?? now).getTime()).filter((w) => w >= start));
    expect(weeks.size).toBe(8);
    for (const s of answered) {
      expect(
        ZAnswer.safeParse({ csat: s.csat, nps: s.nps ?? undefined, comment: s.comment ?? undefined }).success,
      ).toBe(true);
      expect(s.csat).not.toBeNull();
      expect(s.answeredAt && s.answeredAt > s.offeredAt && s.answeredAt < now).toBe(true);
      if (s.comment && world.customers.get(s.customerId)?.locale === "de") {
        expect(s.comment).toMatch(/[äöüß]|Danke|Schnell|Sehr|Viel|Die|Hat|Ganz/);
      }
    }
    expect(answered.filter((s) => s.nps !== null).length).toBeGreaterThan(answered.length * 0.6);
    expect(answered.some((s) => s.comment)).toBe(true);
    expect(answered.every((s) => s.answeredAt && s.answeredAt.getTime() - s.offeredAt.getTime() < 5 * DAY + HOUR)).toBe(
      true,
    );
  });
});
