import { beforeEach, describe, expect, it } from "vitest";
import { ingestBody, signed, TEST_SECRET } from "../../test/ingest-helpers";
import { applyTo, createNotifiedCustomer, createQuietPayout, notificationsOf, testSql } from "../../test/notifications";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import { ingestEvent } from "../ingest/ingest-event";
import { outboxEmailChannel } from "../notifications/channels/email";
import { outboxSmsChannel } from "../notifications/channels/sms";
import { dispatchNotification } from "../notifications/dispatch";
import { ERASED_NAME, ERASED_TEXT, eraseCustomer } from "./erase";
import { exportCustomerData } from "./export";
import { findCustomers } from "./find";
import { purgeOldMessages } from "./retention";

const deps = () => ({
  sql: testSql(),
  email: outboxEmailChannel(),
  sms: outboxSmsChannel(),
  appUrl: "https://payouts.example.com",
  linkSecret: "customers-test-link-secret-0123456789",
});

let staffId: string;

beforeEach(async () => {
  await resetDatabase();
  staffId = (await getDb().staffUser.create({ data: { email: "ada.admin@example.com", name: "Ada", role: "ADMIN" } }))
    .id;
});

/** A customer with a sent message (and its tracking link), a question, a survey and a signed-in session. */
async function customerWithHistory() {
  const customer = await createNotifiedCustomer({ name: "Grace Hopper", smsLevel: "ALL", quietHoursStart: null });
  const payout = await createQuietPayout(customer.id);
  await applyTo(payout.id, { stage: "VERIFYING" });
  for (const n of await notificationsOf(payout.id)) {
    await dispatchNotification(n.id, deps());
  }
  const db = getDb();
  const inquiry = await db.inquiry.create({
    data: {
      payoutId: payout.id,
      customerId: customer.id,
      category: "WHERE_IS_MY_MONEY",
      messages: { create: [{ body: "Where is my money? Call me on +4915112345678" }, { body: "On its way", staffId }] },
    },
  });
  await db.feedbackSurvey.create({
    data: {
      customerId: customer.id,
      payoutId: payout.id,
      trigger: "COMPLETED",
      tokenHash: `hash-${customer.id}`,
      csat: 5,
      comment: "Grace says thanks",
      answeredAt: new Date(),
    },
  });
  const user = await db.user.create({ data: { email: customer.email, name: "Grace" } });
  await db.session.create({
    data: { sessionToken: `session-${customer.id}`, userId: user.id, expires: new Date(Date.now() + 86_400_000) },
  });
  return { customer, payout, inquiry };
}

describe("customer data export", () => {
  it("holds the customer, payouts with events, messages, questions, surveys and sign-in, and no secrets", async () => {
    const { customer, payout } = await customerWithHistory();
    const data = await exportCustomerData(getDb(), customer.id);
    expect(data).not.toBeNull();
    if (!data) {
      return;
    }
    expect(data.customer).toMatchObject({
      externalId: customer.externalId,
      name: "Grace Hopper",
      email: customer.email,
    });
    expect(data.payouts).toHaveLength(1);
    expect(data.payouts[0]).toMatchObject({ reference: payout.reference, amountMinor: "125000" });
    expect(data.payouts[0]?.events.map((e) => e.stage)).toEqual(["REQUESTED", "VERIFYING"]);
    expect(data.payouts[0]?.trackingLinks.length).toBeGreaterThan(0);
    expect(data.messages.length).toBeGreaterThan(0);
    expect(data.messages.find((m) => m.status === "SENT")?.bodyText).toContain("Grace");
    expect(data.inquiries[0]?.messages.map((m) => m.from)).toEqual(["customer", "support"]);
    expect(data.surveys[0]).toMatchObject({ csat: 5, comment: "Grace says thanks" });
    expect(data.signIn.identities).toEqual([expect.objectContaining({ email: customer.email, activeSessions: 1 })]);
    const json = JSON.stringify(data);
    expect(json).not.toContain("tokenHash");
    expect(json).not.toContain(`hash-${customer.id}`);
    expect(json).not.toContain(`session-${customer.id}`);
    expect(await exportCustomerData(getDb(), "no-such-customer")).toBeNull();
  });
});

