import { randomUUID } from "node:crypto";
import type { AppLocale } from "../i18n/locale";
import { getDb, getPgPool } from "../lib/db/client";
import { poolSql, type Sql } from "../lib/db/sql";
import { type ApplyEventInput, applyEvent } from "../lib/payouts/apply-event";
import type { Stage } from "../lib/payouts/stages";

// Helpers for the notification pipeline's integration tests (lib/notifications, lib/jobs).

/** Plain SQL on the test file's database, as the worker and the webhooks use it. */
export function testSql(): Sql {
  return poolSql(getPgPool());
}

export interface CustomerOptions {
  /** null = no email address */
  email?: string | null;
  /** null = no phone number */
  phone?: string | null;
  locale?: AppLocale;
  timeZone?: string;
  name?: string;
  emailLevel?: "ALL" | "IMPORTANT" | "NONE";
  smsLevel?: "ALL" | "IMPORTANT" | "NONE";
  /** minutes after local midnight; null = no quiet hours */
  quietHoursStart?: number | null;
  quietHoursEnd?: number | null;
  smsOptedOutAt?: Date | null;
}

let phoneCounter = 0;

/** A customer with a random address and number unless told otherwise (numbers are E.164, unique per process). */
export async function createNotifiedCustomer(options: CustomerOptions = {}) {
  const id = randomUUID().slice(0, 8);
  phoneCounter += 1;
  const phone = `+49151${String(process.pid % 1000).padStart(3, "0")}${String(phoneCounter).padStart(5, "0")}`;
  return getDb().customer.create({
    data: {
      externalId: `cus_${id}`,
      name: options.name ?? "Ada Lovelace",
      email: options.email === undefined ? `ada.${id}@example.com` : options.email,
      phone: options.phone === undefined ? phone : options.phone,
      locale: options.locale ?? "en",
      timeZone: options.timeZone ?? "Europe/Berlin",
      emailLevel: options.emailLevel ?? "ALL",
      smsLevel: options.smsLevel ?? "IMPORTANT",
      quietHoursStart: options.quietHoursStart === undefined ? 1260 : options.quietHoursStart,
      quietHoursEnd: options.quietHoursEnd === undefined ? 480 : options.quietHoursEnd,
      smsOptedOutAt: options.smsOptedOutAt ?? null,
    },
  });
}

/** Event times in these tests; the clock given to applyEvent is always later. */
export const T0 = new Date("2026-11-23T09:00:00Z");
const CLOCK = () => new Date("2027-01-01T00:00:00Z");

/** A payout created by a back-filled event: it exists, and nobody was told (no notifications, no jobs). */
export async function createQuietPayout(customerId: string, stage: Stage = "REQUESTED", at: Date = T0) {
  const result = await applyEvent(
    {
      eventId: `evt_${randomUUID()}`,
      occurredAt: at,
      source: { kind: "BACKFILL" },
      stage,
      payout: {
        externalId: `po_${randomUUID()}`,
        create: { customerId, amountMinor: 125_000n, currency: "EUR", method: "SEPA", destinationLabel: "DE•• 1234" },
      },
    },
    { now: CLOCK },
  );
  if (!result.ok) {
    throw new Error(result.message);
  }
  return getDb().payout.findUniqueOrThrow({ where: { id: result.payoutId } });
}

let minute = 0;

/** Applies an event to a payout (API source, a fresh event id, a time after every earlier one unless given). */
export async function applyTo(payoutId: string, patch: Partial<ApplyEventInput> = {}) {
  minute += 1;
  const input: ApplyEventInput = {
    eventId: `evt_${randomUUID()}`,
    occurredAt: new Date(T0.getTime() + minute * 60_000),
    source: { kind: "API" },
    payout: { id: payoutId },
    ...patch,
  };
  const result = await applyEvent(input, { now: CLOCK });
  return { input, result };
}

export interface NotificationRow {
  id: string;
  event_row_id: string;
  channel: "EMAIL" | "SMS";
  kind: string;
  important: boolean;
  urgent: boolean;
  fallback: boolean;
  status: string;
  suppressed_reason: string | null;
  last_error: string | null;
  attempts: number;
  provider_id: string | null;
  scheduled_for: Date | null;
  sent_at: Date | null;
  delivered_at: Date | null;
  failed_at: Date | null;
  destination: string | null;
  subject: string | null;
  body_text: string | null;
}

export async function notificationsOf(payoutId: string): Promise<NotificationRow[]> {
  return testSql().rows<NotificationRow>(
    `select id, event_row_id, channel::text as channel, kind::text as kind, important, urgent, fallback,
            status::text as status, suppressed_reason, last_error, attempts, provider_id, scheduled_for, sent_at,
            delivered_at, failed_at, destination, subject, body_text
       from notifications where payout_id = $1 order by queued_at, id`,
    [payoutId],
  );
}

export async function notification(id: string): Promise<NotificationRow> {
  const rows = await testSql().rows<NotificationRow>(
    `select id, event_row_id, channel::text as channel, kind::text as kind, important, urgent, fallback,
            status::text as status, suppressed_reason, last_error, attempts, provider_id, scheduled_for, sent_at,
            delivered_at, failed_at, destination, subject, body_text
       from notifications where id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) {
    throw new Error(`no notification ${id}`);
  }
  return row;
}

export interface JobRow {
  key: string | null;
  task_identifier: string;
  run_at: Date;
  attempts: number;
  max_attempts: number;
  payload: { id: string };
}

/** graphile-worker's queue, every job (optionally only those of the given notification ids). */
export async function jobs(ids?: string[]): Promise<JobRow[]> {
  const rows = await testSql().rows<JobRow>(
    `select j.key, t.identifier as task_identifier, j.run_at, j.attempts, j.max_attempts, j.payload
       from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      order by j.id`,
  );
  return ids ? rows.filter((job) => ids.includes(job.payload.id)) : rows;
}

/** The id of the applied event row (payout_events.id) for a sender's event id. */
export async function eventRowId(eventId: string): Promise<string> {
  const rows = await testSql().rows<{ id: string }>("select id from payout_events where event_id = $1", [eventId]);
  const row = rows[0];
  if (!row) {
    throw new Error(`no event ${eventId}`);
  }
  return row.id;
}

/** Polls until `probe` returns a value that is not undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  { timeoutMs = 10_000, intervalMs = 50, message = "condition" } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`${message} not met within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
