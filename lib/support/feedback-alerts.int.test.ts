import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { createNotifiedCustomer, testSql } from "../../test/notifications";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import type { EmailMessage, SendResult } from "../notifications/channels/types";
import { smsSegments } from "../notifications/gsm7";
import { applyEvent } from "../payouts/apply-event";
import type { Stage } from "../payouts/stages";
import { checkAlerts } from "./alerts";
import { answerSurvey, offerSurveys, recordSmsSurveyReply, sendSurvey, surveyByToken, surveyToken } from "./feedback";
import { askAboutPayout, staffReply, ZAsk } from "./inquiries";
import { delayReasonBreakdown, topInquiryCauses, weeklyKpis } from "./kpis";

beforeEach(resetDatabase);

const SECRET = "feedback-test-secret-0123456789";
const NOW = new Date("2026-11-24T12:00:00Z");
const HOUR = 3_600_000;

function phoneBox() {
  const sent: { to: string; body: string }[] = [];
  return {
    sent,
    channel: {
      kind: "sms" as const,
      transport: "twilio",
      async send(m: { to: string; body: string }): Promise<SendResult> {
        sent.push(m);
        return { status: "sent", providerId: `SM${"1".repeat(32)}` };
      },
      findSent: async () => null,
    },
  };
}

function mailbox() {
  const sent: EmailMessage[] = [];
  return {
    sent,
    channel: {
      kind: "email" as const,
      transport: "smtp",
      async send(m: EmailMessage): Promise<SendResult> {
        sent.push(m);
        return { status: "sent", providerId: m.messageId };
      },
      close() {},
    },
  };
}

/** A payout with the given history: [stage, hours before NOW, delay reason?]. */
async function payout(customerId: string, method: "SEPA" | "ACH", steps: [Stage, number, string?][]) {
  const externalId = `po_${randomUUID()}`;
  for (const [i, [stage, hoursAgo, delay]] of steps.entries()) {
    const result = await applyEvent(
      {
        eventId: `evt_${randomUUID()}`,
        occurredAt: new Date(NOW.getTime() - hoursAgo * HOUR),
        source: { kind: "BACKFILL" },
        stage,
        delay: delay ? { reasonCode: delay as "BANK_HOLIDAY" } : undefined,
        payout:
          i === 0
            ? {
                externalId,
                create: { customerId, amountMinor: 1000n, currency: "EUR", method, destinationLabel: "DE•• 1" },
              }
            : { externalId },
      },
      { now: () => NOW },
    );
    if (!result.ok) {
      throw new Error(result.message);
    }
  }
  return getDb().payout.findUniqueOrThrow({ where: { externalId } });
}

describe("feedback surveys", () => {
  it("one survey per customer per 30 days, after a completed payout, not for customers who turned messages off", async () => {
    const happy = await createNotifiedCustomer({ locale: "de", name: "Jonas Beispiel" });
    const quiet = await createNotifiedCustomer({ emailLevel: "NONE", smsLevel: "NONE" });
    const a = await payout(happy.id, "SEPA", [
      ["REQUESTED", 5],
      ["COMPLETED", 1],
    ]);
    const b = await payout(happy.id, "SEPA", [
      ["REQUESTED", 5],
      ["COMPLETED", 2],
    ]);
    await payout(quiet.id, "SEPA", [
      ["REQUESTED", 5],
      ["COMPLETED", 1],
    ]);
    // too recent (under 10 minutes): not yet
    await payout(happy.id, "SEPA", [
      ["REQUESTED", 5],
      ["COMPLETED", 0.05],
    ]);

    const offered = await offerSurveys(testSql(), SECRET, NOW);
    expect(offered).toHaveLength(1);
    expect(await offerSurveys(testSql(), SECRET, new Date(NOW.getTime() + HOUR))).toEqual([]);
    const survey = await getDb().feedbackSurvey.findFirstOrThrow();
    expect(survey).toMatchObject({ customerId: happy.id, trigger: "COMPLETED" });
    // about the earliest completion in the window, one survey for both
    expect(survey.payoutId).toBe(b.id);
    expect([a.id, b.id]).toContain(survey.payoutId);

    const mail = mailbox();
    const channels = { email: mail.channel, sms: phoneBox().channel };
    expect(await sendSurvey(testSql(), channels, "https://app.example.com", SECRET, survey.id)).toBe("sent");
    expect(await sendSurvey(testSql(), channels, "https://app.example.com", SECRET, survey.id)).toBe("already");
    expect(mail.sent).toHaveLength(1);
    const token = surveyToken(SECRET, survey.id);
    expect(mail.sent[0]?.subject).toBe("Wie war Ihre Auszahlung? Ein Klick genügt");
    expect(mail.sent[0]?.text).toContain(`5 – Sehr zufrieden: https://app.example.com/f/${token}?csat=5`);
    expect(survey.tokenHash).not.toContain(token);

    const found = await surveyByToken(getDb(), token);
    expect(found?.id).toBe(survey.id);
    expect(await surveyByToken(getDb(), "A".repeat(22))).toBeNull();
    await answerSurvey(getDb(), survey.id, { csat: 5 }, NOW);
    await answerSurvey(getDb(), survey.id, { nps: 9, comment: "Schnell!" }, NOW);
    expect(await getDb().feedbackSurvey.findUniqueOrThrow({ where: { id: survey.id } })).toMatchObject({
      csat: 5,
      nps: 9,
      comment: "Schnell!",
    });
  });
});

