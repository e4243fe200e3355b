import { createHash } from "node:crypto";
import type { AppLocale } from "../../i18n/locale";
import { quietHoursEnd } from "../notifications/rules";
import { isPaused } from "../payouts/stages";
import { hashToken, SURVEY_EVERY_DAYS, surveyToken, ZAnswer } from "../support/feedback";
import { type Rng, randomId } from "./random";
import type { PlannedInquiry } from "./support-threads";
import { DAY, HOUR, kpiWindowStart, lerp, MINUTE, progress, type SeededCustomer, type SeededPayout } from "./timeline";

// Satisfaction surveys as the worker would have offered them (lib/support/feedback.ts
// offerSurveys: every 10 minutes, for payouts completed and questions resolved 10 minutes
// to 24 hours before, at most one per customer per 30 days, by email unless the customer
// turned email off), and the answers of those who answered: a one-click CSAT, often an NPS,
// sometimes a comment, in the customer's language.
//
// The plan also makes sure the worker has nothing left to offer for the seeded past: every
// customer with a completion or resolution in the last 24 hours already had their survey.

/** offerSurveys() looks at completions and resolutions this long ago… */
const OFFER_AFTER_MS = 10 * MINUTE;
/** …up to this long ago. */
const OFFER_WITHIN_MS = 24 * HOUR;
/** The worker's cron: every 10 minutes. */
const TICK_MS = 10 * MINUTE;
const EVERY_MS = SURVEY_EVERY_DAYS * DAY;

export interface PlannedSurvey {
  id: string;
  customerId: string;
  payoutId: string | null;
  inquiryId: string | null;
  trigger: "COMPLETED" | "INQUIRY_RESOLVED";
  channel: "EMAIL" | "SMS";
  tokenHash: string;
  offeredAt: Date;
  emailedAt: Date;
  csat: number | null;
  nps: number | null;
  comment: string | null;
  answeredAt: Date | null;
}

export interface FeedbackInput {
  rng: Rng;
  now: Date;
  payouts: readonly SeededPayout[];
  customers: ReadonlyMap<string, SeededCustomer>;
  inquiries: readonly PlannedInquiry[];
  /** AUTH_SECRET: the seeded surveys' links then work; without it their tokens are random */
  linkSecret?: string;
}

interface Trigger {
  at: number;
  trigger: PlannedSurvey["trigger"];
  payoutId: string;
  inquiryId: string | null;
  /** the payout was late, stopped or failed, or the question took long: answers are harsher */
  rough: boolean;
}

const COMMENTS: Record<"good" | "mixed" | "bad", Record<AppLocale, readonly string[]>> = {
  good: {
    en: [
      "Fast and clear, thank you.",
      "The tracking page told me exactly when to expect the money.",
      "Arrived earlier than expected!",
      "Great support, quick answer.",
    ],
    de: [
      "Schnell und klar, danke.",
      "Die Seite hat genau gesagt, wann das Geld kommt.",
      "Früher angekommen als erwartet!",
      "Sehr freundlicher Support, schnelle Antwort.",
    ],
  },
  mixed: {
    en: [
      "It worked in the end, but it took a few days longer than shown.",
      "OK, but the SMS came in the middle of the night.",
    ],
    de: ["Hat am Ende geklappt, aber ein paar Tage länger als angezeigt.", "Ganz okay, die Wartezeit war etwas lang."],
  },
  bad: {
    en: [
      "Far too slow. I had to ask twice before anything happened.",
      "The payout failed and nobody explained why until I asked.",
    ],
    de: [
      "Viel zu langsam. Ich musste zweimal nachfragen.",
      "Die Auszahlung ist fehlgeschlagen und niemand hat erklärt, warum.",
    ],
  },
};

function surveyChannel(c: SeededCustomer): "EMAIL" | "SMS" | null {
  if (c.email && c.emailLevel !== "NONE") {
    return "EMAIL";
  }
  return c.phone && c.smsLevel !== "NONE" && !c.smsOptedOutAt ? "SMS" : null;
}

const tick = (at: number) => Math.ceil(at / TICK_MS) * TICK_MS;

