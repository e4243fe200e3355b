import { isValidPhoneNumber } from "libphonenumber-js/max";
import { beforeEach, describe, expect, it } from "vitest";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import { PAYOUT_METHODS } from "../eta/estimate";
import { checkTransition, type HappyStage, isPaused, isTerminal, STAGES } from "../payouts/stages";
import { seed, seedIfEmpty } from "./seed";

const now = new Date("2026-11-25T10:00:00Z"); // a Wednesday
const DAY = 86_400_000;

beforeEach(resetDatabase);

describe("seed", () => {
  it("adds a believable data set with a legal history for every payout", async () => {
    const db = getDb();
    const result = await seed(db, { now });
    expect(result.payouts).toBeGreaterThanOrEqual(200);
    expect(result.customers).toBeGreaterThanOrEqual(40);

    const payouts = await db.payout.findMany({ include: { events: true } });
    expect(payouts).toHaveLength(result.payouts);
    expect(new Set(payouts.map((p) => p.stage))).toEqual(new Set(STAGES));
    expect(new Set(payouts.map((p) => p.method))).toEqual(new Set(PAYOUT_METHODS));
    expect(payouts.some((p) => p.delayed)).toBe(true);
    expect(new Set(payouts.map((p) => p.reference)).size).toBe(payouts.length);

    for (const payout of payouts) {
      const events = [...payout.events].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
      expect(events[0]).toMatchObject({ fromStage: null, stage: "REQUESTED" });
      let pausedFrom: HappyStage | null = null;
      for (const [i, event] of events.entries()) {
        expect(event).toMatchObject({ outcome: "APPLIED", source: "SEED" });
        expect(event.eventId).toMatch(/^seed_/);
        const previous = events[i - 1];
        if (previous) {
          expect(event.fromStage).toBe(previous.stage);
          expect(event.occurredAt.getTime()).toBeGreaterThan(previous.occurredAt.getTime());
          const check = checkTransition(previous.stage, event.stage, pausedFrom);
          expect(check.ok, `${payout.reference}: ${previous.stage} → ${event.stage}`).toBe(true);
          pausedFrom = check.ok ? check.pausedFrom : null;
        }
      }
      const last = events.at(-1);
      expect(last?.stage).toBe(payout.stage);
      expect(payout.pausedFrom).toBe(pausedFrom);
      expect(payout.lastEventAt).toEqual(last?.occurredAt);
      expect(payout.etaAt).toEqual(last?.etaAt);
      expect(payout.originalEtaAt).toEqual(events[0]?.etaAt);
      expect(payout.delayed).toBe(last?.delayed);
      // Generated payouts began in the last 30 days; the earlier ones (earlier-payouts.ts) up to 60, all finished.
      expect(payout.createdAt.getTime()).toBeGreaterThan(now.getTime() - 65 * DAY);
      if (payout.createdAt.getTime() < now.getTime() - 35 * DAY) {
        expect(isTerminal(payout.stage)).toBe(true);
      }
      expect(payout.lastEventAt.getTime()).toBeLessThan(now.getTime());
      expect(payout.externalId).toMatch(/^po_/);
      expect(payout.amountMinor).toBeGreaterThanOrEqual(1_000n);
      expect(payout.amountMinor).toBeLessThanOrEqual(2_500_000n);
      expect(currencyFits(payout.method, payout.currency), `${payout.method} in ${payout.currency}`).toBe(true);
      if (isPaused(payout.stage)) {
        expect(payout.reasonCode).not.toBeNull();
      }
      if (payout.stage === "FAILED" || payout.stage === "RETURNED") {
        expect(payout.reasonCode).not.toBeNull();
      }
      if (payout.delayed) {
        expect(isTerminal(payout.stage) || isPaused(payout.stage)).toBe(false);
        expect(payout.delayReason).not.toBeNull();
        // re-estimated by the sweeper when its ETA passed: the ETA shown lies ahead (#13)
        expect(payout.etaAt?.getTime()).toBeGreaterThan(now.getTime());
      }
    }

    const customers = await db.customer.findMany();
    expect(new Set(customers.map((c) => c.locale))).toEqual(new Set(["en", "de"]));
    for (const customer of customers) {
      expect(customer.email).toBe(customer.email?.toLowerCase());
      expect(customer.email).toMatch(/^[a-z0-9.]+@example\.(com|org|net)$/);
      if (customer.phone) {
        expect(isValidPhoneNumber(customer.phone), customer.phone).toBe(true);
      }
      if (customer.locale === "de") {
        expect(customer.timeZone).toBe("Europe/Berlin");
      }
    }
    expect(new Set(customers.map((c) => c.email)).size).toBe(customers.length);

    const dana = await db.customer.findUniqueOrThrow({ where: { externalId: "cus_demo" }, include: { payouts: true } });
    expect(dana).toMatchObject({
      name: "Dana Demo",
      email: "demo@example.com",
      locale: "en",
      timeZone: "Europe/Berlin",
    });
    const cases = dana.payouts.map((p) => [p.stage, p.reasonCode ?? p.delayReason ?? null]);
    expect(cases).toEqual(
      expect.arrayContaining([
        ["COMPLETED", null],
        ["PROCESSING", null],
        ["ACTION_REQUIRED", "VERIFICATION_INCOMPLETE"],
        ["PROCESSING", "BANK_HOLIDAY"],
        ["SENT", null],
        ["FAILED", "INVALID_ACCOUNT"],
        ["ON_HOLD", "COMPLIANCE_REVIEW"],
        ["REQUESTED", null],
      ]),
    );
    const dueTomorrow = dana.payouts.find((p) => p.stage === "PROCESSING" && !p.delayed);
    expect(dueTomorrow?.etaAt?.toISOString().slice(0, 10)).toBe("2026-11-26");
    const jonas = await db.customer.findUniqueOrThrow({ where: { externalId: "cus_demo_de" } });
    expect(jonas).toMatchObject({ name: "Jonas Beispiel", locale: "de", email: "demo.de@example.com" });

    const staff = await db.staffUser.findMany({ orderBy: { email: "asc" } });
    expect(staff.map((s) => [s.email, s.name, s.role])).toEqual([
      ["admin@example.com", "Ada Admin", "ADMIN"],
      ["support@example.com", "Sam Support", "SUPPORT"],
    ]);
  });

  it("adds more data when run again, but not a second demo customer, demo payouts or staff user", async () => {
    const db = getDb();
    const first = await seed(db, { now, scale: 0.1 });
    const second = await seed(db, { now, scale: 0.1 });
    expect(second.payouts).toBeGreaterThanOrEqual(20); // 20 generated, and the earlier payouts of the KPI weeks
    expect(await db.payout.count()).toBe(first.payouts + second.payouts);
    expect(await db.customer.count({ where: { externalId: { in: ["cus_demo", "cus_demo_de"] } } })).toBe(2);
    const dana = await db.customer.findUniqueOrThrow({ where: { externalId: "cus_demo" }, include: { payouts: true } });
    expect(dana.payouts).toHaveLength(8);
    expect(await db.staffUser.count()).toBe(2);
    // A rerun draws other people, so that e-mail addresses stay unique.
    const emails = (await db.customer.findMany({ select: { email: true } })).map((c) => c.email);
    expect(new Set(emails).size).toBe(emails.length);
  });
});

describe("seedIfEmpty", () => {
  it("seeds an empty database once", async () => {
    const db = getDb();
    expect(await seedIfEmpty(db, { now })).toBe(true);
    const count = await db.payout.count();
    expect(count).toBeGreaterThanOrEqual(200);
    expect(await seedIfEmpty(db, { now })).toBe(false);
    expect(await db.payout.count()).toBe(count);
  });
});

function currencyFits(method: string, currency: string): boolean {
  switch (method) {
    case "SEPA":
      return currency === "EUR";
    case "FASTER_PAYMENTS":
      return currency === "GBP";
    case "ACH":
      return currency === "USD";
    default:
      return /^[A-Z]{3}$/.test(currency);
  }
}