describe("SMS surveys", () => {
  it("a customer without email updates is asked by SMS (one segment) and scores by replying a digit", async () => {
    const smsOnly = await createNotifiedCustomer({ email: null, locale: "de", smsLevel: "ALL" });
    const neither = await createNotifiedCustomer({ emailLevel: "NONE", smsLevel: "NONE" });
    // 01:00 in Auckland: inside the default quiet hours, so not asked by text now
    const sleeping = await createNotifiedCustomer({ email: null, smsLevel: "ALL", timeZone: "Pacific/Auckland" });
    await payout(sleeping.id, "SEPA", [
      ["REQUESTED", 5],
      ["COMPLETED", 1],
    ]);
    await payout(smsOnly.id, "SEPA", [
      ["REQUESTED", 5],
      ["COMPLETED", 1],
    ]);
    await payout(neither.id, "SEPA", [
      ["REQUESTED", 5],
      ["COMPLETED", 1],
    ]);
    const [id] = await offerSurveys(testSql(), SECRET, NOW);
    expect(await getDb().feedbackSurvey.count()).toBe(1);
    const phones = phoneBox();
    await sendSurvey(
      testSql(),
      { email: mailbox().channel, sms: phones.channel },
      "https://payouts.example-fintech.com",
      SECRET,
      id ?? "",
    );
    const body = phones.sent[0]?.body ?? "";
    expect(body).toMatch(
      /^Payout Tracker: Wie war Ihre Auszahlung\? Antworten Sie 1 \(schlecht\) bis 5 \(super\) oder hier: https:\/\/payouts\.example-fintech\.com\/f\/\S{22}$/,
    );
    expect(smsSegments(body)).toMatchObject({ encoding: "GSM-7", segments: 1 });

    expect(await recordSmsSurveyReply(testSql(), smsOnly.phone ?? "", "Stop me", NOW)).toBeNull();
    expect(await recordSmsSurveyReply(testSql(), "+4915199999999", "4", NOW)).toBeNull();
    expect(await recordSmsSurveyReply(testSql(), smsOnly.phone ?? "", " 4 ", NOW)).toBe(4);
    // scored once: a second digit is not a survey answer any more
    expect(await recordSmsSurveyReply(testSql(), smsOnly.phone ?? "", "5", NOW)).toBeNull();
    expect(await getDb().feedbackSurvey.findFirstOrThrow()).toMatchObject({ channel: "SMS", csat: 4 });
  });

  it("the English survey SMS fits one segment with a 60-character link", () => {
    const url = "https://payouts.example-fintech.com/f/AbCdEfGhIjKlMnOpQrStUv";
    expect(url.length).toBeGreaterThanOrEqual(60);
    const text = `Payout Tracker: how was your payout? Reply 1 (bad) to 5 (great), or rate it here: ${url}`;
    expect(smsSegments(text).segments).toBe(1);
  });
});

