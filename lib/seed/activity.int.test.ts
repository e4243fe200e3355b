import { beforeAll, describe, expect, it } from "vitest";
import { resetDatabase } from "../../test/reset-database";
import { listAudit } from "../audit/log";
import { getDb, getPgPool } from "../db/client";
import { poolSql } from "../db/sql";
import { listPayoutNotifications } from "../notifications/queries";
import { alertConditions } from "../support/alerts";
import { faqStats } from "../support/faq";
import { offerSurveys, surveyByToken, surveyToken } from "../support/feedback";
import { INQUIRY_CATEGORIES, supportQueue } from "../support/inquiries";
import { delayReasonBreakdown, topInquiryCauses, weeklyKpis } from "../support/kpis";
import { templateHistory } from "../templates/store";
import { type SeedResult, seed } from "./seed";

// A fresh start's data (scale 1, what `npm start` seeds) read through the product's own
// queries: the KPI figures of all eight weeks, the support queue, the audit log, the
// templates' versions, the FAQ statistics, the messages on a payout's page — and nothing
// left over for the worker to send.

const now = new Date("2026-11-26T15:00:00Z"); // a Thursday afternoon
const SECRET = "seed-test-secret-0123456789abcdef";
const sql = () => poolSql(getPgPool());
let result: SeedResult;

beforeAll(async () => {
  await resetDatabase();
  result = await seed(getDb(), { now, linkSecret: SECRET });
}, 120_000);

