import { z } from "zod";
import type { Db } from "../db/client";
import { JOB } from "../jobs/names";
import { NOTIFY_PAYOUT_CHANGED_SQL } from "../payouts/live-updates";
import { type Stage, takesReason } from "../payouts/stages";
import { replyEmailStatuses } from "./reply-email-records";

export const INQUIRY_CATEGORIES = [
  "WHERE_IS_MY_MONEY",
  "WRONG_AMOUNT",
  "UPDATE_BANK_DETAILS",
  "DOCUMENTS",
  "OTHER",
] as const;
export type InquiryCategory = (typeof INQUIRY_CATEGORIES)[number];
export const INQUIRY_STATUSES = ["OPEN", "ANSWERED", "RESOLVED"] as const;

/** Questions a customer may start a day: enough for anyone, too few for a flood. */
export const MAX_INQUIRIES_PER_DAY = 10;
/** Replies a customer may write a day, across their threads (a conversation, not a flood). */
export const MAX_CUSTOMER_REPLIES_PER_DAY = 20;
/** A burst from one customer queues on their lock (and for a connection): wait, rather than fail after Prisma's 2 s. */
const LOCKED_TRANSACTION = { maxWait: 10_000, timeout: 15_000 };

const ZBody = z
  .string()
  .trim()
  .min(5, "tooShort")
  .max(2000, "tooLong")
  // PostgreSQL text cannot hold NUL: drop it rather than fail.
  .transform((s) => s.replaceAll(String.fromCharCode(0), ""));

export const ZAsk = z.object({
  reference: z.string().trim().min(1).max(40),
  category: z.enum(INQUIRY_CATEGORIES, "category"),
  message: ZBody,
});
export const ZReply = z.object({ inquiryId: z.string().min(1).max(64), message: ZBody });

export type InquiryResult =
  | { ok: true; id: string }
  | { ok: false; code: "NOT_FOUND" | "TOO_MANY" | "TOO_MANY_REPLIES" | "CLOSED"; message: string };

/** How urgent a question is, from the payout it is about: stopped > late > on track. */
export function priorityFor(payout: { stage: Stage; delayed: boolean }): number {
  if (takesReason(payout.stage)) {
    return 2;
  }
  return payout.delayed ? 1 : 0;
}

/** A customer asks about one of their own payouts (another customer's reference is not found). */
export async function askAboutPayout(
  db: Db,
  customerId: string,
  input: z.output<typeof ZAsk>,
  now = new Date(),
): Promise<InquiryResult> {
  const payout = await db.payout.findFirst({
    where: { reference: input.reference, customerId },
    select: { id: true, stage: true, delayed: true },
  });
  if (!payout) {
    return { ok: false, code: "NOT_FOUND", message: "No such payout." };
  }
  // Count and create under a lock per customer: questions sent at once cannot pass the daily limit together.
  const inquiry = await db.$transaction(async (tx) => {
    await tx.$executeRaw`select pg_advisory_xact_lock(hashtextextended(${`inquiries:${customerId}`}, 0))`;
    const today = await tx.inquiry.count({
      where: { customerId, createdAt: { gt: new Date(now.getTime() - 86_400_000) } },
    });
    if (today >= MAX_INQUIRIES_PER_DAY) {
      return null;
    }
    return tx.inquiry.create({
      data: {
        payoutId: payout.id,
        customerId,
        category: input.category,
        priority: priorityFor(payout),
        createdAt: now,
        messages: { create: { body: input.message, createdAt: now } },
      },
    });
  });
  if (!inquiry) {
    return { ok: false, code: "TOO_MANY", message: "Too many questions today." };
  }
  return { ok: true, id: inquiry.id };
}

/**
 * The customer writes again in their own thread; a resolved one opens again. At most
 * MAX_CUSTOMER_REPLIES_PER_DAY a day, counted under the same per-customer lock as
 * questions, so that replies sent at once cannot pass the limit together.
 */
export async function customerReply(
  db: Db,
  customerId: string,
  input: z.output<typeof ZReply>,
  now = new Date(),
): Promise<InquiryResult> {
  const inquiry = await db.inquiry.findFirst({ where: { id: input.inquiryId, customerId }, select: { id: true } });
  if (!inquiry) {
    return { ok: false, code: "NOT_FOUND", message: "No such question." };
  }
  const stored = await db.$transaction(async (tx) => {
    await tx.$executeRaw`select pg_advisory_xact_lock(hashtextextended(${`inquiries:${customerId}`}, 0))`;
    const since = new Date(now.getTime() - 86_400_000);
    // The customer's messages, less the first of each question (written with it, at its time): their replies.
    const messages = await tx.inquiryMessage.count({
      where: { staffId: null, createdAt: { gt: since }, inquiry: { customerId } },
    });
    const questions = await tx.inquiry.count({ where: { customerId, createdAt: { gt: since } } });
    if (messages - questions >= MAX_CUSTOMER_REPLIES_PER_DAY) {
      return false;
    }
    await tx.inquiryMessage.create({ data: { inquiryId: inquiry.id, body: input.message, createdAt: now } });
    await tx.inquiry.update({
      where: { id: inquiry.id },
      data: { status: "OPEN", resolvedAt: null, resolvedById: null },
    });
    return true;
  }, LOCKED_TRANSACTION);
  if (!stored) {
    return { ok: false, code: "TOO_MANY_REPLIES", message: "Too many replies today." };
  }
  return { ok: true, id: inquiry.id };
}

/**
 * A support agent answers. The email to the customer is a job added in the same
 * transaction (task `inquiry-reply-email`), so it is sent once the reply is stored, and
 * never lost; the customer's open payout page shows the reply at once (NOTIFY
 * payout_changed on commit). `resolve` also closes the question.
 */
