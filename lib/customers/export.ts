import "server-only";
import type { Db } from "../db/client";
import { CUSTOMER_IDENTITY } from "./find";

export const CUSTOMER_EXPORT_VERSION = 1;

/**
 * Everything stored about one customer, as one JSON document (a data-protection access
 * request): the customer, their payouts with every event, the messages sent (with their
 * texts while retention keeps them), delivery reports' outcomes, tracking links (dates
 * only: the links themselves are keys), questions with their threads, surveys, FAQ reads,
 * and the sign-in identity and messages sent to their addresses. Secrets (token hashes,
 * sign-in codes) are left out. null when there is no such customer.
 */
export async function exportCustomerData(db: Db, customerId: string, now: Date = new Date()) {
  const customer = await db.customer.findUnique({
    where: { id: customerId },
    select: {
      ...CUSTOMER_IDENTITY,
      locale: true,
      timeZone: true,
      emailLevel: true,
      smsLevel: true,
      smsOptedOutAt: true,
      quietHoursStart: true,
      quietHoursEnd: true,
      createdAt: true,
      updatedAt: true,
      erasedAt: true,
    },
  });
  if (!customer) {
    return null;
  }
  const addresses = [customer.email, customer.phone].filter((a): a is string => Boolean(a));
  const [payouts, messages, inquiries, surveys, faqReads, signInIdentities, accessMessages] = await Promise.all([
    db.payout.findMany({
      where: { customerId },
      orderBy: { createdAt: "asc" },
      select: {
        reference: true,
        externalId: true,
        amountMinor: true,
        currency: true,
        method: true,
        destinationLabel: true,
        stage: true,
        reasonCode: true,
        note: true,
        delayed: true,
        delayReason: true,
        etaAt: true,
        originalEtaAt: true,
        createdAt: true,
        updatedAt: true,
        events: {
          orderBy: { occurredAt: "asc" },
          select: {
            eventId: true,
            outcome: true,
            fromStage: true,
            stage: true,
            reasonCode: true,
            delayed: true,
            delayReason: true,
            note: true,
            source: true,
            occurredAt: true,
            recordedAt: true,
            etaAt: true,
            etaReason: true,
          },
        },
        trackingLinks: { select: { createdAt: true, expiresAt: true, revokedAt: true } },
      },
    }),
    db.notification.findMany({
      where: { customerId },
      orderBy: { queuedAt: "asc" },
      select: {
        id: true,
        payout: { select: { reference: true } },
        channel: true,
        kind: true,
        status: true,
        fallback: true,
        transport: true,
        destination: true,
        locale: true,
        subject: true,
        bodyText: true,
        suppressedReason: true,
        queuedAt: true,
        sentAt: true,
        deliveredAt: true,
        failedAt: true,
      },
    }),
    db.inquiry.findMany({
      where: { customerId },
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        payout: { select: { reference: true } },
        category: true,
        status: true,
        createdAt: true,
        resolvedAt: true,
        messages: {
          orderBy: { createdAt: "asc" },
          select: { staffId: true, body: true, createdAt: true, emailedAt: true },
        },
      },
    }),
    db.feedbackSurvey.findMany({
      where: { customerId },
      orderBy: { offeredAt: "asc" },
      select: {
        trigger: true,
        channel: true,
        payoutId: true,
        offeredAt: true,
        emailedAt: true,
        csat: true,
        nps: true,
        comment: true,
        answeredAt: true,
      },
    }),
    db.faqRead.findMany({
      where: { customerId },
      orderBy: { readAt: "asc" },
      select: { readAt: true, faq: { select: { question: true, locale: true } } },
    }),
    addresses.length > 0
      ? db.user.findMany({
          where: { OR: [{ email: { in: addresses } }, { phone: { in: addresses } }] },
          select: {
            email: true,
            phone: true,
            emailVerified: true,
            createdAt: true,
            _count: { select: { sessions: true } },
          },
        })
      : Promise.resolve([]),
    addresses.length > 0
      ? db.accessMessage.findMany({
          where: { destination: { in: addresses } },
          orderBy: { createdAt: "asc" },
          // not the text: a sign-in message carries a link or code
          select: { channel: true, purpose: true, destination: true, status: true, createdAt: true },
        })
      : Promise.resolve([]),
  ]);
  return {
    format: "payout-tracker.customer-export",
    version: CUSTOMER_EXPORT_VERSION,
    exportedAt: now.toISOString(),
    customer,
    payouts: payouts.map(({ amountMinor, ...payout }) => ({ ...payout, amountMinor: amountMinor.toString() })),
    messages: messages.map(({ payout, ...message }) => ({ ...message, payoutReference: payout.reference })),
    inquiries: inquiries.map(({ payout, messages: thread, ...inquiry }) => ({
      ...inquiry,
      payoutReference: payout.reference,
      messages: thread.map(({ staffId, ...m }) => ({ ...m, from: staffId ? "support" : "customer" })),
    })),
    surveys,
    faqReads: faqReads.map((r) => ({ readAt: r.readAt, question: r.faq.question, locale: r.faq.locale })),
    signIn: {
      identities: signInIdentities.map(({ _count, ...identity }) => ({ ...identity, activeSessions: _count.sessions })),
      messages: accessMessages,
    },
  };
}

export type CustomerExport = NonNullable<Awaited<ReturnType<typeof exportCustomerData>>>;