describe("the seeded support history", () => {
  it("gives each of the KPI page's eight weeks believable figures, improving over the weeks", async () => {
    const weeks = await weeklyKpis(sql(), now, 8);
    expect(weeks).toHaveLength(8);
    for (const w of weeks) {
      const label = w.week.toISOString().slice(0, 10);
      expect(w.questions, label).toBeGreaterThanOrEqual(3);
      expect(w.firstResponseHours, label).toBeGreaterThan(0.1);
      expect(w.firstResponseHours, label).toBeLessThan(24);
      expect(w.handlingHours, label).toBeGreaterThan(0.5);
      expect(w.handlingHours, label).toBeLessThan(72);
      expect(w.firstContactResolution, label).toBeGreaterThanOrEqual(0.2);
      expect(w.firstContactResolution, label).toBeLessThanOrEqual(1);
      // The current week has had 3½ days: at scale 1 (84 customers, asked at most once in
      // 30 days) that is about three surveys, one of them Dana Demo's, answered for sure.
      expect(w.answers, label).toBeGreaterThanOrEqual(w === weeks.at(-1) ? 1 : 2);
      expect(w.csat, label).toBeGreaterThanOrEqual(0.3);
      expect(w.csat, label).toBeLessThanOrEqual(1);
      expect(w.nps, label).not.toBeNull();
      expect(w.nps, label).toBeGreaterThanOrEqual(-100);
      expect(w.nps, label).toBeLessThanOrEqual(100);
    }
    const mean = (values: (number | null)[]) => values.reduce<number>((s, v) => s + (v ?? 0), 0) / values.length;
    // The team answers faster, and more people ask, as the weeks go by.
    expect(mean(weeks.slice(4).map((w) => w.firstResponseHours))).toBeLessThan(
      mean(weeks.slice(0, 4).map((w) => w.firstResponseHours)),
    );
    expect(mean(weeks.slice(4).map((w) => w.questions))).toBeGreaterThan(
      mean(weeks.slice(0, 4).map((w) => w.questions)),
    );
    const overall = mean(weeks.map((w) => w.csat));
    expect(overall).toBeGreaterThan(0.55);
    expect(overall).toBeLessThan(0.95);
  });

  it("says what customers asked about and why payouts were delayed", async () => {
    const causes = await topInquiryCauses(sql(), now);
    expect(causes.length).toBeGreaterThanOrEqual(4);
    expect(causes[0]?.category).toBe("WHERE_IS_MY_MONEY");
    expect(causes.every((c) => (INQUIRY_CATEGORIES as readonly string[]).includes(c.category))).toBe(true);
    expect(causes.reduce((sum, c) => sum + c.share, 0)).toBeCloseTo(1);
    const delays = await delayReasonBreakdown(sql(), now);
    expect(delays.length).toBeGreaterThan(0);
  });

  it("threads follow the product's rules, in the customer's language, with a short queue now", async () => {
    const inquiries = await getDb().inquiry.findMany({
      include: { messages: { orderBy: { createdAt: "asc" } }, customer: { select: { locale: true } } },
    });
    expect(inquiries.length).toBeGreaterThan(40);
    for (const i of inquiries) {
      const [first, ...rest] = i.messages;
      expect(first).toMatchObject({ staffId: null, createdAt: i.createdAt });
      const replies = rest.filter((m) => m.staffId !== null);
      expect(i.firstResponseAt).toEqual(replies[0]?.createdAt ?? null);
      for (const reply of replies) {
        expect(reply.body.startsWith(i.customer.locale === "de" ? "Hallo " : "Hello ")).toBe(true);
        expect(reply.emailedAt?.getTime()).toBeGreaterThanOrEqual(reply.createdAt.getTime());
      }
      const last = i.messages.at(-1);
      if (i.status === "RESOLVED") {
        expect(i.resolvedAt).not.toBeNull();
        expect(i.resolvedById).not.toBeNull();
      } else {
        expect(i.resolvedAt).toBeNull();
        expect(last?.staffId === null).toBe(i.status === "OPEN");
      }
      expect(i.createdAt.getTime()).toBeLessThan(now.getTime());
      expect(i.updatedAt.getTime()).toBeLessThan(now.getTime());
    }
    expect(new Set(inquiries.map((i) => i.customer.locale))).toEqual(new Set(["en", "de"]));
    expect(new Set(inquiries.map((i) => i.status))).toContain("RESOLVED");
    // Support is not drowning: a handful wait for a reply, the rest of the queue is history.
    const open = await supportQueue(getDb(), { status: "OPEN", page: 1 });
    expect(open.total).toBeLessThan(10);
    const all = await supportQueue(getDb(), { status: "ALL", page: 1 });
    expect(all.total).toBe(inquiries.length);
  });

  it("has surveys offered once per customer per 30 days, mostly answered, whose links work", async () => {
    const surveys = await getDb().feedbackSurvey.findMany({ orderBy: { offeredAt: "asc" } });
    const answered = surveys.filter((s) => s.answeredAt);
    expect(answered.length).toBeGreaterThan(surveys.length / 2);
    expect(answered.length).toBeLessThan(surveys.length);
    expect(answered.some((s) => s.comment)).toBe(true);
    const last = new Map<string, Date>();
    for (const s of surveys) {
      const before = last.get(s.customerId);
      if (before) {
        expect(s.offeredAt.getTime() - before.getTime()).toBeGreaterThanOrEqual(30 * 86_400_000);
      }
      last.set(s.customerId, s.offeredAt);
      expect(s.emailedAt).not.toBeNull();
    }
    const sample = surveys[0];
    expect(sample && (await surveyByToken(getDb(), surveyToken(SECRET, sample.id)))?.id).toBe(sample?.id);
  });
});

describe("the seeded messages", () => {
  it("are on every payout's page, with delivery reports, a few failures and their fallbacks", async () => {
    const payouts = await getDb().payout.findMany({ select: { id: true, customerId: true } });
    expect(payouts.length).toBe(result.payouts);
    const withMessages = await sql().rows<{ n: number }>(
      "select count(distinct payout_id)::int as n from notifications",
    );
    expect(withMessages[0]?.n).toBe(payouts.length);
    const dana = await getDb().customer.findUniqueOrThrow({
      where: { externalId: "cus_demo" },
      include: { payouts: true },
    });
    for (const payout of dana.payouts) {
      expect((await listPayoutNotifications(dana.id, payout.id)).length).toBeGreaterThan(0);
    }
    const statuses = await sql().rows<{ channel: string; status: string; fallback: boolean }>(
      "select distinct channel::text as channel, status::text as status, fallback from notifications",
    );
    const has = (channel: string, status: string, fallback = false) =>
      statuses.some((s) => s.channel === channel && s.status === status && s.fallback === fallback);
    expect(has("EMAIL", "SENT")).toBe(true);
    expect(has("EMAIL", "FAILED")).toBe(true);
    expect(has("SMS", "DELIVERED")).toBe(true);
    expect(has("SMS", "DELIVERED", true) || has("SMS", "UNDELIVERED", true)).toBe(true);
    expect(has("SMS", "UNDELIVERED")).toBe(true);
    expect(has("SMS", "SUPPRESSED")).toBe(true);
    expect(statuses.some((s) => s.status === "QUEUED" || s.status === "SENDING")).toBe(false);
    // Every final SMS status came from a delivery report for that message.
    const unreported = await sql().rows(
      `select n.id from notifications n
        where n.status in ('DELIVERED', 'UNDELIVERED')
          and not exists (select 1 from delivery_receipts r where r.provider_id = n.provider_id
                           and r.status = case n.status when 'DELIVERED' then 'delivered' else 'undelivered' end)`,
    );
    expect(unreported).toEqual([]);
  });
});

