import { intlLocale } from "../../i18n/locale";
import { formatMoney } from "../format/money";
import { isPaused, isTerminal } from "../payouts/stages";
import { type InquiryCategory, priorityFor, ZAsk } from "../support/inquiries";
import { addSupportHours, whenAwake } from "./clock";
import { type Rng, randomId } from "./random";
import {
  answerText,
  CATEGORY_OF,
  type CannedBodies,
  followUpText,
  questionText,
  reopenText,
  type Situation,
} from "./support-texts";
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
// in the state it is about, answered in the team's working hours. Threads follow the
// product's own transitions (lib/support/inquiries.ts): a question is OPEN, a reply makes it
// ANSWERED (or RESOLVED with "send and resolve"), a customer's message opens it again. The
// team gets quicker and resolves more at the first contact over the weeks.

export interface SupportStaff {
  support: { id: string; name: string };
  admin: { id: string; name: string };
}

export interface PlannedMessage {
  id: string;
  inquiryId: string;
  /** null = the customer */
  staffId: string | null;
  body: string;
  createdAt: Date;
  /** a reply's email to the customer, sent a moment after it was written */
  emailedAt: Date | null;
}

export interface PlannedInquiry {
  id: string;
  payoutId: string;
  customerId: string;
  category: InquiryCategory;
  status: "OPEN" | "ANSWERED" | "RESOLVED";
  priority: number;
  createdAt: Date;
  updatedAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  resolvedById: string | null;
  situation: Situation;
  messages: PlannedMessage[];
}

export interface SupportInput {
  rng: Rng;
  now: Date;
  payouts: readonly SeededPayout[];
  customers: ReadonlyMap<string, SeededCustomer>;
  staff: SupportStaff;
  canned: CannedBodies;
}

