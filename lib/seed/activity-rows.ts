import type { Tx } from "../db/client";
import { type Sql, tableRowsJson } from "../db/sql";
import type { PayoutMethod } from "../eta/estimate";
import type { CustomerContactRow } from "../notifications/types";
import type { ReasonCode, Stage } from "../payouts/stages";
import { DEMO_CUSTOMERS } from "./demo";
import type { EarlierCustomer } from "./earlier-payouts";
import { randomId } from "./random";
import type { SeededCustomer, SeededEvent, SeededPayout } from "./timeline";

// Reading back the payouts a seed run wrote, and writing the activity planned around them:
// bulk statements whatever the count (lib/seed/activity.ts).

/** Rows per INSERT: one JSON parameter each, well within the statement timeout. */
const BATCH = 2_000;

/**
 * This run's payouts grouped by customer (in the order written), in groups of about `size`:
 * a customer's surveys depend on all of their payouts, so a customer is never split.
 */
export async function customerGroups(sql: Sql, references: string[], size: number): Promise<string[][]> {
  const rows = await sql.rows<{ reference: string; customer_id: string }>(
    "select reference, customer_id from payouts where reference = any($1::text[])",
    [references],
  );
  const customerOf = new Map(rows.map((r) => [r.reference, r.customer_id]));
  const byCustomer = new Map<string, string[]>();
  for (const reference of references) {
    const customer = customerOf.get(reference);
    if (customer) {
      byCustomer.set(customer, [...(byCustomer.get(customer) ?? []), reference]);
    }
  }
  const groups: string[][] = [];
  let group: string[] = [];
  for (const list of byCustomer.values()) {
    if (group.length > 0 && group.length + list.length > size) {
      groups.push(group);
      group = [];
    }
    group.push(...list);
  }
  return group.length > 0 ? [...groups, group] : groups;
}

/** The occasional customers of the earlier payouts, as seed.ts writes customers; their ids by plan key. */
export async function writeCustomers(tx: Tx, customers: EarlierCustomer[]): Promise<Map<string, string>> {
  if (customers.length === 0) {
    return new Map();
  }
  const rows = customers.map((c) => ({ key: c.key, externalId: `cus_${randomId()}`, c }));
  const created = await tx.customer.createManyAndReturn({
    data: rows.map(({ externalId, c }) => ({
      externalId,
      name: c.planned.name,
      email: c.planned.email,
      phone: c.planned.phone,
      locale: c.planned.locale,
      timeZone: c.planned.timeZone,
      createdAt: c.createdAt,
    })),
    select: { id: true, externalId: true },
  });
  const idOf = new Map(created.map((row) => [row.externalId, row.id]));
  return new Map(rows.flatMap(({ key, externalId }) => [[key, idOf.get(externalId) ?? key]]));
}

/** Rows shaped like the table (camelCase fields), a few statements per table whatever the count. */
export async function insertRows(sql: Sql, table: string, rows: readonly object[]): Promise<void> {
  const first = rows[0];
  if (!first) {
    return;
  }
  const columns = Object.keys(first)
    .map((field) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`))
    .join(", ");
  for (let start = 0; start < rows.length; start += BATCH) {
    await sql.run(
      `insert into ${table} (${columns}) select ${columns} from json_populate_recordset(null::${table}, $1::json)`,
      [tableRowsJson(rows.slice(start, start + BATCH))],
    );
  }
}

interface PayoutRow {
  id: string;
  reference: string;
  customer_id: string;
  method: PayoutMethod;
  amount_minor: string;
  currency: string;
  stage: Stage;
  created_at: Date;
}

interface EventRow {
  id: string;
  payout_id: string;
  from_stage: Stage | null;
  stage: Stage;
  reason_code: ReasonCode | null;
  delayed: boolean;
  delay_reason: ReasonCode | null;
  occurred_at: Date;
  recorded_at: Date;
  eta_at: Date | null;
}

/**
 * This run's payouts, in the order they were written, with their events. A reference that
 * clashed with an older payout is in the set too; a payout that already has messages or
 * questions is not this run's.
 */
export async function loadPayouts(sql: Sql, references: string[]): Promise<SeededPayout[]> {
  const rows = await sql.rows<PayoutRow>(
    `select p.id, p.reference, p.customer_id, p.method::text as method, p.amount_minor::text as amount_minor,
            p.currency, p.stage::text as stage, p.created_at
       from payouts p
      where p.reference = any($1::text[])
        and not exists (select 1 from notifications n where n.payout_id = p.id)
        and not exists (select 1 from inquiries i where i.payout_id = p.id)`,
    [references],
  );
  const events = await sql.rows<EventRow>(
    `select id, payout_id, from_stage::text as from_stage, stage::text as stage, reason_code::text as reason_code,
            delayed, delay_reason::text as delay_reason, occurred_at, recorded_at, eta_at
       from payout_events where payout_id = any($1::text[]) and outcome = 'APPLIED'
      order by payout_id, occurred_at, recorded_at`,
    [rows.map((r) => r.id)],
  );
  const eventsOf = new Map<string, SeededEvent[]>();
  for (const e of events) {
    const list = eventsOf.get(e.payout_id) ?? [];
    list.push({
      id: e.id,
      fromStage: e.from_stage,
      stage: e.stage,
      reasonCode: e.reason_code,
      delayed: e.delayed,
      delayReason: e.delay_reason,
      occurredAt: e.occurred_at,
      recordedAt: e.recorded_at,
      etaAt: e.eta_at,
    });
    eventsOf.set(e.payout_id, list);
  }
  const byReference = new Map(rows.map((r) => [r.reference, r]));
  return references.flatMap((reference) => {
    const r = byReference.get(reference);
    return r
      ? [
          {
            id: r.id,
            reference: r.reference,
            customerId: r.customer_id,
            method: r.method,
            amountMinor: BigInt(r.amount_minor),
            currency: r.currency.trim(),
            stage: r.stage,
            createdAt: r.created_at,
            events: eventsOf.get(r.id) ?? [],
          },
        ]
      : [];
  });
}

export async function loadCustomers(sql: Sql, payouts: readonly SeededPayout[]): Promise<Map<string, SeededCustomer>> {
  const ids = [...new Set(payouts.map((p) => p.customerId))];
  const rows = await sql.rows<CustomerContactRow & { id: string; external_id: string; sms_opted_out_at: Date | null }>(
    `select id, external_id, name, email, phone, locale::text as locale, time_zone, email_level::text as email_level,
            sms_level::text as sms_level, sms_opted_out_at, quiet_hours_start, quiet_hours_end
       from customers where id = any($1::text[])`,
    [ids],
  );
  const demo = new Set<string>(DEMO_CUSTOMERS.map((c) => c.externalId));
  const byId = new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        name: r.name,
        email: r.email,
        phone: r.phone,
        locale: r.locale,
        timeZone: r.time_zone,
        emailLevel: r.email_level,
        smsLevel: r.sms_level,
        smsOptedOutAt: r.sms_opted_out_at,
        quietHoursStart: r.quiet_hours_start,
        quietHoursEnd: r.quiet_hours_end,
        demo: demo.has(r.external_id),
      },
    ]),
  );
  // In the order the payouts were written: the planners draw in a reproducible order.
  return new Map(ids.flatMap((id) => (byId.has(id) ? [[id, byId.get(id) as SeededCustomer]] : [])));
}
