import type { AppLocale } from "../../i18n/locale";
import { whenAwake } from "./clock";
import { type Rng, randomId } from "./random";
import type { PlannedInquiry } from "./support-threads";
import { MINUTE, type SeededCustomer, type SeededPayout, type Spell, spellsOf } from "./timeline";

// Customers opening the FAQ entries shown on a payout's page: entries for the payout's
// stage and its reasons, in the customer's language (lib/support/faq.ts faqForPayout; the
// page passes the pause or failure reason and, when delayed, the delay reason). Many who
// asked a question had read an entry first; most reads are not followed by a question.

export interface FaqEntryRef {
  id: string;
  topic: string;
  locale: AppLocale;
}

export interface PlannedFaqRead {
  id: string;
  faqId: string;
  customerId: string;
  payoutId: string;
  readAt: Date;
}

export interface FaqInput {
  rng: Rng;
  now: Date;
  payouts: readonly SeededPayout[];
  customers: ReadonlyMap<string, SeededCustomer>;
  entries: readonly FaqEntryRef[];
  inquiries: readonly PlannedInquiry[];
}

/** The chance that a customer opens the help shown for a state their payout was in. */
const READ_CHANCE = 0.3;
/** The chance that someone who asked had opened the help first. */
const READ_BEFORE_ASKING = 0.5;

/** The topics the payout page shows entries for, in its order: the stage, then each reason. */
function topicsOf(spell: Spell): string[] {
  const reasons = [spell.reasonCode, spell.delayed ? spell.delayReason : null];
  return [spell.stage, ...reasons.flatMap((r) => (r ? [`reason:${r}`] : []))];
}

export function planFaqReads({ rng, now, payouts, customers, entries, inquiries }: FaqInput): PlannedFaqRead[] {
  const byTopic = new Map<string, FaqEntryRef[]>();
  for (const entry of entries) {
    const key = `${entry.topic}|${entry.locale}`;
    byTopic.set(key, [...(byTopic.get(key) ?? []), entry]);
  }
  const shown = (spell: Spell, locale: AppLocale) =>
    topicsOf(spell).flatMap((topic) => byTopic.get(`${topic}|${locale}`) ?? []);
  const questionsOf = new Map<string, PlannedInquiry[]>();
  for (const inquiry of inquiries) {
    questionsOf.set(inquiry.payoutId, [...(questionsOf.get(inquiry.payoutId) ?? []), inquiry]);
  }

  const reads: PlannedFaqRead[] = [];
  for (const payout of payouts) {
    const customer = customers.get(payout.customerId);
    if (!customer || byTopic.size === 0) {
      continue;
    }
    const read = new Set<string>(); // one read per entry and payout, as recordFaqRead() counts them
    const add = (faqId: string, at: number) => {
      if (!read.has(faqId) && at < now.getTime() - MINUTE) {
        read.add(faqId);
        reads.push({
          id: `c${randomId(12)}`,
          faqId,
          customerId: customer.id,
          payoutId: payout.id,
          readAt: new Date(at),
        });
      }
    };
    const spells = spellsOf(payout, now);
    for (const inquiry of questionsOf.get(payout.id) ?? []) {
      const asked = inquiry.createdAt.getTime();
      const spell = spells.find((s) => s.from.getTime() <= asked && asked < s.until.getTime());
      const entry = spell ? shown(spell, customer.locale)[0] : undefined;
      if (spell && entry && rng.chance(READ_BEFORE_ASKING)) {
        add(entry.id, Math.max(spell.from.getTime() + MINUTE, asked - rng.int(2, 40) * MINUTE));
      }
    }
    for (const spell of spells) {
      for (const entry of shown(spell, customer.locale)) {
        if (rng.chance(READ_CHANCE)) {
          const at = whenAwake(
            rng,
            new Date(rng.float(spell.from.getTime(), spell.until.getTime())),
            customer.timeZone,
          );
          if (at < spell.until) {
            add(entry.id, at.getTime());
          }
        }
      }
    }
  }
  return reads;
}
