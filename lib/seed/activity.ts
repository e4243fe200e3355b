import type { Tx } from "../db/client";
import { prismaSql, type Sql } from "../db/sql";
import { customerGroups, insertRows, loadCustomers, loadPayouts, writeCustomers } from "./activity-rows";
import { type AdminPlan, planAdminHistory } from "./admin-history";
import { DEMO_STAFF } from "./demo";
import { planEarlierPayouts } from "./earlier-payouts";
import { type FaqEntryRef, planFaqReads } from "./faq-history";
import { planSurveys } from "./feedback-history";
import { planMessages } from "./message-history";
import { mulberry32, Rng } from "./random";
import { planSupport } from "./support-history";
import type { CannedBodies } from "./support-texts";
import type { SupportStaff } from "./support-threads";
import { writePayouts } from "./write";

// The life around the seeded payouts, so that every screen has something true to show on a
// first start: support questions and answers, surveys and answers, FAQ reads, the messages
// the payouts' events sent with their delivery reports, and what the demo staff did (an
// incident notice, two alerts, template versions, their audit entries). Like the payouts,
// it is the fabricated past written directly (bulk inserts), not through the product's
// actions: those would queue emails, texts and surveys now. No job is added, and nothing is
// left for the worker to send — see activity.int.test.ts and seeded-worker.int.test.ts.

/** Runs work in a transaction (seed.ts: one per chunk, or all in the caller's). */
export type Runner = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

export interface ActivityOptions {
  now: Date;
  rng: Rng;
  /** the references of the payouts this seed run wrote, in the order written */
  references: ReadonlySet<string>;
  /** AUTH_SECRET, to sign the seeded surveys' links; without it those links do not work */
  linkSecret?: string;
}

export interface ActivityResult {
  earlierCustomers: number;
  earlierPayouts: number;
  inquiries: number;
  surveys: number;
  notifications: number;
}

/** Payouts per transaction, as seed.ts writes them: a crash never leaves half a customer's history. */
const CHUNK = 1_000;

export async function seedActivity(run: Runner, options: ActivityOptions): Promise<ActivityResult> {
  const { now } = options;
  // Each part draws from its own stream: what one of them draws does not shift the others.
  const fork = () => new Rng(mulberry32(Math.floor(options.rng.next() * 2 ** 32)));
  const adminRng = fork();
  const groups = await run((tx) => customerGroups(prismaSql(tx), [...options.references], CHUNK));
  const context = await run(async (tx) => {
    const sql = prismaSql(tx);
    const admin = await seedAdminHistory(tx, sql, adminRng, now);
    return { ...(await readContext(sql)), carrierTrouble: admin?.carrierTrouble };
  });
  const result: ActivityResult = { earlierCustomers: 0, earlierPayouts: 0, inquiries: 0, surveys: 0, notifications: 0 };
  for (const references of groups) {
    const rng = fork();
    const part = await run((tx) => seedGroup(tx, references, { ...options, ...context, rng }));
    for (const key of Object.keys(result) as (keyof ActivityResult)[]) {
      result[key] += part[key];
    }
  }
  return result;
}

interface Context {
  staff: SupportStaff | null;
  canned: CannedBodies;
  entries: FaqEntryRef[];
  carrierTrouble?: AdminPlan["carrierTrouble"];
}

async function readContext(sql: Sql): Promise<Omit<Context, "carrierTrouble">> {
  const staff = await sql.rows<{ id: string; name: string; email: string }>(
    "select id, name, email from staff_users where email = any($1::text[]) order by email",
    [DEMO_STAFF.map((s) => s.email)],
  );
  const admin = staff.find((s) => s.email === DEMO_STAFF[0].email);
  const agent = staff.find((s) => s.email === DEMO_STAFF[1].email);
  const canned = await sql.rows<{ id: string; body_en: string; body_de: string }>(
    "select id, body_en, body_de from canned_replies",
  );
  return {
    staff: admin && agent ? { support: agent, admin } : null,
    canned: new Map(canned.map((c) => [c.id, { en: c.body_en, de: c.body_de }])),
    entries: await sql.rows<FaqEntryRef>("select id, topic, locale::text as locale from faq_entries order by id"),
  };
}

