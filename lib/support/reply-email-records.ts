import type { Db } from "../db/client";

// A support reply's email is recorded in access_messages (the messages that belong to no
// payout event: sign-in links and codes, staff invitations, support replies), one row per
// reply, updated on each try: transport, destination, status (SENT, QUEUED after a
// transient refusal, FAILED, SUPPRESSED by the customer's preferences), the rendered text.

/** `purpose` of a support reply's record in access_messages. */
export const SUPPORT_REPLY_PURPOSE = "SUPPORT_REPLY";

const PREFIX = "inquiry-reply:";

/** The record of one reply's email. */
export const replyEmailRecordId = (messageId: string) => `${PREFIX}${messageId}`;

export interface ReplyEmailStatus {
  status: string;
  transport: string;
  at: Date;
  error: string | null;
}

/** How each reply's email went, by inquiry message id: what the agent sees beside the reply. */
export async function replyEmailStatuses(db: Db, messageIds: string[]): Promise<Map<string, ReplyEmailStatus>> {
  if (messageIds.length === 0) {
    return new Map();
  }
  const rows = await db.accessMessage.findMany({
    where: { id: { in: messageIds.map(replyEmailRecordId) } },
    select: { id: true, status: true, transport: true, createdAt: true, lastError: true },
  });
  return new Map(
    rows.map((r) => [
      r.id.slice(PREFIX.length),
      { status: r.status, transport: r.transport, at: r.createdAt, error: r.lastError },
    ]),
  );
}

export interface OutboxReplyEmail {
  id: string;
  destination: string;
  subject: string | null;
  bodyText: string;
  status: string;
  createdAt: Date;
  customerName: string;
  reference: string;
  inquiryId: string;
}

/** Support reply emails recorded in the dev outbox (transport "outbox"), newest first, with whom and what they were about. */
export async function listOutboxReplyEmails(db: Db, take = 20): Promise<OutboxReplyEmail[]> {
  return db.$queryRaw<OutboxReplyEmail[]>`
    select a.id, a.destination, a.subject, a.body_text as "bodyText", a.status, a.created_at as "createdAt",
           c.name as "customerName", p.reference, i.id as "inquiryId"
      from access_messages a
      join inquiry_messages m on m.id = substr(a.id, ${PREFIX.length + 1}::int)
      join inquiries i on i.id = m.inquiry_id
      join customers c on c.id = i.customer_id
      join payouts p on p.id = i.payout_id
     where a.purpose = ${SUPPORT_REPLY_PURPOSE} and a.transport = 'outbox'
     order by a.created_at desc
     limit ${take}`;
}

/** For the agent (staff pages are in English): how a reply's email went. */
export function describeReplyEmail(
  email: ReplyEmailStatus | null,
  emailedAt: Date | null,
  hasAddress: boolean,
  at: (d: Date) => string,
): string {
  switch (email?.status) {
    case "SENT":
      return `emailed ${at(email.at)}${email.transport === "outbox" ? " (dev outbox)" : ""}`;
    case "SUPPRESSED":
      return "not emailed: the customer turned email off";
    case "FAILED":
      return "email failed";
    case "QUEUED":
      return "email pending (retrying)";
    default:
      // emailedAt: a reply emailed before its emails were recorded
      return emailedAt ? `emailed ${at(emailedAt)}` : hasAddress ? "email pending" : "not emailed: no email address";
  }
}