describe("KPIs", () => {
  it("first response, handling time, first-contact resolution, CSAT and NPS per week; delay reasons; question causes", async () => {
    const customer = await createNotifiedCustomer();
    const p = await payout(customer.id, "SEPA", [
      ["REQUESTED", 50],
      ["PROCESSING", 30, "BANK_HOLIDAY"],
    ]);
    const q = await payout(customer.id, "SEPA", [
      ["REQUESTED", 50],
      ["PROCESSING", 30, "HIGH_VOLUME"],
    ]);
    await payout(customer.id, "SEPA", [
      ["REQUESTED", 50],
      ["PROCESSING", 30, "BANK_HOLIDAY"],
    ]);
    const agent = await getDb().staffUser.create({ data: { email: "a@example.com", name: "A", role: "SUPPORT" } });
    const ask = (reference: string, category: string, at: Date) =>
      askAboutPayout(getDb(), customer.id, ZAsk.parse({ reference, category, message: "Question?" }), at);
    const monday = new Date("2026-11-23T08:00:00Z");
    const one = await ask(p.reference, "WHERE_IS_MY_MONEY", monday);
    const two = await ask(q.reference, "WHERE_IS_MY_MONEY", monday);
    await ask(q.reference, "DOCUMENTS", monday);
    // one answered after 2 h and resolved at once; two answered after 4 h, resolved after 6 h with a second reply
    await staffReply(
      getDb(),
      agent.id,
      { inquiryId: one.ok ? one.id : "", message: "Answer", resolve: true },
      new Date(monday.getTime() + 2 * HOUR),
    );
    await staffReply(
      getDb(),
      agent.id,
      { inquiryId: two.ok ? two.id : "", message: "Answer" },
      new Date(monday.getTime() + 4 * HOUR),
    );
    await staffReply(
      getDb(),
      agent.id,
      { inquiryId: two.ok ? two.id : "", message: "More", resolve: true },
      new Date(monday.getTime() + 6 * HOUR),
    );
    const s1 = await getDb().feedbackSurvey.create({
      data: { customerId: customer.id, trigger: "COMPLETED", tokenHash: "x1", csat: 5, nps: 10, answeredAt: monday },
    });
    await getDb().feedbackSurvey.create({
      data: { customerId: customer.id, trigger: "COMPLETED", tokenHash: "x2", csat: 2, nps: 3, answeredAt: monday },
    });
    expect(s1.id).toBeTruthy();

    const weeks = await weeklyKpis(testSql(), NOW, 2);
    const week = weeks.at(-1);
    expect(week?.week.toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(week).toMatchObject({ questions: 3, answers: 2, csat: 0.5, nps: 0, firstContactResolution: 0.5 });
    expect(week?.firstResponseHours).toBeCloseTo(3); // (2 + 4) / 2; the unanswered one does not count
    expect(week?.handlingHours).toBeCloseTo(4); // (2 + 6) / 2
    expect(weeks[0]).toMatchObject({ questions: 0, csat: null });

    expect(await delayReasonBreakdown(testSql(), NOW)).toEqual([
      { method: "SEPA", reason: "BANK_HOLIDAY", payouts: 2, share: 2 / 3 },
      { method: "SEPA", reason: "HIGH_VOLUME", payouts: 1, share: 1 / 3 },
    ]);
    expect(await topInquiryCauses(testSql(), NOW)).toEqual([
      { category: "WHERE_IS_MY_MONEY", questions: 2, share: 2 / 3 },
      { category: "DOCUMENTS", questions: 1, share: 1 / 3 },
    ]);
  });
});

describe("alerts", () => {
  it("a method whose failure rate passes the threshold alerts every admin once per hour", async () => {
    const customer = await createNotifiedCustomer();
    await getDb().staffUser.createMany({
      data: [
        { email: "boss@example.com", name: "Boss", role: "ADMIN" },
        { email: "gone@example.com", name: "Gone", role: "ADMIN", disabledAt: NOW },
        { email: "agent@example.com", name: "Agent", role: "SUPPORT" },
      ],
    });
    // In the last hour 3 of 12 ACH payouts failed (25 %); SEPA's 12 all completed.
    for (let i = 0; i < 12; i++) {
      await payout(customer.id, "ACH", [
        ["REQUESTED", 3],
        [i < 3 ? "FAILED" : "COMPLETED", 0.5],
      ]);
      await payout(customer.id, "SEPA", [
        ["REQUESTED", 3],
        ["COMPLETED", 0.5],
      ]);
    }
    const mail = mailbox();
    const raised = await checkAlerts(testSql(), mail.channel, { appUrl: "https://track.example.com", now: NOW });
    expect(raised).toEqual(["ACH: 25 % of 12 payouts ending in the last hour failed (7-day baseline 0 %)"]);
    expect(mail.sent.map((m) => m.to)).toEqual(["boss@example.com"]);
    expect(mail.sent[0]?.subject).toBe("[Payout Tracker] Alert: ACH");
    // the way to the details works from a mail client: a whole address, not a path
    expect(mail.sent[0]?.text).toContain("The KPI dashboard shows the details: https://track.example.com/admin/kpis");
    expect(mail.sent[0]?.html).toContain('<a href="https://track.example.com/admin/kpis">');
    // Five minutes later the condition still holds: no second alert within the hour.
    expect(
      await checkAlerts(testSql(), mail.channel, {
        appUrl: "https://track.example.com",
        now: new Date(NOW.getTime() + 5 * 60_000),
      }),
    ).toEqual([]);
    expect(mail.sent).toHaveLength(1);
    expect(await getDb().opsAlert.count()).toBe(1);
  });

  it("a few events are not enough to alert", async () => {
    const customer = await createNotifiedCustomer();
    await payout(customer.id, "ACH", [
      ["REQUESTED", 3],
      ["FAILED", 0.5],
    ]);
    expect(await checkAlerts(testSql(), mailbox().channel, { appUrl: "https://track.example.com", now: NOW })).toEqual(
      [],
    );
  });
});
