import { z } from "zod";
import type { Prisma } from "../db/client";
import { getDb, getPgPool } from "../db/client";
import { poolSql } from "../db/sql";
import type { Stage } from "../payouts/stages";
import { maskDestination } from "./redact";
import type { NotifyLevel } from "./rules";
import type { NotificationChannel, NotificationKind } from "./types";
import { NOTIFICATION_CHANNELS } from "./types";

export type NotificationStatus = "QUEUED" | "SENDING" | "SENT" | "DELIVERED" | "FAILED" | "UNDELIVERED" | "SUPPRESSED";
export type SuppressedReason = "PREFERENCES" | "OPTED_OUT" | "NO_DESTINATION";

/** One channel's message about one event, as the customer is shown it. */
export interface ChannelNotice {
  channel: NotificationChannel;
  status: NotificationStatus;
  /** when it reached that status; for a message held by quiet hours, when it will go */
  at: Date;
  /** queued, but waiting for the end of the customer's quiet hours */
  held: boolean;
  suppressedReason: SuppressedReason | null;
  /** sent because the other channel failed */
  fallback: boolean;
}

/** One event the customer was (or would have been) told about, with its messages per channel. */
export interface NotifiedEvent {
  eventId: string;
  occurredAt: Date;
  kind: NotificationKind;
  /** the stage after the event */
  stage: Stage;
  delayed: boolean;
  channels: ChannelNotice[];
}

interface RawNotice {
  channel: NotificationChannel;
  kind: NotificationKind;
  status: NotificationStatus;
  suppressed_reason: string | null;
  fallback: boolean;
  scheduled_for: Date | null;
  queued_at: Date;
  sent_at: Date | null;
  delivered_at: Date | null;
  failed_at: Date | null;
  event_id: string;
  stage: Stage;
  occurred_at: Date;
  recorded_at: Date;
  delayed: boolean;
}

const SUPPRESSED_REASONS = new Set<string>(["PREFERENCES", "OPTED_OUT", "NO_DESTINATION"]);

function suppressedReason(value: string | null): SuppressedReason | null {
  return value !== null && SUPPRESSED_REASONS.has(value) ? (value as SuppressedReason) : null;
}

/**
 * The proof of what a customer was told about one payout: per notified event (newest
 * first) each channel's status. The customer is part of the lookup, so another
 * customer's payout id finds nothing.
 */
export async function listPayoutNotifications(
  customerId: string,
  payout: string | { reference: string },
): Promise<NotifiedEvent[]> {
  // One plain SQL read (every payout page asks): by id, or by reference so that the page
  // can ask at the same time as for the payout.
  const byReference = typeof payout !== "string";
  const raw = await poolSql(getPgPool()).rows<RawNotice>(
    `select n.channel::text as channel, n.kind::text as kind, n.status::text as status,
            n.suppressed_reason, n.fallback, n.scheduled_for, n.queued_at, n.sent_at, n.delivered_at, n.failed_at,
            e.id as event_id, e.stage::text as stage, e.occurred_at, e.recorded_at, e.delayed
       from notifications n
       join payout_events e on e.id = n.event_row_id
       ${byReference ? "join payouts p on p.id = n.payout_id and p.reference = $2" : ""}
      where n.customer_id = $1 ${byReference ? "" : "and n.payout_id = $2"}`,
    [customerId, typeof payout === "string" ? payout : payout.reference],
  );
  const rows = raw.map((r) => ({
    channel: r.channel,
    kind: r.kind,
    status: r.status,
    suppressedReason: r.suppressed_reason,
    fallback: r.fallback,
    scheduledFor: r.scheduled_for,
    queuedAt: r.queued_at,
    sentAt: r.sent_at,
    deliveredAt: r.delivered_at,
    failedAt: r.failed_at,
    event: { id: r.event_id, stage: r.stage, occurredAt: r.occurred_at, recordedAt: r.recorded_at, delayed: r.delayed },
  }));

  const byEvent = new Map<string, NotifiedEvent & { recordedAt: Date }>();
  for (const row of rows) {
    let event = byEvent.get(row.event.id);
    if (!event) {
      event = {
        eventId: row.event.id,
        occurredAt: row.event.occurredAt,
        recordedAt: row.event.recordedAt,
        kind: row.kind,
        stage: row.event.stage,
        delayed: row.event.delayed,
        channels: [],
      };
      byEvent.set(row.event.id, event);
    }
    const held = row.status === "QUEUED" && row.scheduledFor !== null;
    event.channels.push({
      channel: row.channel,
      status: row.status,
      at: row.deliveredAt ?? row.sentAt ?? row.failedAt ?? row.scheduledFor ?? row.queuedAt,
      held,
      suppressedReason: row.status === "SUPPRESSED" ? suppressedReason(row.suppressedReason) : null,
      fallback: row.fallback,
    });
  }

  const channelOrder = (c: NotificationChannel) => NOTIFICATION_CHANNELS.indexOf(c);
  return [...byEvent.values()]
    .sort(
      (a, b) =>
        b.occurredAt.getTime() - a.occurredAt.getTime() ||
        b.recordedAt.getTime() - a.recordedAt.getTime() ||
        (a.eventId < b.eventId ? 1 : -1),
    )
    .map(({ recordedAt: _recordedAt, ...event }) => ({
      ...event,
      channels: event.channels.sort((a, b) => channelOrder(a.channel) - channelOrder(b.channel)),
    }));
}

