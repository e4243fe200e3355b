import type { Sql } from "../db/sql";
import { ERASED_NAME } from "./erase";

export const DEFAULT_MESSAGE_RETENTION_DAYS = 180;
/** Rows per statement: each batch is a short transaction, never a long lock on a busy table. */
const BATCH = 2_000;

export interface RetentionResult {
  /** messages whose subject and text were deleted (the row stays: that a message went out, when, its status) */
  messageBodies: number;
  /** sign-in links, codes and staff invitations as sent (the dev outbox's copies), deleted */
  accessMessages: number;
  /** providers' delivery reports (they name the number), deleted */
  deliveryReports: number;
  /** erased customers whose name or address a later event brought back, erased again */
  customersReErased: number;
}

/**
 * Data protection: what a message said, and the copies of sign-in messages, are kept for
 * `days` (MESSAGE_RETENTION_DAYS, default 180), then deleted by the daily `purge-messages`
 * job. A notification row itself stays (status, channel, times: the customer's page lists
 * what was sent and support needs it), without its subject, text and HTML.
 */
export async function purgeOldMessages(sql: Sql, days: number, now: Date = new Date()): Promise<RetentionResult> {
  const before = new Date(now.getTime() - days * 86_400_000);
  const result: RetentionResult = { messageBodies: 0, accessMessages: 0, deliveryReports: 0, customersReErased: 0 };
  result.messageBodies = await inBatches((limit) =>
    sql.rows<{ n: number }>(
      `with old as (
         select id from notifications
          where coalesce(sent_at, failed_at, queued_at) < $1
            and (subject is not null or body_text is not null or body_html is not null)
          limit $2 for update skip locked
       ), purged as (
         update notifications n set subject = null, body_text = null, body_html = null, updated_at = now()
           from old where n.id = old.id returning 1
       )
       select count(*)::int as n from purged`,
      [before, limit],
    ),
  );
  result.accessMessages = await deleteOlder(sql, "access_messages", "created_at", before);
  result.deliveryReports = await deleteOlder(sql, "delivery_receipts", "received_at", before);
  // Ingest keeps an erased customer erased (lib/payouts/customer-sql.ts); should a name or
  // address come back anyway (a hand edit), erase it again (dispatch ignores it meanwhile).
  const reErased = await sql.rows<{ n: number }>(
    `with done as (
       update customers set name = $1, email = null, phone = null, time_zone = 'UTC', updated_at = now()
        where erased_at is not null and (email is not null or phone is not null or name <> $1)
       returning 1
     )
     select count(*)::int as n from done`,
    [ERASED_NAME],
  );
  result.customersReErased = reErased[0]?.n ?? 0;
  return result;
}

/** Deletes the rows of `table` whose `column` lies before `before`, in batches; how many. */
function deleteOlder(
  sql: Sql,
  table: "access_messages" | "delivery_receipts",
  column: "created_at" | "received_at",
  before: Date,
): Promise<number> {
  return inBatches((limit) =>
    sql.rows<{ n: number }>(
      `with purged as (
         delete from ${table} where id in (select id from ${table} where ${column} < $1 limit $2)
         returning 1
       )
       select count(*)::int as n from purged`,
      [before, limit],
    ),
  );
}

async function inBatches(batch: (limit: number) => Promise<{ n: number }[]>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = (await batch(BATCH))[0]?.n ?? 0;
    total += n;
    if (n < BATCH) {
      return total;
    }
  }
}
