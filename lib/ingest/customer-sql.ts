import type { Tx } from "../db/client";
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
export async function upsertCustomer(tx: Tx, c: CustomerDetails): Promise<string> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    insert into customers (id, external_id, name, email, phone, locale, time_zone, created_at, updated_at)
    values (${newId()}, ${c.externalId}, ${c.name}, ${c.email}, ${c.phone}, ${c.locale}::"Locale", ${c.timeZone}, now(), now())
    on conflict (external_id) do update set
      name = excluded.name, email = excluded.email, phone = excluded.phone, locale = excluded.locale,
      time_zone = excluded.time_zone, updated_at = now()
    returning id`;
  const id = rows[0]?.id;
  if (!id) {
    throw new Error("customer upsert returned no row");
  }
  return id;
}

export async function updateCustomer(tx: Tx, id: string, c: CustomerDetails): Promise<void> {
  await tx.$executeRaw`
    update customers set name = ${c.name}, email = ${c.email}, phone = ${c.phone}, locale = ${c.locale}::"Locale",
      time_zone = ${c.timeZone}, updated_at = now()
    where id = ${id}
      and (name, email, phone, locale, time_zone) is distinct from (${c.name}, ${c.email}, ${c.phone}, ${c.locale}::"Locale", ${c.timeZone})`;
}