/** What the preferences page shows and edits. */
export interface NotificationPreferences {
  emailLevel: NotifyLevel;
  smsLevel: NotifyLevel;
  /** set by an inbound STOP (or a provider's opt-out error); only START clears it */
  smsOptedOutAt: Date | null;
  /** minutes after local midnight; null = no quiet hours */
  quietHoursStart: number | null;
  quietHoursEnd: number | null;
  timeZone: string;
  /** where messages go, masked for the screen; null = no address on file */
  email: string | null;
  phone: string | null;
}

export async function getNotificationPreferences(customerId: string): Promise<NotificationPreferences | null> {
  const row = await getDb().customer.findUnique({
    where: { id: customerId },
    select: {
      emailLevel: true,
      smsLevel: true,
      smsOptedOutAt: true,
      quietHoursStart: true,
      quietHoursEnd: true,
      timeZone: true,
      email: true,
      phone: true,
    },
  });
  if (!row) {
    return null;
  }
  return {
    ...row,
    email: row.email ? maskDestination(row.email) : null,
    phone: row.phone ? maskDestination(row.phone) : null,
  };
}

export const OUTBOX_PAGE_SIZE = 25;

/** Admin dev outbox filters, from the query string. */
export const ZOutboxFilters = z.object({
  channel: z.enum(NOTIFICATION_CHANNELS).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type TOutboxFilters = z.infer<typeof ZOutboxFilters>;

const outboxRowSelect = {
  id: true,
  channel: true,
  status: true,
  destination: true,
  subject: true,
  bodyText: true,
  queuedAt: true,
  sentAt: true,
  fallback: true,
  customer: { select: { name: true } },
  payout: { select: { reference: true } },
} satisfies Prisma.NotificationSelect;

export type OutboxRow = Prisma.NotificationGetPayload<{ select: typeof outboxRowSelect }>;

/** Messages recorded instead of sent (no SMTP_URL / TWILIO_*), newest first. */
export async function listOutbox(
  filters: TOutboxFilters,
): Promise<{ rows: OutboxRow[]; total: number; pages: number; page: number }> {
  const where: Prisma.NotificationWhereInput = { transport: "outbox" };
  if (filters.channel) {
    where.channel = filters.channel;
  }
  const db = getDb();
  const [total, rows] = await Promise.all([
    db.notification.count({ where }),
    db.notification.findMany({
      where,
      // (transport, queued_at desc) is indexed for this list.
      orderBy: [{ queuedAt: "desc" }, { id: "desc" }],
      skip: (filters.page - 1) * OUTBOX_PAGE_SIZE,
      take: OUTBOX_PAGE_SIZE,
      select: outboxRowSelect,
    }),
  ]);
  return { rows, total, pages: Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE)), page: filters.page };
}

const outboxMessageSelect = {
  ...outboxRowSelect,
  kind: true,
  locale: true,
  bodyHtml: true,
  event: { select: { stage: true } },
} satisfies Prisma.NotificationSelect;

export type OutboxMessage = Prisma.NotificationGetPayload<{ select: typeof outboxMessageSelect }>;

/** One recorded message; null for an unknown id or a message a real provider sent. */
export async function getOutboxMessage(id: string): Promise<OutboxMessage | null> {
  return getDb().notification.findFirst({ where: { id, transport: "outbox" }, select: outboxMessageSelect });
}
