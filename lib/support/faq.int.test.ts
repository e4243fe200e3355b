import { beforeEach, describe, expect, it } from "vitest";
import { createPayout } from "../../test/factories";
import { createNotifiedCustomer } from "../../test/notifications";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import { faqForPayout, faqStats, recordFaqRead, saveFaq, ZFaq } from "./faq";
import { askAboutPayout, ZAsk } from "./inquiries";

beforeEach(resetDatabase);

const T0 = new Date("2026-11-20T10:00:00Z");
const DAY = 86_400_000;

describe("FAQ", () => {
  it("shows the stage's entries, then each reason's, in the reader's language (the installed ones included)", async () => {
    const en = await faqForPayout(getDb(), "en", "PROCESSING", ["BANK_HOLIDAY", null]);
    expect(en.map((e) => e.topic)).toEqual(["PROCESSING", "reason:BANK_HOLIDAY"]);
    const de = await faqForPayout(getDb(), "de", "PROCESSING", []);
    expect(de.map((e) => e.question)).toEqual(["Warum dauert die Bearbeitung?"]);
  });

  it("an admin adds an entry; too short a text is refused with the field's message; it is audited", async () => {
    const boss = await getDb().staffUser.create({ data: { email: "boss@example.com", name: "Boss", role: "ADMIN" } });
    expect(
      ZFaq.safeParse({ topic: "SENT", locale: "en", question: "Why?", answer: "Because it is." }).error?.issues[0]
        ?.message,
    ).toBe("The question needs at least 5 characters.");
    expect(
      ZFaq.safeParse({ topic: "NOPE", locale: "en", question: "Why is that?", answer: "Because it is." }).success,
    ).toBe(false);
    const saved = await saveFaq(
      getDb(),
      boss.id,
      ZFaq.parse({
        topic: "SENT",
        locale: "en",
        question: "Can I cancel it now?",
        answer: "No: once sent, only the bank can return it.",
      }),
    );
    expect(saved.ok).toBe(true);
    expect((await faqForPayout(getDb(), "en", "SENT", [])).map((e) => e.question)).toContain("Can I cancel it now?");
    expect(await getDb().auditEntry.count({ where: { action: "FAQ_SAVED" } })).toBe(1);
    await getDb().faqEntry.delete({ where: { id: saved.ok ? saved.id : "" } });
  });

  it("counts reads once per payout, only on the customer's own payouts, and which reads no question followed", async () => {
    const customer = await createNotifiedCustomer();
    const stranger = await createNotifiedCustomer();
    const first = await createPayout(customer.id, "PROCESSING");
    const second = await createPayout(customer.id, "PROCESSING");
    const faqId = "faq_processing_en";
    expect(await recordFaqRead(getDb(), stranger.id, first.reference, faqId, T0)).toEqual({ ok: false });
    expect(await recordFaqRead(getDb(), customer.id, first.reference, faqId, T0)).toEqual({ ok: true });
    expect(await recordFaqRead(getDb(), customer.id, first.reference, faqId, T0)).toEqual({ ok: true });
    await recordFaqRead(getDb(), customer.id, second.reference, faqId, T0);
    // a question about the second payout an hour after reading
    await askAboutPayout(
      getDb(),
      customer.id,
      ZAsk.parse({ reference: second.reference, category: "OTHER", message: "Still unclear" }),
      new Date(T0.getTime() + 3_600_000),
    );
    expect((await faqStats(getDb(), new Date(T0.getTime() + 3_600_000))).get(faqId)).toEqual({
      reads: 2,
      settled: 0,
      avoided: 0,
    });
    expect((await faqStats(getDb(), new Date(T0.getTime() + 2 * DAY))).get(faqId)).toEqual({
      reads: 2,
      settled: 2,
      avoided: 1,
    });
  });
});