/** The staff's past, once per database (a second seed run adds payouts and their activity only). */
async function seedAdminHistory(tx: Tx, sql: Sql, rng: Rng, now: Date): Promise<AdminPlan | null> {
  const [state] = await sql.rows<{ fresh: boolean; admin: string | null }>(
    `select not exists (select 1 from ops_alerts) and not exists (select 1 from incident_notices)
            and not exists (select 1 from message_template_versions) as fresh,
            (select id from staff_users where email = $1) as admin`,
    [DEMO_STAFF[0].email],
  );
  if (!state?.fresh || !state.admin) {
    return null;
  }
  const plan = planAdminHistory(rng, now, { adminId: state.admin });
  const { id, endedAt, ...notice } = plan.notice;
  await tx.incidentNotice.create({ data: { ...notice, id, endsAt: endedAt } });
  await insertRows(sql, "ops_alerts", plan.alerts);
  await insertRows(sql, "message_template_versions", plan.templates);
  await insertRows(sql, "audit_entries", plan.audit);
  return plan;
}

/** One group of customers: their earlier payouts, then everything around all their payouts. */
async function seedGroup(tx: Tx, references: string[], options: ActivityOptions & Context): Promise<ActivityResult> {
  const sql = prismaSql(tx);
  const { now, rng } = options;
  const fork = () => new Rng(mulberry32(Math.floor(rng.next() * 2 ** 32)));
  const [earlierRng, supportRng, faqRng, surveyRng, messageRng] = [fork(), fork(), fork(), fork(), fork()] as const;

  const generated = await loadPayouts(sql, references);
  const stored = await loadCustomers(sql, generated);
  const earlier = planEarlierPayouts(earlierRng, now, generated, [...stored.values()], await tx.customer.count());
  const occasional = await writeCustomers(tx, earlier.customers);
  // A set of their own: writePayouts() checks new references against it and the database.
  const earlierReferences = new Set<string>();
  await writePayouts(
    tx,
    earlier.payouts.map((p) => ({ ...p, customerId: occasional.get(p.customerId) ?? p.customerId })),
    earlierReferences,
  );
  await sql.run(
    `update customers c set created_at = least(c.created_at, x.since)
       from json_to_recordset($1::json) as x(id text, since timestamptz) where c.id = x.id`,
    [JSON.stringify([...earlier.signedUp].map(([id, since]) => ({ id, since })))],
  );
  const older = await loadPayouts(sql, [...earlierReferences]);
  const payouts = [...older, ...generated];
  const customers = new Map([...stored, ...(await loadCustomers(sql, older))]);

  const inquiries = options.staff
    ? planSupport({ rng: supportRng, now, payouts, customers, staff: options.staff, canned: options.canned })
    : [];
  const reads = planFaqReads({ rng: faqRng, now, payouts, customers, entries: options.entries, inquiries });
  const surveys = planSurveys({ rng: surveyRng, now, payouts, customers, inquiries, linkSecret: options.linkSecret });
  const messages = planMessages({ rng: messageRng, now, payouts, customers, carrierTrouble: options.carrierTrouble });

  await insertRows(
    sql,
    "inquiries",
    inquiries.map(({ situation: _situation, messages: _messages, ...row }) => row),
  );
  await insertRows(
    sql,
    "inquiry_messages",
    inquiries.flatMap((i) => i.messages),
  );
  await insertRows(sql, "faq_reads", reads);
  await insertRows(sql, "feedback_surveys", surveys);
  await insertRows(sql, "notifications", messages.notifications);
  await insertRows(sql, "delivery_receipts", messages.receipts);
  return {
    earlierCustomers: occasional.size,
    earlierPayouts: earlier.payouts.length,
    inquiries: inquiries.length,
    surveys: surveys.length,
    notifications: messages.notifications.length,
  };
}