describe("customer erasure", () => {
  it("replaces personal data, keeps payouts and events, revokes links and sessions, and is audited without the data", async () => {
    const { customer, payout, inquiry } = await customerWithHistory();
    const other = await customerWithHistory();
    const result = await eraseCustomer(getDb(), { customerId: customer.id, staffId });
    expect(result).toMatchObject({ ok: true, payoutsKept: 1, sessionsEnded: 1 });
    expect(result.ok && result.linksRevoked).toBeGreaterThan(0);

    const db = getDb();
    const erased = await db.customer.findUniqueOrThrow({ where: { id: customer.id } });
    expect(erased).toMatchObject({
      name: ERASED_NAME,
      email: null,
      phone: null,
      externalId: customer.externalId,
      emailLevel: "NONE",
      smsLevel: "NONE",
      erasedBy: staffId,
    });
    expect(erased.erasedAt).not.toBeNull();
    // accounting keeps the payout and its history
    expect(await db.payoutEvent.count({ where: { payoutId: payout.id } })).toBe(2);
    expect((await db.payout.findUniqueOrThrow({ where: { id: payout.id } })).amountMinor).toBe(125_000n);
    // what was said and to whom is gone; that a message went out is kept
    const messages = await db.notification.findMany({ where: { customerId: customer.id } });
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) {
      expect([m.destination, m.subject, m.bodyText, m.bodyHtml]).toEqual([null, null, null, null]);
    }
    const thread = await db.inquiryMessage.findMany({ where: { inquiryId: inquiry.id } });
    expect(thread.map((m) => m.body)).toEqual([ERASED_TEXT, ERASED_TEXT]);
    expect((await db.feedbackSurvey.findFirstOrThrow({ where: { customerId: customer.id } })).comment).toBeNull();
    expect(await db.trackingLink.count({ where: { payoutId: payout.id, revokedAt: null } })).toBe(0);
    expect(await db.session.count({ where: { sessionToken: `session-${customer.id}` } })).toBe(0);
    expect(await db.user.count({ where: { email: customer.email } })).toBe(0);
    // the audit entry says who and when, with counts only
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: "CUSTOMER_ERASED" } });
    expect(audit).toMatchObject({ staffId, target: `customer ${customer.externalId}` });
    expect(JSON.stringify(audit)).not.toContain(customer.email as string);
    expect(JSON.stringify(audit)).not.toContain("Grace");
    // the other customer is untouched
    expect((await db.customer.findUniqueOrThrow({ where: { id: other.customer.id } })).email).toBe(
      other.customer.email,
    );
    expect(await db.session.count({ where: { sessionToken: `session-${other.customer.id}` } })).toBe(1);
    // erasing twice changes nothing
    expect(await eraseCustomer(getDb(), { customerId: customer.id, staffId })).toMatchObject({
      ok: false,
      code: "ALREADY_ERASED",
    });
    expect(await db.auditEntry.count({ where: { action: "CUSTOMER_ERASED" } })).toBe(1);
    expect((await findCustomers(db, customer.externalId))[0]).toMatchObject({ name: ERASED_NAME, email: null });
  });

  it("sends an erased customer nothing more: queued messages stop, later events notify nobody", async () => {
    const customer = await createNotifiedCustomer({ smsLevel: "ALL", quietHoursStart: null });
    const payout = await createQuietPayout(customer.id);
    await applyTo(payout.id, { stage: "VERIFYING" });
    const queued = await notificationsOf(payout.id);
    expect(queued.every((n) => n.status === "QUEUED")).toBe(true);

    await eraseCustomer(getDb(), { customerId: customer.id, staffId });
    for (const n of await notificationsOf(payout.id)) {
      expect(n.status).toBe("SUPPRESSED");
      expect((await dispatchNotification(n.id, deps())).type).toBe("already");
    }

    // Should the address come back anyway (a hand edit of the database: ingest cannot, see below)…
    await testSql().run("update customers set email = $2, phone = '+4915199999999' where id = $1", [
      customer.id,
      customer.email,
    ]);
    await applyTo(payout.id, { stage: "UNDER_REVIEW" });
    const later = (await notificationsOf(payout.id)).filter((n) => n.status === "QUEUED");
    expect(later.length).toBeGreaterThan(0);
    for (const n of later) {
      expect(await dispatchNotification(n.id, deps())).toEqual({ type: "suppressed", reason: "NO_DESTINATION" });
    }
    // …and the daily retention job erases what came back
    expect((await purgeOldMessages(testSql(), 180)).customersReErased).toBe(1);
    expect(await getDb().customer.findUniqueOrThrow({ where: { id: customer.id } })).toMatchObject({
      email: null,
      phone: null,
      name: ERASED_NAME,
    });
  });

  it("stays erased while the payout system goes on sending events that describe the customer", async () => {
    const now = new Date();
    const config = { secrets: [TEST_SECRET], ratePerMinute: 1000, actionUrlHosts: [] };
    const send = (payout: Record<string, unknown>, minutesAgo: number) =>
      ingestEvent(
        getDb(),
        signed(ingestBody({ occurred_at: new Date(now.getTime() - minutesAgo * 60_000).toISOString(), payout }), now),
        config,
        now,
      );
    expect(await send({ stage: "REQUESTED" }, 30)).toEqual({ status: 200, body: { result: "applied" } });
    const customer = await getDb().customer.findUniqueOrThrow({ where: { externalId: "cus_9" } });
    expect(customer).toMatchObject({ name: "Ada Lovelace", email: "ada@example.com" });
    await eraseCustomer(getDb(), { customerId: customer.id, staffId });

    // an event for the payout it has (the customer known by id), and a new payout (by external id)
    expect(await send({ stage: "PROCESSING" }, 20)).toEqual({ status: 200, body: { result: "applied" } });
    expect(await send({ external_id: "po_456", stage: "REQUESTED" }, 10)).toEqual({
      status: 200,
      body: { result: "applied" },
    });
    expect(await getDb().customer.findUniqueOrThrow({ where: { id: customer.id } })).toMatchObject({
      name: ERASED_NAME,
      email: null,
      phone: null,
      timeZone: "UTC",
    });
    const payouts = await getDb().payout.findMany({
      where: { customerId: customer.id },
      orderBy: { externalId: "asc" },
    });
    expect(payouts.map((p) => [p.externalId, p.stage])).toEqual([
      ["po_123", "PROCESSING"],
      ["po_456", "REQUESTED"],
    ]);
    // nothing for the daily job to erase again
    expect((await purgeOldMessages(testSql(), 180)).customersReErased).toBe(0);
  });
});
