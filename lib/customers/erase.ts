import { recordAudit } from "../audit/log";
import type { Db } from "../db/client";
import { prismaSql } from "../db/sql";

export const ERASED_NAME = "Erased customer";
export const ERASED_TEXT = "[erased]";

export type EraseResult =
  | {
      ok: true;
      payoutsKept: number;
      messagesCleared: number;
      messagesStopped: number;
      inquiryMessagesCleared: number;
      linksRevoked: number;
      sessionsEnded: number;
    }
  | { ok: false; code: "NOT_FOUND" | "ALREADY_ERASED"; message: string };

/**
 * Erases a customer's personal data (a data-protection erasure request), in one transaction:
 * - the customer row stays (payouts and their events are kept for accounting, under the
 *   platform's pseudonymous external id) with name, email, phone, time zone, quiet hours and
 *   preferences replaced, marked erased (no message is ever sent to it again);
 * - messages keep their status and times but lose address and text; those still queued are
 *   not sent; providers' delivery reports for them are deleted;
 * - question threads keep their shape (for support figures) with every text replaced, survey
 *   comments deleted (scores kept);
 * - tracking links revoked; sign-in sessions ended, and the sign-in identity, codes and
 *   sign-in messages of its addresses deleted (unless another customer or a staff member
 *   still uses the address);
 * - audited (CUSTOMER_ERASED) with counts only: the audit log must not keep what was erased.
 */
export async function eraseCustomer(
  db: Db,
  input: { customerId: string; staffId: string },
  now: Date = new Date(),
): Promise<EraseResult> {
  return db.$transaction(async (tx) => {
    const sql = prismaSql(tx);
    const [customer] = await sql.rows<{
      id: string;
      external_id: string;
      email: string | null;
      phone: string | null;
      erased_at: Date | null;
    }>("select id, external_id, email, phone, erased_at from customers where id = $1 for update", [input.customerId]);
    if (!customer) {
      return { ok: false, code: "NOT_FOUND", message: "No such customer." };
    }
    if (customer.erased_at) {
      return { ok: false, code: "ALREADY_ERASED", message: "This customer's data was already erased." };
    }
    const addresses = [customer.email, customer.phone].filter((a): a is string => Boolean(a));
    const count = async (text: string, values: unknown[]) =>
      (
        await sql.rows<{ n: number }>(`with done as (${text} returning 1) select count(*)::int as n from done`, values)
      )[0]?.n ?? 0;

    const payoutsKept =
      (await sql.rows<{ n: number }>("select count(*)::int as n from payouts where customer_id = $1", [customer.id]))[0]
        ?.n ?? 0;
    await sql.run(
      `update customers set name = $2, email = null, phone = null, time_zone = 'UTC', email_level = 'NONE',
              sms_level = 'NONE', sms_opted_out_at = null, quiet_hours_start = null, quiet_hours_end = null,
              erased_at = $3, erased_by = $4, updated_at = $3
        where id = $1`,
      [customer.id, ERASED_NAME, now, input.staffId],
    );
    // Reports first: they are found through the messages' provider ids.
    await sql.run(
      `delete from delivery_receipts where provider_id in
         (select provider_id from notifications where customer_id = $1 and provider_id is not null)`,
      [customer.id],
    );
    const messagesStopped = await count(
      `update notifications set status = 'SUPPRESSED', suppressed_reason = 'NO_DESTINATION', updated_at = $2
        where customer_id = $1 and status in ('QUEUED', 'SENDING')`,
      [customer.id, now],
    );
    const messagesCleared = await count(
      `update notifications set destination = null, subject = null, body_text = null, body_html = null,
              last_error = null, updated_at = $2
        where customer_id = $1`,
      [customer.id, now],
    );
    const inquiryMessagesCleared = await count(
      `update inquiry_messages set body = $2 where inquiry_id in (select id from inquiries where customer_id = $1)`,
      [customer.id, ERASED_TEXT],
    );
    await sql.run("update feedback_surveys set comment = null where customer_id = $1", [customer.id]);
    const linksRevoked = await count(
      `update tracking_links set revoked_at = $2, revoked_by = $3
        where revoked_at is null and payout_id in (select id from payouts where customer_id = $1)`,
      [customer.id, now, input.staffId],
    );
    let sessionsEnded = 0;
    if (addresses.length > 0) {
      sessionsEnded = await count(
        `delete from auth_sessions where user_id in
           (select id from auth_users where email = any($1::text[]) or phone = any($1::text[]))`,
        [addresses],
      );
      // An address another customer (or a staff member) still has stays usable for them.
      await sql.run(
        `delete from auth_users u
          where (u.email = any($1::text[]) or u.phone = any($1::text[]))
            and not exists (select 1 from customers c where c.erased_at is null and (c.email = u.email or c.phone = u.phone))
            and not exists (select 1 from staff_users s where s.email = u.email)`,
        [addresses],
      );
      await sql.run("delete from auth_verification_tokens where identifier = any($1::text[])", [addresses]);
      await sql.run("delete from access_messages where destination = any($1::text[])", [addresses]);
      if (customer.phone) {
        await sql.run("delete from sign_in_codes where phone = $1", [customer.phone]);
        await sql.run("delete from sign_in_failures where phone = $1", [customer.phone]);
      }
    }
    const counts = {
      payoutsKept,
      messagesCleared,
      messagesStopped,
      inquiryMessagesCleared,
      linksRevoked,
      sessionsEnded,
    };
    await recordAudit(tx, {
      staffId: input.staffId,
      action: "CUSTOMER_ERASED",
      target: `customer ${customer.external_id}`,
      before: { erased: false },
      after: { erased: true, ...counts },
      at: now,
    });
    return { ok: true as const, ...counts };
  });
}

/** Records that an admin downloaded a customer's data (who, when, whose). */
export async function auditCustomerExport(db: Db, input: { customerId: string; externalId: string; staffId: string }) {
  await recordAudit(db, {
    staffId: input.staffId,
    action: "CUSTOMER_EXPORTED",
    target: `customer ${input.externalId}`,
    before: {},
    after: { exported: true },
  });
}
