import type { AppLocale } from "@/i18n/locale";
import { type Sql, tableRowsJson } from "../db/sql";
import { newId } from "./payout-sql";

export interface CustomerDetails {
  externalId: string;
  name: string;
  email: string | null;
  phone: string | null;
  locale: AppLocale;
  timeZone: string;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The customer writes of a batch of events that describe their customer (the ingest API's), in one statement: `upserts` are created
 * or refreshed by external id (ids returned by external id), `updates` refresh customers
 * known by id, writing only where something changed. A customer erased on request
 * (lib/customers/erase.ts) keeps its erased name, addresses and time zone whatever an event
 * says: the payout system may go on sending them. External ids and ids must be distinct
 * within a call (one row is written once per statement). Raw SQL: the ingest hot path.
 */
export async function writeCustomers(
  sql: Sql,
  upserts: readonly CustomerDetails[],
  updates: readonly { id: string; details: CustomerDetails }[],
): Promise<Map<string, string>> {
  if (upserts.length === 0 && updates.length === 0) {
    return new Map();
  }
  const rows = await sql.rows<{ id: string; external_id: string }>(
    `with upserted as (
       insert into customers (id, external_id, name, email, phone, locale, time_zone, created_at, updated_at)
       select id, external_id, name, email, phone, locale, time_zone, now(), now()
         from json_populate_recordset(null::customers, $1::json)
       on conflict (external_id) do update set
         -- an erased customer stays erased (its row is still returned: its payouts need its id)
         name = case when customers.erased_at is null then excluded.name else customers.name end,
         email = case when customers.erased_at is null then excluded.email else customers.email end,
         phone = case when customers.erased_at is null then excluded.phone else customers.phone end,
         locale = case when customers.erased_at is null then excluded.locale else customers.locale end,
         time_zone = case when customers.erased_at is null then excluded.time_zone else customers.time_zone end,
         updated_at = now()
       returning id, external_id
     ), updated as ( -- a data-modifying CTE runs whether or not it is read
       update customers c set name = u.name, email = u.email, phone = u.phone, locale = u.locale,
              time_zone = u.time_zone, updated_at = now()
         from json_populate_recordset(null::customers, $2::json) as u
        where c.id = u.id
          and c.erased_at is null
          and (c.name, c.email, c.phone, c.locale, c.time_zone) is distinct from (u.name, u.email, u.phone, u.locale, u.time_zone)
       returning c.id
     )
     select id, external_id from upserted`,
    // Rows in a fixed order (external id, id), so that two writers lock them in the same order.
    [
      tableRowsJson(
        [...upserts].sort((a, b) => compare(a.externalId, b.externalId)).map((c) => ({ ...c, id: newId() })),
      ),
      tableRowsJson([...updates].sort((a, b) => compare(a.id, b.id)).map((u) => ({ ...u.details, id: u.id }))),
    ],
  );
  const ids = new Map(rows.map((r) => [r.external_id, r.id]));
  if (ids.size !== new Set(upserts.map((c) => c.externalId)).size) {
    throw new Error("customer upsert returned fewer rows than it was given");
  }
  return ids;
}