export function planSurveys(input: FeedbackInput): PlannedSurvey[] {
  const { rng, now, customers } = input;
  const t = now.getTime();
  const triggers = new Map<string, Trigger[]>();
  const add = (customerId: string, trigger: Trigger) => {
    triggers.set(customerId, [...(triggers.get(customerId) ?? []), trigger]);
  };
  for (const p of input.payouts) {
    const done = p.events.at(-1);
    if (p.stage === "COMPLETED" && done) {
      const rough = p.events.some((e) => e.delayed || isPaused(e.stage));
      add(p.customerId, {
        at: done.occurredAt.getTime(),
        trigger: "COMPLETED",
        payoutId: p.id,
        inquiryId: null,
        rough,
      });
    }
  }
  for (const i of input.inquiries) {
    if (i.status === "RESOLVED" && i.resolvedAt) {
      const slow = i.resolvedAt.getTime() - i.createdAt.getTime() > 2 * DAY || i.messages.length > 2;
      add(i.customerId, {
        at: i.resolvedAt.getTime(),
        trigger: "INQUIRY_RESOLVED",
        payoutId: i.payoutId,
        inquiryId: i.id,
        rough: slow,
      });
    }
  }

  const surveys: PlannedSurvey[] = [];
  for (const [customerId, list] of triggers) {
    const customer = customers.get(customerId);
    const channel = customer ? surveyChannel(customer) : null;
    if (!customer || !channel) {
      continue;
    }
    list.sort((a, b) => a.at - b.at); // stable: ties keep the payouts' order (ids are random)
    if (customer.demo) {
      // The demo accounts were asked about the payout that arrived yesterday (demo.ts), not
      // about an older one whose survey would block it for 30 days: signing in, the demo
      // shows a fresh success with its answered survey, and the KPI page's current week has it.
      const latest = list.filter((x) => x.trigger === "COMPLETED").at(-1);
      list.splice(0, list.length, ...(latest ? [latest] : []));
    }
    const recent = list.some((x) => x.at > t - OFFER_WITHIN_MS - TICK_MS);
    // Customers were asked before the seeded history began, at no particular time (so that the
    // 30-day rule does not line everyone's surveys up); the demo accounts were not.
    const first = list[0]?.at ?? t;
    let last = customer.demo
      ? Number.NEGATIVE_INFINITY
      : Math.min(first - rng.float(EVERY_MS / 2, 1.5 * EVERY_MS), t - EVERY_MS - 2 * DAY);
    for (const x of list) {
      let due = tick(Math.max(x.at + OFFER_AFTER_MS, last + EVERY_MS));
      if (channel === "SMS") {
        // Not a text in the customer's quiet hours: a later run asks.
        const quiet = quietHoursEnd(new Date(due), customer.timeZone, customer.quietHoursStart, customer.quietHoursEnd);
        due = quiet ? tick(quiet.getTime()) : due;
      }
      if (due > x.at + OFFER_WITHIN_MS) {
        continue; // asked less than 30 days ago: this one goes unasked
      }
      // An offer whose 30 days end within the next day would let the worker ask about a
      // recent seeded trigger right after the start: that one is left out (as if email was off then).
      if (recent && due > t - EVERY_MS && due <= t - EVERY_MS + OFFER_WITHIN_MS + TICK_MS) {
        continue;
      }
      // Due after now: the seed stands in for the run that would come.
      const offeredAt = due > t ? t : Math.min(t, due + rng.int(1, 20) * 1000);
      last = offeredAt;
      surveys.push(survey(input, customer, channel, x, offeredAt));
    }
  }
  return surveys.sort((a, b) => a.offeredAt.getTime() - b.offeredAt.getTime());
}

function survey(
  input: FeedbackInput,
  customer: SeededCustomer,
  channel: "EMAIL" | "SMS",
  x: Trigger,
  offeredAt: number,
): PlannedSurvey {
  const { rng, now } = input;
  const id = `fb_${createHash("sha256")
    .update(`${customer.id}:${new Date(offeredAt).toISOString()}`)
    .digest("hex")
    .slice(0, 20)}`;
  const token = input.linkSecret ? surveyToken(input.linkSecret, id) : randomId(16);
  const emailedAt = new Date(Math.min(now.getTime(), offeredAt + rng.int(1, 30) * 1000));
  const base = {
    id,
    customerId: customer.id,
    payoutId: x.payoutId,
    inquiryId: x.inquiryId,
    trigger: x.trigger,
    channel,
    tokenHash: hashToken(token),
    offeredAt: new Date(offeredAt),
    emailedAt,
  };
  const lag = customer.demo
    ? rng.float(5, 50) * MINUTE
    : rng.chance(0.4)
      ? rng.float(1, 60) * MINUTE
      : rng.chance(0.67)
        ? rng.float(1, 24) * HOUR
        : rng.float(1, 4) * DAY;
  const answeredAt = offeredAt + lag;
  // Some never answer; the demo account Dana Demo did.
  const answers = customer.demo ? customer.locale === "en" : rng.chance(0.75);
  if (!answers || answeredAt > now.getTime() - MINUTE) {
    return { ...base, csat: null, nps: null, comment: null, answeredAt: null };
  }
  const m = progress(new Date(offeredAt), kpiWindowStart(now), now);
  // Dana Demo's payout arrived on time: she was happy.
  let csat = customer.demo
    ? 5
    : Number(rng.weighted({ "5": lerp(40, 55, m), "4": 32, "3": 12, "2": lerp(9, 4, m), "1": lerp(7, 3, m) }));
  if (x.rough) {
    csat = Math.max(1, csat - rng.int(0, 1));
  }
  const npsRange: Record<number, [number, number]> = { 5: [8, 10], 4: [7, 9], 3: [5, 8], 2: [2, 6], 1: [0, 4] };
  const [low, high] = npsRange[csat] ?? [5, 8];
  const nps = customer.demo || rng.chance(0.85) ? rng.int(low, high) : undefined;
  const mood = csat >= 4 ? "good" : csat === 3 ? "mixed" : "bad";
  const comment = customer.demo || rng.chance(0.35) ? rng.pick(COMMENTS[mood][customer.locale]) : undefined;
  // The same rules as an answer given on the survey page.
  const answer = ZAnswer.parse({ csat, nps, comment });
  return {
    ...base,
    csat: answer.csat ?? null,
    nps: answer.nps ?? null,
    comment: answer.comment ?? null,
    answeredAt: new Date(answeredAt),
  };
}
