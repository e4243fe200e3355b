import { z } from "zod";
import type { AppLocale } from "@/i18n/locale";
import { recordAudit } from "../audit/log";
import type { Db } from "../db/client";
import { isTemplateTopic } from "../templates/templates";

/** FAQ topics are the templates' topics: a stage, or a reason code ("reason:BANK_HOLIDAY"). */
export const ZFaq = z.object({
  id: z.string().max(64).optional(),
  topic: z.string().refine(isTemplateTopic, "Choose a stage or a reason."),
  locale: z.enum(["en", "de"]),
  question: z.string().trim().min(5, "The question needs at least 5 characters.").max(200, "At most 200 characters."),
  answer: z.string().trim().min(10, "The answer needs at least 10 characters.").max(2000, "At most 2,000 characters."),
  position: z.coerce.number().int().min(0).max(99).default(0),
});

/** The entries for a payout's stage and its reasons, in the reader's language: stage first, then each reason. */
export async function faqForPayout(db: Db, locale: AppLocale, stage: string, reasons: (string | null)[]) {
  const topics = [stage, ...reasons.filter((r): r is string => Boolean(r)).map((r) => `reason:${r}`)];
  const entries = await db.faqEntry.findMany({
    where: { locale, topic: { in: topics } },
    orderBy: [{ position: "asc" }, { question: "asc" }],
    select: { id: true, topic: true, question: true, answer: true },
  });
  return entries.sort((a, b) => topics.indexOf(a.topic) - topics.indexOf(b.topic));
}

/** A customer opened an entry on one of their payouts' pages (counted once per entry and payout). */
export async function recordFaqRead(db: Db, customerId: string, reference: string, faqId: string, now = new Date()) {
  const payout = await db.payout.findFirst({ where: { reference, customerId }, select: { id: true } });
  const faq = await db.faqEntry.findUnique({ where: { id: faqId }, select: { id: true } });
  if (!payout || !faq) {
    return { ok: false as const };
  }
  await db.faqRead.upsert({
    where: { faqId_customerId_payoutId: { faqId, customerId, payoutId: payout.id } },
    create: { faqId, customerId, payoutId: payout.id, readAt: now },
    update: {},
  });
  return { ok: true as const };
}

/**
 * Per entry: how often it was read, and how often no question about that payout followed
 * within 24 hours (reads younger than 24 hours are not counted yet).
 */
export async function faqStats(db: Db, now = new Date()) {
  const rows = await db.$queryRawUnsafe<{ faq_id: string; reads: bigint; settled: bigint; avoided: bigint }[]>(
    `select r.faq_id, count(*) as reads,
            count(*) filter (where r.read_at <= $1::timestamptz - interval '24 hours') as settled,
            count(*) filter (where r.read_at <= $1::timestamptz - interval '24 hours' and not exists (
              select 1 from inquiries i where i.customer_id = r.customer_id and i.payout_id = r.payout_id
                and i.created_at between r.read_at and r.read_at + interval '24 hours')) as avoided
       from faq_reads r group by r.faq_id`,
    now,
  );
  return new Map(
    rows.map((r) => [r.faq_id, { reads: Number(r.reads), settled: Number(r.settled), avoided: Number(r.avoided) }]),
  );
}

export async function saveFaq(db: Db, staffId: string, input: z.output<typeof ZFaq>) {
  return db.$transaction(async (tx) => {
    const before = input.id ? await tx.faqEntry.findUnique({ where: { id: input.id } }) : null;
    if (input.id && !before) {
      return { ok: false as const, message: "No such entry." };
    }
    const { id, ...data } = input;
    const saved = before
      ? await tx.faqEntry.update({ where: { id: before.id }, data: { ...data, updatedById: staffId } })
      : await tx.faqEntry.create({ data: { ...data, updatedById: staffId } });
    await recordAudit(tx, {
      staffId,
      action: "FAQ_SAVED",
      target: `${saved.topic} ${saved.locale}`,
      before: before ? { question: before.question, answer: before.answer } : {},
      after: { question: saved.question, answer: saved.answer },
    });
    return { ok: true as const, id: saved.id };
  });
}

export async function deleteFaq(db: Db, staffId: string, id: string) {
  return db.$transaction(async (tx) => {
    const before = await tx.faqEntry.findUnique({ where: { id } });
    if (!before) {
      return { ok: false as const, message: "No such entry." };
    }
    await tx.faqEntry.delete({ where: { id } });
    await recordAudit(tx, {
      staffId,
      action: "FAQ_DELETED",
      target: `${before.topic} ${before.locale}`,
      before: { question: before.question, answer: before.answer },
      after: {},
    });
    return { ok: true as const };
  });
}