export async function staffReply(
  db: Db,
  staffId: string,
  input: z.output<typeof ZReply> & { resolve?: boolean },
  now = new Date(),
): Promise<InquiryResult> {
  return db.$transaction(async (tx) => {
    const inquiry = await tx.inquiry.findUnique({
      where: { id: input.inquiryId },
      select: { id: true, firstResponseAt: true, payoutId: true },
    });
    if (!inquiry) {
      return { ok: false, code: "NOT_FOUND", message: "No such question." } as const;
    }
    const message = await tx.inquiryMessage.create({
      data: { inquiryId: inquiry.id, staffId, body: input.message, createdAt: now },
    });
    await tx.inquiry.update({
      where: { id: inquiry.id },
      data: {
        status: input.resolve ? "RESOLVED" : "ANSWERED",
        firstResponseAt: inquiry.firstResponseAt ?? now,
        ...(input.resolve ? { resolvedAt: now, resolvedById: staffId } : {}),
      },
    });
    await tx.$executeRawUnsafe(
      `select graphile_worker.add_job('${JOB.inquiryReplyEmail}', json_build_object('id', $1::text), job_key := 'inquiry-reply:' || $1::text)`,
      message.id,
    );
    await tx.$executeRawUnsafe(NOTIFY_PAYOUT_CHANGED_SQL, inquiry.payoutId);
    return { ok: true, id: inquiry.id } as const;
  });
}

/** Closes a question; the customer's open payout page shows it resolved at once. */
export async function resolveInquiry(db: Db, staffId: string, id: string, now = new Date()): Promise<InquiryResult> {
  const updated = await db.$transaction(async (tx) => {
    const result = await tx.inquiry.updateMany({
      where: { id, status: { not: "RESOLVED" } },
      data: { status: "RESOLVED", resolvedAt: now, resolvedById: staffId },
    });
    if (result.count > 0) {
      await tx.$executeRawUnsafe("select pg_notify('payout_changed', payout_id) from inquiries where id = $1", id);
    }
    return result;
  });
  if (updated.count === 0) {
    const exists = await db.inquiry.count({ where: { id } });
    return exists
      ? { ok: false, code: "CLOSED", message: "This question is already resolved." }
      : { ok: false, code: "NOT_FOUND", message: "No such question." };
  }
  return { ok: true, id };
}

/** The customer's questions about one payout, oldest message first; staff appear as "support". */
export async function inquiriesForPayout(db: Db, customerId: string, payoutId: string) {
  return db.inquiry.findMany({
    where: { customerId, payoutId },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      category: true,
      status: true,
      createdAt: true,
      messages: { orderBy: { createdAt: "asc" }, select: { id: true, body: true, createdAt: true, staffId: true } },
    },
  });
}

export const ZQueueFilters = z.object({
  status: z.enum([...INQUIRY_STATUSES, "ALL"]).default("OPEN"),
  category: z.enum(INQUIRY_CATEGORIES).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export const QUEUE_PAGE_SIZE = 25;

/** The support queue: the most urgent first, then the longest waiting. */
export async function supportQueue(db: Db, filters: z.output<typeof ZQueueFilters>) {
  const where = {
    ...(filters.status === "ALL" ? {} : { status: filters.status }),
    ...(filters.category ? { category: filters.category } : {}),
  };
  const [rows, total] = await Promise.all([
    db.inquiry.findMany({
      where,
      orderBy: [{ priority: "desc" }, { createdAt: "asc" }],
      skip: (filters.page - 1) * QUEUE_PAGE_SIZE,
      take: QUEUE_PAGE_SIZE,
      select: {
        id: true,
        category: true,
        status: true,
        priority: true,
        createdAt: true,
        payout: { select: { reference: true, stage: true } },
        customer: { select: { name: true } },
        _count: { select: { messages: true } },
      },
    }),
    db.inquiry.count({ where }),
  ]);
  return { rows, total, pages: Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE)) };
}

/** One thread for an agent: the messages, the customer, the payout, and the customer's other payouts. */
export async function inquiryForStaff(db: Db, id: string) {
  const inquiry = await db.inquiry.findUnique({
    where: { id },
    include: {
      messages: { orderBy: { createdAt: "asc" } },
      customer: { select: { id: true, name: true, email: true, phone: true, locale: true, timeZone: true } },
      payout: { select: { id: true, reference: true, stage: true, delayed: true, etaAt: true, method: true } },
    },
  });
  if (!inquiry) {
    return null;
  }
  const [history, staff, emails] = await Promise.all([
    db.payout.findMany({
      where: { customerId: inquiry.customerId },
      orderBy: { createdAt: "desc" },
      take: 20,
      select: { reference: true, stage: true, delayed: true, amountMinor: true, currency: true, createdAt: true },
    }),
    db.staffUser.findMany({
      where: { id: { in: inquiry.messages.flatMap((m) => (m.staffId ? [m.staffId] : [])) } },
      select: { id: true, name: true },
    }),
    replyEmailStatuses(
      db,
      inquiry.messages.flatMap((m) => (m.staffId ? [m.id] : [])),
    ),
  ]);
  const names = new Map(staff.map((s) => [s.id, s.name]));
  return {
    ...inquiry,
    messages: inquiry.messages.map((m) => ({
      ...m,
      author: m.staffId ? (names.get(m.staffId) ?? "Support") : null,
      /** how the reply's email went (null: not tried yet) */
      email: emails.get(m.id) ?? null,
    })),
    history,
  };
}
