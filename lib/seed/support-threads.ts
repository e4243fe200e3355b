import { intlLocale } from "../../i18n/locale";
import { formatMoney } from "../format/money";
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
import { HOUR, lerp, MINUTE, progress, type SeededCustomer, type SeededPayout, type Spell } from "./timeline";

// One support thread: the question, the team's replies in its working hours, the customer's
// follow-ups. Its state follows the product's own transitions (lib/support/inquiries.ts): a
// question is OPEN, a reply makes it ANSWERED (or RESOLVED with "send and resolve"), a
// customer's message opens it again, resolveInquiry() closes it. The team gets quicker and
// resolves more at the first contact over the weeks.

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

type Step =
  | { kind: "customer"; at: Date; body: string }
  | { kind: "reply"; at: Date; body: string; resolve: boolean }
  | { kind: "resolve"; at: Date };

export interface ThreadInput {
  rng: Rng;
  now: Date;
  /** the first KPI week: the team's progress is measured from there */
  start: Date;
  staff: SupportStaff;
  canned: CannedBodies;
  customer: SeededCustomer;
  /** what the question is about: the payout, its state when asked, and why the customer writes */
  o: { payout: SeededPayout; spell: Spell; situation: Situation };
  askedAt: Date;
}

/** One question and what followed, cut off at now; the state is what the product's actions would have left. */
export function planThread({ rng, now, start, staff, canned, customer, o, askedAt }: ThreadInput): PlannedInquiry {
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