describe("the staff's seeded history", () => {
  it("has two past alerts, an ended notice, template versions back to the built-in text, audit entries and FAQ reads", async () => {
    const alerts = await getDb().opsAlert.findMany({ orderBy: { createdAt: "asc" } });
    expect(alerts.map((a) => a.condition).sort()).toEqual(["delayed-share:SEPA", "notification-failures"]);
    expect(alerts.every((a) => a.emailedAt && a.createdAt < now)).toBe(true);
    const notices = await getDb().incidentNotice.findMany();
    expect(notices).toHaveLength(1);
    expect(notices[0]?.endsAt.getTime()).toBeLessThan(now.getTime());
    const versions = await templateHistory(getDb(), "PAGE", "PROCESSING", "en");
    expect(versions.length).toBeGreaterThanOrEqual(2);
    expect(versions[0]).toMatchObject({ body: null, by: "admin@example.com" });
    const templates = await sql().rows<{ body: string | null }>(
      `select distinct on (channel, topic, locale) body from message_template_versions
        order by channel, topic, locale, created_at desc`,
    );
    expect(templates.every((t) => t.body === null)).toBe(true); // customers read the built-in texts
    const audit = await listAudit(getDb(), { page: 1 });
    expect(audit.total).toBeGreaterThanOrEqual(8);
    expect(new Set(audit.entries.map((e) => e.action))).toEqual(
      new Set(["NOTICE_PUBLISHED", "NOTICE_ENDED", "TEMPLATE_SAVED", "TEMPLATE_RESET"]),
    );
    expect(audit.entries.every((e) => e.staffEmail === "admin@example.com")).toBe(true);
    const reads = [...(await faqStats(getDb(), now)).values()];
    expect(reads.reduce((sum, r) => sum + r.reads, 0)).toBeGreaterThan(10);
    expect(reads.some((r) => r.avoided > 0 && r.avoided < r.settled)).toBe(true);
  });
});

describe("nothing to send", () => {
  it("queues no job, and leaves no survey to offer and no alert to raise, now or later today", async () => {
    expect(await sql().rows("select id from graphile_worker._private_jobs")).toEqual([]);
    expect(await alertConditions(sql(), now)).toEqual([]);
    for (const minutes of [0, 10, 60, 6 * 60, 23 * 60]) {
      expect(await offerSurveys(sql(), SECRET, new Date(now.getTime() + minutes * 60_000)), `${minutes} min`).toEqual(
        [],
      );
    }
    const staffReplies = await getDb().inquiryMessage.count({ where: { staffId: { not: null }, emailedAt: null } });
    expect(staffReplies).toBe(0);
  });
});

describe("determinism", () => {
  it("seeds the same history again on an empty database (apart from ids)", async () => {
    const figures = async () => ({
      kpis: await weeklyKpis(sql(), now, 8),
      counts: await sql().rows(
        `select 'inquiries' as t, count(*)::int as n from inquiries union all select 'messages', count(*)::int from inquiry_messages
         union all select 'surveys', count(*)::int from feedback_surveys union all select 'answers', count(answered_at)::int from feedback_surveys
         union all select 'notifications', count(*)::int from notifications union all select 'receipts', count(*)::int from delivery_receipts
         union all select 'reads', count(*)::int from faq_reads union all select 'audit', count(*)::int from audit_entries`,
      ),
    });
    const first = await figures();
    await resetDatabase();
    await seed(getDb(), { now, linkSecret: SECRET });
    expect(await figures()).toEqual(first);
  });
});
