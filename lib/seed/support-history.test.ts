import { TZDate } from "@date-fns/tz";
import { describe, expect, it } from "vitest";
import { isTerminal } from "../payouts/stages";
import { priorityFor } from "../support/inquiries";
import { addSupportHours, localHour } from "./clock";
import { planEarlierPayouts } from "./earlier-payouts";
import { mulberry32, Rng } from "./random";
import { planSupport, type SupportInput } from "./support-history";
import { plannedWorld } from "./test-world";
import { DAY, isoWeekStart, kpiWindowStart, spellsOf } from "./timeline";

const now = new Date("2026-11-26T15:00:00Z"); // a Thursday
const staff = { support: { id: "sam", name: "Sam Support" }, admin: { id: "ada", name: "Ada Admin" } };
const canned = new Map([
  ["canned_on_track", { en: "Your payout is on its way.", de: "Ihre Auszahlung ist unterwegs." }],
]);

function plan(seed: number, payouts = 200): ReturnType<typeof planSupport> {
  const world = plannedWorld(seed, now, payouts);
  const input: SupportInput = { rng: new Rng(mulberry32(seed)), now, ...world, staff, canned };
  return planSupport(input);
}

describe("planSupport", () => {
  it("asks every question while its payout was in the state it is about, and answers in working hours", () => {
    const world = plannedWorld(3, now);
    const inquiries = planSupport({ rng: new Rng(mulberry32(3)), now, ...world, staff, canned });
    expect(inquiries.length).toBeGreaterThan(40);
    const payouts = new Map(world.payouts.map((p) => [p.id, p]));
    for (const i of inquiries) {
      const payout = payouts.get(i.payoutId);
      const customer = world.customers.get(i.customerId);
      expect(payout?.customerId).toBe(i.customerId);
      const spell = spellsOf(payout as NonNullable<typeof payout>, now).find(
        (s) => s.from <= i.createdAt && i.createdAt < s.until,
      );
      expect(spell, `${i.situation} asked outside the payout's life`).toBeDefined();
      if (i.situation === "LATE") {
        expect(spell?.delayed).toBe(true);
      }
      if (i.situation === "DOCUMENTS" || i.situation === "BANK_DETAILS") {
        expect(spell?.stage).toBe("ACTION_REQUIRED");
      }
      if (i.situation === "AMOUNT" || i.situation === "RECEIPT") {
        expect(spell?.stage).toBe("COMPLETED");
      }
      expect(i.priority).toBe(spell ? priorityFor(spell) : -1);
      // Customers write while awake; the team replies in its hours (Europe/Berlin).
      const asked = localHour(i.createdAt, customer?.timeZone ?? "UTC");
      expect(asked >= 7 && asked < 23).toBe(true);
      for (const m of i.messages.filter((x) => x.staffId)) {
        const local = new TZDate(m.createdAt.getTime(), "Europe/Berlin");
        const weekend = local.getDay() === 0 || local.getDay() === 6;
        const hour = local.getHours() + local.getMinutes() / 60;
        expect(hour >= (weekend ? 9 : 7) && hour <= (weekend ? 17 : 22)).toBe(true);
        expect(m.body.startsWith(customer?.locale === "de" ? "Hallo " : "Hello ")).toBe(true);
      }
      const times = i.messages.map((m) => m.createdAt.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(Math.max(...times)).toBeLessThan(now.getTime());
    }
  });

  it("has questions in every week of the KPI page, more as the business grows, and scales with the data", () => {
    const small = plan(5, 100);
    const large = plan(5, 400);
    const start = kpiWindowStart(now).getTime();
    for (const inquiries of [small, large]) {
      const perWeek = new Array(8).fill(0);
      for (const i of inquiries) {
        perWeek[Math.round((isoWeekStart(i.createdAt).getTime() - start) / (7 * DAY))] += 1;
      }
      expect(perWeek.every((n) => n >= 2)).toBe(true);
      expect(perWeek.slice(4).reduce((a, b) => a + b)).toBeGreaterThan(perWeek.slice(0, 4).reduce((a, b) => a + b));
    }
    expect(large.length / small.length).toBeGreaterThan(2.5);
    expect(large.length / small.length).toBeLessThan(5.5);
  });

  it("gives the demo customer a thread, and is the same for the same PRNG seed (apart from ids)", () => {
    const strip = (list: ReturnType<typeof planSupport>) =>
      list.map(({ id: _id, messages, ...i }) => ({
        ...i,
        messages: messages.map(({ id: _m, inquiryId: _i, ...m }) => m),
      }));
    const first = plan(8);
    expect(strip(plan(8))).toEqual(strip(first));
    expect(first.some((i) => i.customerId === "cus1")).toBe(true);
  });
});

describe("planEarlierPayouts", () => {
  it("adds finished payouts before the generated ones, reaching back before the first KPI week", () => {
    const world = plannedWorld(2, now, 200);
    const generated = world.payouts.slice(0, world.generated);
    const earlier = world.payouts.slice(world.generated);
    const begins = Math.min(...generated.map((p) => p.createdAt.getTime()));
    expect(earlier.length).toBeGreaterThan(60);
    expect(Math.min(...earlier.map((p) => p.createdAt.getTime()))).toBeLessThan(kpiWindowStart(now).getTime());
    for (const p of earlier) {
      expect(isTerminal(p.stage)).toBe(true);
      expect(p.events.at(-1)?.occurredAt.getTime()).toBeLessThan(begins);
    }
    // Occasional customers continue the seed's numbering, so that their addresses stay unique.
    const emails = [...world.customers.values()].map((c) => c.email);
    expect(new Set(emails).size).toBe(emails.length);
  });

  it("adds nothing when the generated payouts already reach back far enough", () => {
    const world = plannedWorld(2, now, 50, false);
    const old = world.payouts.map((p) => ({ ...p, createdAt: new Date(now.getTime() - 70 * DAY) }));
    const plan = planEarlierPayouts(new Rng(mulberry32(1)), now, old, [...world.customers.values()], 100);
    expect(plan.payouts).toEqual([]);
  });
});

describe("addSupportHours", () => {
  it("counts only the team's hours: evenings and weekends wait", () => {
    const berlin = (day: number, hour: number, minute = 0) => new TZDate(2026, 10, day, hour, minute, "Europe/Berlin");
    // Thursday 21:30 + 1 h → Friday 07:30
    expect(addSupportHours(berlin(26, 21, 30), 1).getTime()).toBe(berlin(27, 7, 30).getTime());
    // Saturday 16:30 + 2 h → Sunday 10:30
    expect(addSupportHours(berlin(28, 16, 30), 2).getTime()).toBe(berlin(29, 10, 30).getTime());
    // Wednesday 03:00 + 0.5 h → Wednesday 07:30
    expect(addSupportHours(berlin(25, 3), 0.5).getTime()).toBe(berlin(25, 7, 30).getTime());
  });
});
