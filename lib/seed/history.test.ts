import { describe, expect, it } from "vitest";
import { PAYOUT_METHODS } from "../eta/estimate";
import { checkTransition, type HappyStage, isPaused, isTerminal, STAGES } from "../payouts/stages";
import { enteredForEtaTomorrow } from "./demo";
import { planHistory } from "./history";
import { mulberry32, Rng } from "./random";
import { pickTarget } from "./targets";

const now = new Date("2026-11-25T10:00:00Z"); // a Wednesday

describe("planHistory", () => {
  // A weekday, a Friday night and a Sunday: ETAs count business hours only.
  it.each(["2026-11-25T10:00:00Z", "2026-11-27T22:30:00Z", "2026-11-29T12:00:00Z"])(
    "plans only legal, ordered histories that end where the payout is (now = %s)",
    (iso) => {
      const now = new Date(iso);
      const rng = new Rng(mulberry32(7));
      for (let i = 0; i < 2_000; i++) {
        const method = rng.pick(PAYOUT_METHODS);
        const target = pickTarget(rng, STAGES[i % STAGES.length]);
        const h = planHistory({ method, target, now, rng });

        expect(h.events[0]).toMatchObject({ fromStage: null, stage: "REQUESTED" });
        let pausedFrom: HappyStage | null = null;
        for (const [k, event] of h.events.entries()) {
          const previous = h.events[k - 1];
          if (previous) {
            expect(event.fromStage).toBe(previous.stage);
            expect(event.occurredAt.getTime()).toBeGreaterThan(previous.occurredAt.getTime());
            const check = checkTransition(previous.stage, event.stage, pausedFrom);
            expect(check.ok, `${previous.stage} → ${event.stage}`).toBe(true);
            pausedFrom = check.ok ? check.pausedFrom : null;
          }
          expect(event.occurredAt.getTime()).toBeLessThan(now.getTime());
          expect(event.recordedAt.getTime()).toBeGreaterThanOrEqual(event.occurredAt.getTime());
          expect(event.recordedAt.getTime()).toBeLessThanOrEqual(now.getTime());
        }
        expect(h.stage).toBe(target.stage);
        expect(h.pausedFrom).toBe(pausedFrom);
        expect(h.createdAt.getTime()).toBeGreaterThan(now.getTime() - 35 * 86_400_000);
        expect(h.etaAt).toEqual(h.events.at(-1)?.etaAt);
        expect(h.originalEtaAt).toEqual(h.events[0]?.etaAt);
        expect(h.originalEtaAt).not.toBeNull();
        expect(h.lastEventAt).toEqual(h.events.at(-1)?.occurredAt);

        if (isPaused(h.stage)) {
          expect(h.pausedFrom).toBe(target.pausedFrom);
          expect(h.reasonCode).toBe(target.reasonCode);
          expect(h.etaAt).toBeNull();
        } else if (isTerminal(h.stage)) {
          expect(h.etaAt).toBeNull();
          expect(h.delayed).toBe(false);
          if (h.stage === "FAILED" || h.stage === "RETURNED") {
            expect(h.reasonCode).not.toBeNull();
          }
        } else if (h.delayed) {
          // Flagged by the sweeper after the ETA passed, at the same stage, with a new ETA ahead.
          expect(h.etaAt?.getTime()).toBeGreaterThan(now.getTime());
          expect(h.events.at(-1)).toMatchObject({ fromStage: h.stage, stage: h.stage, delayed: true });
          expect(h.events.at(-1)?.etaSource).toBe("SWEEPER");
          expect(h.delayReason).toBe(target.delayReason);
        } else {
          // Not overdue, or the ETA sweeper would re-estimate it at once.
          expect(h.etaAt?.getTime()).toBeGreaterThan(now.getTime());
          expect(h.stageEnteredAt).toEqual(h.lastEventAt);
        }
      }
    },
    60_000, // hundreds of histories through the ETA planner; no timing is asserted
  );

  it("is deterministic for a seeded PRNG", () => {
    const plan = () => {
      const rng = new Rng(mulberry32(42));
      return planHistory({ method: "SEPA", target: pickTarget(rng, "COMPLETED"), now, rng });
    };
    expect(plan()).toEqual(plan());
  });
});

describe("enteredForEtaTomorrow", () => {
  it("finds a stage start whose ETA is tomorrow in the customer's time zone", () => {
    const entered = enteredForEtaTomorrow("SEPA", "PROCESSING", now, "Europe/Berlin");
    const h = planHistory({
      method: "SEPA",
      target: { stage: "PROCESSING" },
      now,
      rng: new Rng(mulberry32(1)),
      stageEnteredAt: entered,
    });
    expect(h.etaAt?.toISOString().slice(0, 10)).toBe("2026-11-26");
  });
});
