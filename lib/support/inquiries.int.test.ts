import { beforeEach, describe, expect, it } from "vitest";
import { createPayout } from "../../test/factories";
import { createNotifiedCustomer, jobs, testSql } from "../../test/notifications";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import type { EmailMessage, SendResult } from "../notifications/channels/types";
import {
  askAboutPayout,
  customerReply,
  MAX_CUSTOMER_REPLIES_PER_DAY,
  MAX_INQUIRIES_PER_DAY,
  resolveInquiry,
  staffReply,
  supportQueue,
  ZAsk,
  ZQueueFilters,
} from "./inquiries";
import { sendInquiryReplyEmail } from "./reply-email";

beforeEach(resetDatabase);

const T0 = new Date("2026-11-24T09:00:00Z");

async function agent() {
  return getDb().staffUser.create({ data: { email: "agent@example.com", name: "Sam Support", role: "SUPPORT" } });
}

function inbox() {
  const sent: EmailMessage[] = [];
  let fail = false;
  return {
    sent,
    failNext() {
      fail = true;
    },
    channel: {
      kind: "email" as const,
      transport: "smtp",
      async send(m: EmailMessage): Promise<SendResult> {
        if (fail) {
          fail = false;
          return { status: "retry", error: "SMTP 451: try later" };
        }
        sent.push(m);
        return { status: "sent", providerId: m.messageId };
      },
      close() {},
    },
  };
}

