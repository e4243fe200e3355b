import type { Sql } from "../db/sql";
import { newId } from "../payouts/payout-sql";

export interface CustomerDetails {
  externalId: string;
  name: string;
  email: string | null;
  phone: string | null;
  locale: "en" | "de";
  timeZone: string;
}

/** Creates the customer or refreshes its details; returns its id. Raw SQL: the ingest hot path. */
export async function upsertCustomer(sql: Sql, c: CustomerDetails): Promise<string> {
  const rows = await sql.rows<{ id: string }>(
    `insert into customers (id, external_id, name, email, phone, locale, time_zone, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6::"Locale", $7, now(), now())
     on conflict (external_id) do update set
       name = excluded.name, email = excluded.email, phone = excluded.phone, locale = excluded.locale,
       time_zone = excluded.time_zone, updated_at = now()
     returning id`,
    [newId(), c.externalId, c.name, c.email, c.phone, c.locale, c.timeZone],
  );
  const id = rows[0]?.id;
  if (!id) {
    throw new Error("customer upsert returned no row");
  }
  return id;
}

/** Refreshes a customer's details, writing only when something changed. */
export async function updateCustomer(sql: Sql, id: string, c: CustomerDetails): Promise<void> {
  await sql.run(
    `update customers set name = $2, email = $3, phone = $4, locale = $5::"Locale", time_zone = $6, updated_at = now()
     where id = $1 and (name, email, phone, locale, time_zone) is distinct from ($2, $3, $4, $5::"Locale", $6)`,
    [id, c.name, c.email, c.phone, c.locale, c.timeZone],
  );
}