/** Questions a week per payout that had something to ask about in it. */
const QUESTION_RATE = 0.18;
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
    const inquiry = planThread(input, o, new Date(at), start);
    if (inquiry) {
      asked.add(o.payout.id);
      planned.push(inquiry);
    }
  };

  for (let week = start.getTime(); week < now.getTime(); week += 7 * DAY) {
    const weekEnd = Math.min(week + 7 * DAY, now.getTime());
    const inWeek = opportunities
      .map((o) => ({ o, from: Math.max(o.from, week), until: Math.min(o.until, weekEnd) }))
      .filter((w) => w.until > w.from);
    const active = new Set(inWeek.map((w) => w.o.payout.id)).size;
    const share = (weekEnd - week) / (7 * DAY);
    let wanted = Math.max(Math.round(QUESTION_RATE * active * share), Math.min(MIN_PER_WEEK, active));
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
      .sort((a, b) => b.until - a.until || a.payout.reference.localeCompare(b.payout.reference))
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

type Step =
  | { kind: "customer"; at: Date; body: string }
  | { kind: "reply"; at: Date; body: string; resolve: boolean }
  | { kind: "resolve"; at: Date };

/** One question and what followed, cut off at now; the state is what the product's actions would have left. */
function planThread(input: SupportInput, o: Opportunity, askedAt: Date, start: Date): PlannedInquiry | null {
  const { rng, now, staff, canned } = input;
  const customer = input.customers.get(o.payout.customerId);
  if (!customer) {
    return null;
  }
  const locale = customer.locale;
  const agent = rng.chance(0.8) ? staff.support : staff.admin;
  const values = {
    reference: o.payout.reference,
    amount: formatMoney(Number(o.payout.amountMinor), o.payout.currency, intlLocale(locale)),
    first: customer.name.trim().split(/\s+/)[0] ?? customer.name,
    agent: agent.name.split(" ")[0] ?? agent.name,
  };
  const m = progress(askedAt, start, now);
  const priority = priorityFor(o.spell);
  // The team answers faster over the weeks, and urgent questions first.
  const meanHours = lerp(3.5, 1.2, m) * (priority === 2 ? 0.5 : priority === 1 ? 0.75 : 1);
  const wait = (factor = 1) => Math.max(0.1, -Math.log(1 - rng.next()) * meanHours * factor);
  const firstFix = lerp(0.55, 0.78, m) * (o.situation === "DOCUMENTS" || o.situation === "BANK_DETAILS" ? 0.8 : 1);

  const steps: Step[] = [];
  const reply = addSupportHours(askedAt, wait());
  const roll = rng.next();
  if (roll < firstFix * 0.8) {
    steps.push({ kind: "reply", at: reply, body: answerText(rng, o.situation, locale, values, canned), resolve: true });
    if (rng.chance(0.12)) {
      // The customer writes once more (thanks, or it still has not arrived), which reopens it.
      const arrived = rng.chance(0.6);
      const back = whenAwake(rng, new Date(reply.getTime() + rng.float(6, 60) * HOUR), customer.timeZone);
      steps.push({ kind: "customer", at: back, body: reopenText(locale, arrived) });
      const closed = addSupportHours(back, wait(0.8));
      steps.push(
        arrived
          ? { kind: "resolve", at: closed }
          : { kind: "reply", at: closed, body: answerText(rng, "SECOND", locale, values, canned), resolve: true },
      );
    }
  } else if (roll < firstFix) {
    // Answered; nothing came back, so the agent closes it a day or two later.
    steps.push({
      kind: "reply",
      at: reply,
      body: answerText(rng, o.situation, locale, values, canned),
      resolve: false,
    });
    steps.push({ kind: "resolve", at: addSupportHours(reply, rng.float(lerp(12, 5, m), lerp(30, 12, m))) });
  } else {
    steps.push({
      kind: "reply",
      at: reply,
      body: answerText(rng, o.situation, locale, values, canned),
      resolve: false,
    });
    const back = whenAwake(rng, new Date(reply.getTime() + rng.float(0.5, 20) * HOUR), customer.timeZone);
    steps.push({ kind: "customer", at: back, body: followUpText(rng, locale) });
    const second = addSupportHours(back, wait(0.7));
    steps.push({ kind: "reply", at: second, body: answerText(rng, "SECOND", locale, values, canned), resolve: true });
  }

  const id = `c${randomId(12)}`;
  const inquiry: PlannedInquiry = {
    id,
    payoutId: o.payout.id,
    customerId: customer.id,
    category: CATEGORY_OF[o.situation],
    status: "OPEN",
    priority,
    createdAt: askedAt,
    updatedAt: askedAt,
    firstResponseAt: null,
    resolvedAt: null,
    resolvedById: null,
    situation: o.situation,
    messages: [message(id, null, questionText(rng, o.situation, locale, values), askedAt, null)],
  };
  for (const step of steps) {
    if (step.at.getTime() > now.getTime() - MINUTE) {
      break; // not yet: the thread is where it is now
    }
    inquiry.updatedAt = step.at;
    if (step.kind === "customer") {
      // customerReply(): a message from the customer opens the question again.
      inquiry.messages.push(message(id, null, step.body, step.at, null));
      Object.assign(inquiry, { status: "OPEN", resolvedAt: null, resolvedById: null });
    } else if (step.kind === "reply") {
      // staffReply(): the first reply's time is kept; its email goes out a few seconds later.
      const emailed = new Date(Math.min(step.at.getTime() + rng.int(2, 20) * 1000, now.getTime()));
      inquiry.messages.push(message(id, agent.id, step.body, step.at, emailed));
      inquiry.firstResponseAt ??= step.at;
      inquiry.status = step.resolve ? "RESOLVED" : "ANSWERED";
      if (step.resolve) {
        Object.assign(inquiry, { resolvedAt: step.at, resolvedById: agent.id });
      }
    } else if (inquiry.status !== "RESOLVED") {
      // resolveInquiry()
      Object.assign(inquiry, { status: "RESOLVED", resolvedAt: step.at, resolvedById: agent.id });
    }
  }
  return inquiry;
}

function message(inquiryId: string, staffId: string | null, body: string, createdAt: Date, emailedAt: Date | null) {
  // The same limits as a message typed into the form (5–2,000 characters).
  return { id: `c${randomId(12)}`, inquiryId, staffId, body: ZAsk.shape.message.parse(body), createdAt, emailedAt };
}
