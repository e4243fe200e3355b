import { beforeEach, describe, expect, it } from "vitest";
import { createNotifiedCustomer, createQuietPayout, testSql } from "../../test/notifications";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import { outboxEmailChannel } from "../notifications/channels/email";
import type { EmailChannel, EmailMessage, SendResult } from "../notifications/channels/types";
import { askAboutPayout, inquiryForStaff, staffReply, ZAsk } from "./inquiries";
import { sendInquiryReplyEmail } from "./reply-email";
import { describeReplyEmail, listOutboxReplyEmails } from "./reply-email-records";

// The email telling a customer that support replied: in the dev outbox like every other
// message, with its status, in the customer's language, and only if they want email.

beforeEach(resetDatabase);

const APP = "https://app.example.com";

/** A channel that records what it was given and answers as told. */
function channel(transport: string, answers: SendResult[] = []): EmailChannel & { sent: EmailMessage[] } {
  const sent: EmailMessage[] = [];
  return {
    kind: "email",
    transport,
    sent,
    async send(message) {
      sent.push(message);
      return answers.shift() ?? { status: "sent", providerId: message.messageId };
    },
    close() {},
  };
}

async function answered(options: Parameters<typeof createNotifiedCustomer>[0]) {
  const customer = await createNotifiedCustomer(options);
  const payout = await createQuietPayout(customer.id, "PROCESSING");
  const asked = await askAboutPayout(
    getDb(),
    customer.id,
    ZAsk.parse({ reference: payout.reference, category: "WHERE_IS_MY_MONEY", message: "Wo ist mein Geld?" }),
  );
  const inquiryId = asked.ok ? asked.id : "";
  const agent = await getDb().staffUser.create({
    data: { email: `agent.${customer.id}@example.com`, name: "Sam Support", role: "SUPPORT" },
  });
  await staffReply(getDb(), agent.id, { inquiryId, message: "Ihre Auszahlung ist unterwegs." });
  const reply = await getDb().inquiryMessage.findFirstOrThrow({ where: { inquiryId, staffId: { not: null } } });
  return { customer, payout, inquiryId, replyId: reply.id };
}

const status = async (inquiryId: string) => {
  const thread = await inquiryForStaff(getDb(), inquiryId);
  const reply = thread?.messages.find((m) => m.author);
  return describeReplyEmail(reply?.email ?? null, reply?.emailedAt ?? null, Boolean(thread?.customer.email), () => "T");
};

describe("the support reply email", () => {
  it("is recorded in the dev outbox in the customer's language, once, and the agent sees it went out", async () => {
    const { payout, inquiryId, replyId, customer } = await answered({ locale: "de", name: "Jonas Beispiel" });
    const other = await answered({ locale: "en" });
    expect(await status(inquiryId)).toBe("email pending");

    const outbox = outboxEmailChannel();
    expect(await sendInquiryReplyEmail(testSql(), outbox, APP, replyId)).toBe("sent");
    expect(await sendInquiryReplyEmail(testSql(), outbox, APP, replyId)).toBe("already");

    const recorded = await listOutboxReplyEmails(getDb());
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      destination: customer.email,
      subject: `Antwort auf Ihre Frage zur Auszahlung ${payout.reference}`,
      status: "SENT",
      customerName: "Jonas Beispiel",
      reference: payout.reference,
      inquiryId,
    });
    expect(recorded[0]?.bodyText).toContain("Hallo Jonas,");
    expect(recorded[0]?.bodyText).toContain("Ihre Auszahlung ist unterwegs.");
    expect(recorded[0]?.bodyText).toContain(`${APP}/payouts/${payout.reference}`);
    expect(await status(inquiryId)).toBe("emailed T (dev outbox)");
    expect(await status(other.inquiryId)).toBe("email pending");

    // Sent over SMTP, it is recorded with its status too, but it is not in the dev outbox.
    const smtp = channel("smtp");
    expect(await sendInquiryReplyEmail(testSql(), smtp, APP, other.replyId)).toBe("sent");
    expect(smtp.sent[0]?.subject).toBe(`Reply to your question about payout ${other.payout.reference}`);
    expect(await status(other.inquiryId)).toBe("emailed T");
    expect(await listOutboxReplyEmails(getDb())).toHaveLength(1);
  });

  it("is not sent to a customer who turned email off (the reply stays on their page)", async () => {
    const { inquiryId, replyId } = await answered({ emailLevel: "NONE" });
    const smtp = channel("outbox");
    expect(await sendInquiryReplyEmail(testSql(), smtp, APP, replyId)).toBe("suppressed");
    expect(await sendInquiryReplyEmail(testSql(), smtp, APP, replyId)).toBe("already");
    expect(smtp.sent).toEqual([]);
    expect(await listOutboxReplyEmails(getDb())).toEqual([]);
    expect(await status(inquiryId)).toBe("not emailed: the customer turned email off");

    // "Only important" still gets it: it answers the customer's own question.
    const important = await answered({ emailLevel: "IMPORTANT" });
    expect(await sendInquiryReplyEmail(testSql(), smtp, APP, important.replyId)).toBe("sent");
  });

  it("is tried again after a transient refusal and given up after a permanent one, with the status recorded", async () => {
    const { inquiryId, replyId } = await answered({});
    const flaky = channel("smtp", [{ status: "retry", error: "SMTP 451: try later" }]);
    await expect(sendInquiryReplyEmail(testSql(), flaky, APP, replyId)).rejects.toThrow("SMTP 451");
    expect(await status(inquiryId)).toBe("email pending (retrying)");
    expect(await sendInquiryReplyEmail(testSql(), flaky, APP, replyId)).toBe("sent");
    expect(flaky.sent.map((m) => m.messageId)).toEqual([flaky.sent[0]?.messageId, flaky.sent[0]?.messageId]);

    const refused = await answered({});
    const bounce = channel("smtp", [{ status: "failed", error: "SMTP 550: no such mailbox" }]);
    expect(await sendInquiryReplyEmail(testSql(), bounce, APP, refused.replyId)).toBe("failed");
    expect(await sendInquiryReplyEmail(testSql(), bounce, APP, refused.replyId)).toBe("already");
    expect(bounce.sent).toHaveLength(1);
    expect(await status(refused.inquiryId)).toBe("email failed");

    const noAddress = await answered({ email: null });
    expect(await sendInquiryReplyEmail(testSql(), bounce, APP, noAddress.replyId)).toBe("no-address");
    expect(await status(noAddress.inquiryId)).toBe("not emailed: no email address");
  });
});