describe("questions about a payout", () => {
  it("a customer asks about their own payout; another customer's reference is not found", async () => {
    const customer = await createNotifiedCustomer();
    const stranger = await createNotifiedCustomer();
    const payout = await createPayout(customer.id);
    const input = ZAsk.parse({
      reference: payout.reference,
      category: "WHERE_IS_MY_MONEY",
      message: "  Where is it?  ",
    });
    expect(await askAboutPayout(getDb(), stranger.id, input)).toMatchObject({ ok: false, code: "NOT_FOUND" });
    const asked = await askAboutPayout(getDb(), customer.id, input, T0);
    expect(asked.ok).toBe(true);
    const stored = await getDb().inquiry.findFirstOrThrow({ include: { messages: true } });
    expect(stored).toMatchObject({ status: "OPEN", priority: 0, category: "WHERE_IS_MY_MONEY" });
    expect(stored.messages.map((m) => m.body)).toEqual(["Where is it?"]);
  });

  it("refuses an empty message or a wrong category with the field, and more than 10 questions a day", async () => {
    expect(
      ZAsk.safeParse({ reference: "PT-1", category: "WHERE_IS_MY_MONEY", message: "hi" }).error?.issues[0],
    ).toMatchObject({ path: ["message"], message: "tooShort" });
    expect(
      ZAsk.safeParse({ reference: "PT-1", category: "NOPE", message: "hello there" }).error?.issues[0],
    ).toMatchObject({
      path: ["category"],
    });
    const customer = await createNotifiedCustomer();
    const payout = await createPayout(customer.id);
    const input = ZAsk.parse({ reference: payout.reference, category: "OTHER", message: "Question text" });
    for (let i = 0; i < MAX_INQUIRIES_PER_DAY; i++) {
      expect((await askAboutPayout(getDb(), customer.id, input, T0)).ok).toBe(true);
    }
    expect(await askAboutPayout(getDb(), customer.id, input, T0)).toMatchObject({ ok: false, code: "TOO_MANY" });
    // Sent at once, questions still stop at the limit.
    const other = await createNotifiedCustomer();
    const own = await createPayout(other.id);
    const burst = ZAsk.parse({ reference: own.reference, category: "OTHER", message: "At once" });
    const answers = await Promise.all(Array.from({ length: 25 }, () => askAboutPayout(getDb(), other.id, burst, T0)));
    expect(answers.filter((a) => a.ok)).toHaveLength(MAX_INQUIRIES_PER_DAY);
    expect(await getDb().inquiry.count({ where: { customerId: other.id } })).toBe(MAX_INQUIRIES_PER_DAY);
  });

  // 100 replies went through in 1.3 s before replies had a limit.
  it("limits a customer's replies a day like questions, also when sent at once", async () => {
    const customer = await createNotifiedCustomer();
    const payout = await createPayout(customer.id);
    const ask = ZAsk.parse({ reference: payout.reference, category: "OTHER", message: "Where is it?" });
    const first = await askAboutPayout(getDb(), customer.id, ask, T0);
    const second = await askAboutPayout(getDb(), customer.id, ask, T0);
    if (!first.ok || !second.ok) {
      throw new Error("questions refused");
    }
    const reply = (inquiryId: string, at = T0) =>
      customerReply(getDb(), customer.id, { inquiryId, message: "Any news?" }, at);
    // At once, across two threads: exactly the limit gets through; questions do not count.
    const answers = await Promise.all(
      Array.from({ length: MAX_CUSTOMER_REPLIES_PER_DAY + 10 }, (_, i) => reply(i % 2 ? first.id : second.id)),
    );
    expect(answers.filter((a) => a.ok)).toHaveLength(MAX_CUSTOMER_REPLIES_PER_DAY);
    expect(answers.find((a) => !a.ok)).toEqual({
      ok: false,
      code: "TOO_MANY_REPLIES",
      message: "Too many replies today.",
    });
    expect(await getDb().inquiryMessage.count({ where: { inquiry: { customerId: customer.id } } })).toBe(
      MAX_CUSTOMER_REPLIES_PER_DAY + 2,
    );
    // A day later the customer may write again; another customer was never limited.
    expect((await reply(first.id, new Date(T0.getTime() + 86_400_001))).ok).toBe(true);
    const other = await createNotifiedCustomer();
    const own = await askAboutPayout(
      getDb(),
      other.id,
      ZAsk.parse({ reference: (await createPayout(other.id)).reference, category: "OTHER", message: "Mine?" }),
      T0,
    );
    expect(own.ok && (await customerReply(getDb(), other.id, { inquiryId: own.id, message: "Hello?" }, T0)).ok).toBe(
      true,
    );
  });

  it("the queue puts urgent payouts first, then the longest waiting", async () => {
    const customer = await createNotifiedCustomer();
    const calm = await createPayout(customer.id, "PROCESSING");
    const stuck = await createPayout(customer.id, "ACTION_REQUIRED" as never).catch(() => null);
    const failed = stuck ?? (await createPayout(customer.id, "FAILED"));
    const ask = (reference: string, at: Date) =>
      askAboutPayout(getDb(), customer.id, ZAsk.parse({ reference, category: "OTHER", message: "Any news?" }), at);
    await ask(calm.reference, T0);
    await ask(calm.reference, new Date(T0.getTime() + 60_000));
    await ask(failed.reference, new Date(T0.getTime() + 120_000));
    const { rows } = await supportQueue(getDb(), ZQueueFilters.parse({}));
    expect(rows.map((r) => [r.payout.reference, r.priority])).toEqual([
      [failed.reference, 2],
      [calm.reference, 0],
      [calm.reference, 0],
    ]);
    expect(rows[1]?.createdAt.getTime()).toBeLessThan(rows[2]?.createdAt.getTime() ?? 0);
  });

  it("an agent's reply is emailed once, in the customer's language, even when the first try fails", async () => {
    const customer = await createNotifiedCustomer({ locale: "de", name: "Jonas Beispiel" });
    const payout = await createPayout(customer.id);
    const asked = await askAboutPayout(
      getDb(),
      customer.id,
      ZAsk.parse({ reference: payout.reference, category: "WHERE_IS_MY_MONEY", message: "Wo ist mein Geld?" }),
      T0,
    );
    const sam = await agent();
    const id = asked.ok ? asked.id : "";
    expect(await staffReply(getDb(), sam.id, { inquiryId: id, message: "Sie ist unterwegs." }, T0)).toEqual({
      ok: true,
      id,
    });
    const inquiry = await getDb().inquiry.findUniqueOrThrow({ where: { id }, include: { messages: true } });
    expect(inquiry).toMatchObject({ status: "ANSWERED", firstResponseAt: T0 });
    const reply = inquiry.messages.find((m) => m.staffId);
    expect((await jobs()).filter((j) => j.task_identifier === "inquiry-reply-email")).toHaveLength(1);

    const mail = inbox();
    mail.failNext();
    await expect(
      sendInquiryReplyEmail(testSql(), mail.channel, "https://app.example.com", reply?.id ?? ""),
    ).rejects.toThrow("SMTP 451");
    expect(await sendInquiryReplyEmail(testSql(), mail.channel, "https://app.example.com", reply?.id ?? "")).toBe(
      "sent",
    );
    expect(await sendInquiryReplyEmail(testSql(), mail.channel, "https://app.example.com", reply?.id ?? "")).toBe(
      "already",
    );
    expect(mail.sent).toHaveLength(1);
    expect(mail.sent[0]?.subject).toBe(`Antwort auf Ihre Frage zur Auszahlung ${payout.reference}`);
    expect(mail.sent[0]?.text).toContain("Hallo Jonas,");
    expect(mail.sent[0]?.text).toContain("Sie ist unterwegs.");
    expect(mail.sent[0]?.text).toContain(`https://app.example.com/payouts/${payout.reference}`);

    // The customer writes again: open again; resolving closes it; resolving twice says so.
    expect((await customerReply(getDb(), customer.id, { inquiryId: id, message: "Danke, und wann?" })).ok).toBe(true);
    expect((await getDb().inquiry.findUniqueOrThrow({ where: { id } })).status).toBe("OPEN");
    expect(await resolveInquiry(getDb(), sam.id, id)).toEqual({ ok: true, id });
    expect(await resolveInquiry(getDb(), sam.id, id)).toMatchObject({ ok: false, code: "CLOSED" });
    const other = await createNotifiedCustomer();
    expect(await customerReply(getDb(), other.id, { inquiryId: id, message: "Not my thread" })).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
  });
});
