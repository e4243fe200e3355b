import { isPaused, isTerminal } from "../payouts/stages";
import { whenAwake } from "./clock";
import type { Rng } from "./random";
import type { CannedBodies, Situation } from "./support-texts";
import { type PlannedInquiry, planThread, type SupportStaff } from "./support-threads";
import {
  DAY,
  HOUR,
  kpiWindowStart,
  lerp,
  MINUTE,
  progress,
  type SeededCustomer,
  type SeededPayout,
  type Spell,
  spellsOf,
} from "./timeline";

// Eight weeks of support questions about the seeded payouts, each asked while its payout was
// in the state it is about (late, waiting for documents, failed …) and while the customer was
// awake; a share of the payouts active in a week, more as the business grows. What followed
// each question: support-threads.ts.

export interface SupportInput {
  rng: Rng;
  now: Date;
  payouts: readonly SeededPayout[];
  customers: ReadonlyMap<string, SeededCustomer>;
  staff: SupportStaff;
  canned: CannedBodies;
}

/**
 * Questions a week, per seeded payout: a steady trend rather than the payouts in flight that
 * week (the generated data has most of its open payouts in the last days), growing with the
 * business from three quarters to the full rate.
 */
const QUESTIONS_PER_PAYOUT_WEEK = 0.03;
/** Every week has a few questions, also in a small data set. */
const MIN_PER_WEEK = 2;

interface Opportunity {
  payout: SeededPayout;
  spell: Spell;
  situation: Situation;
  /** how likely a question is, per day in the window */
  weight: number;
  from: number;
  until: number;
}

/** What a customer might ask about while the payout is in `spell`, and for how long after it began. */
function situationsOf(spell: Spell): { situation: Situation; weight: number; forDays?: number }[] {
  const { stage, reasonCode } = spell;
  if (spell.delayed && !isTerminal(stage) && !isPaused(stage)) {
    return [{ situation: "LATE", weight: 1.5 }];
  }
  switch (stage) {
    case "ACTION_REQUIRED":
      return [{ situation: reasonCode === "INVALID_ACCOUNT" ? "BANK_DETAILS" : "DOCUMENTS", weight: 1 }];
    case "ON_HOLD":
      return [{ situation: "ON_HOLD", weight: 0.6 }];
    case "SENT":
      return [{ situation: "SENT", weight: 0.35 }];
    case "FAILED":
      return [{ situation: "FAILED", weight: 0.5, forDays: 4 }];
    case "RETURNED":
      return [{ situation: "RETURNED", weight: 0.5, forDays: 4 }];
    case "CANCELED":
      return [{ situation: "CANCELED", weight: 0.3, forDays: 3 }];
    case "COMPLETED":
      return [
        { situation: "AMOUNT", weight: 0.03, forDays: 4 },
        { situation: "RECEIPT", weight: 0.02, forDays: 4 },
      ];
    case "REQUESTED":
    case "VERIFYING":
    case "UNDER_REVIEW":
      return [
        { situation: "WAITING", weight: 0.1 },
        { situation: "CHANGE_ACCOUNT", weight: 0.015 },
      ];
    default:
      return [{ situation: "WAITING", weight: 0.1 }];
  }
}

function opportunitiesOf(payout: SeededPayout, now: Date, start: Date): Opportunity[] {
  const latest = now.getTime() - 10 * MINUTE;
  return spellsOf(payout, now).flatMap((spell) =>
    situationsOf(spell).flatMap(({ situation, weight, forDays }) => {
      const from = Math.max(spell.from.getTime() + 15 * MINUTE, start.getTime());
      const end = forDays ? spell.from.getTime() + forDays * DAY : spell.until.getTime();
      const until = Math.min(end, spell.until.getTime(), latest);
      return until > from ? [{ payout, spell, situation, weight, from, until }] : [];
    }),
  );
}

export function planSupport(input: SupportInput): PlannedInquiry[] {
  const { rng, now, customers } = input;
  const start = kpiWindowStart(now);
  const opportunities = input.payouts
    .filter((p) => customers.has(p.customerId))
    .flatMap((p) => opportunitiesOf(p, now, start));
  const asked = new Set<string>();
  const planned: PlannedInquiry[] = [];
  const ask = (o: Opportunity, at: number) => {
    const customer = customers.get(o.payout.customerId);
    if (customer) {
      asked.add(o.payout.id);
      planned.push(planThread({ ...input, start, customer, o, askedAt: new Date(at) }));
    }
  };

  for (let week = start.getTime(); week < now.getTime(); week += 7 * DAY) {
    const weekEnd = Math.min(week + 7 * DAY, now.getTime());
    const inWeek = opportunities
      .map((o) => ({ o, from: Math.max(o.from, week), until: Math.min(o.until, weekEnd) }))
      .filter((w) => w.until > w.from);
    const active = new Set(inWeek.map((w) => w.o.payout.id)).size;
    const share = (weekEnd - week) / (7 * DAY);
    const growth = lerp(0.6, 1, progress(new Date(week), start, now));
    const expected = QUESTIONS_PER_PAYOUT_WEEK * input.payouts.length * growth * share;
    let wanted = Math.min(active, Math.max(Math.round(expected), MIN_PER_WEEK));
    const draw = weightedDraw(inWeek, (w) => w.o.weight * ((w.until - w.from) / DAY));
    for (let tries = 0; wanted > 0 && tries < wanted * 8; tries++) {
      const chosen = draw(rng);
      if (!chosen || asked.has(chosen.o.payout.id)) {
        continue; // at most one question per payout
      }
      const customer = customers.get(chosen.o.payout.customerId);
      const at = whenAwake(rng, new Date(rng.float(chosen.from, chosen.until)), customer?.timeZone ?? "UTC");
      if (at.getTime() < chosen.until) {
        ask(chosen.o, at.getTime());
        wanted -= 1;
      }
    }
  }

  // The demo accounts always have a thread to read: on their most pressing payouts, lately.
  for (const customer of customers.values()) {
    if (!customer.demo) {
      continue;
    }
    const pressing = opportunities
      .filter((o) => o.payout.customerId === customer.id && o.weight >= 1 && !asked.has(o.payout.id))
      .sort((a, b) => b.until - a.until) // stable: ties stay in the payouts' order (references are random)
      .slice(0, 2);
    for (const o of pressing) {
      const at = whenAwake(rng, new Date(Math.max(o.from, o.until - rng.float(2, 30) * HOUR)), customer.timeZone);
      if (at.getTime() < o.until) {
        ask(o, at.getTime());
      }
    }
  }
  return planned.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/** Draws items with probability proportional to their weight (with replacement; binary search). */
function weightedDraw<T>(items: readonly T[], weight: (item: T) => number): (rng: Rng) => T | undefined {
  const cumulative: number[] = [];
  let total = 0;
  for (const item of items) {
    total += weight(item);
    cumulative.push(total);
  }
  return (rng) => {
    const roll = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) > roll) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return items[lo];
  };
}
