import type { Sql } from "../db/sql";
import type { PayoutMethod } from "../eta/estimate";
import { JOB } from "../jobs/names";
import { customerGuidance } from "../payouts/guidance";
import { type EtaSource, NOTIFY_MAX_ATTEMPTS } from "../payouts/payout-sql";
import type { ReasonCode, Stage } from "../payouts/stages";
import { refreshTemplates } from "../templates/store";
import { trackingToken as deriveToken, maskToken, trackingLinkParams, trackingLinkUpsert } from "../tracking/links";
import { channelAdapter } from "./channels/adapters";
import type {
  EmailChannel,
  NotificationChannelAdapter,
  NotificationRecipient,
  RenderedMessage,
  SendResult,
  SmsChannel,
} from "./channels/types";
import { FALLBACK_CTES } from "./receipts";
import { levelAllows } from "./rules";
import type { MessageContext, NotificationChannel, NotificationKind } from "./types";

export interface DispatchDeps {
  sql: Sql;
  email: EmailChannel;
  sms: SmsChannel;
  /** public base URL for links in messages, without a trailing slash (lib/env.ts `appUrl`) */
  appUrl: string;
  /**
   * Signs tracking links (/t/<token>, a read-only payout view without signing in); unset =
   * links point at the payout page, which needs the customer signed in.
   */
  linkSecret?: string;
  /** how long a tracking link works */
  linkTtlMs?: number;
  now?: () => Date;
  /**
   * A message found SENDING for longer than this was being sent by a worker that died
   * (sends time out well before); a younger one may still be in flight elsewhere.
   */
  sendingLeaseMs?: number;
}

/** What became of one try; "retry" asks the job queue to try again later (with backoff). */
export type DispatchOutcome =
  | { type: "sent"; providerId: string }
  | { type: "already"; status: string }
  | { type: "suppressed"; reason: SuppressedReason }
  | { type: "held"; until: Date }
  | { type: "retry"; error: string }
  | { type: "failed"; error: string; fallbackId: string | null };

export type SuppressedReason = "PREFERENCES" | "OPTED_OUT" | "NO_DESTINATION";

export const DEFAULT_SENDING_LEASE_MS = 90_000;
export const DEFAULT_LINK_TTL_MS = 30 * 86_400_000;

interface ClaimedRow extends NotificationRecipient {
  id: string;
  previous: string;
  previous_sending_at: Date | null;
  last_error: string | null;
  channel: NotificationChannel;
  kind: NotificationKind;
  important: boolean;
  urgent: boolean;
  fallback: boolean;
  sibling_failed: boolean;
  attempts: number;
  held: boolean;
  // the event, as the customer is told about it
  stage: Stage;
  reason_code: ReasonCode | null;
  delayed: boolean;
  delay_reason: ReasonCode | null;
  eta_at: Date | null;
  eta_precision: "TIME" | "DATE" | "UPDATE" | null;
  eta_reason: ReasonCode | null;
  eta_source: EtaSource | null;
  /** the team's note, when this event brought it (events carry their stage's note on) */
  note: string | null;
  /** the ETA shown before this event */
  previous_eta_at: Date | null;
  previous_eta_precision: "TIME" | "DATE" | "UPDATE" | null;
  original_eta_precision: "TIME" | "DATE" | "UPDATE" | null;
  /** the incident notice that moved the ETA, in the customer's language */
  notice_message: string | null;
  // the payout
  payout_id: string;
  reference: string;
  amount_minor: string;
  currency: string;
  method: PayoutMethod;
  destination_label: string;
  original_eta_at: Date | null;
  action_url: string | null;
  external_id: string;
  // the customer, now (NotificationRecipient)
  customer_id: string;
}

/**
 * Sends one notification, at most once per (event, channel):
 * 1. claim it (QUEUED → SENDING, in one statement with everything the message needs);
 *    a message already sent, failed or suppressed is left alone;
 * 2. decide: no address, opted out, preferences, quiet hours (non-urgent SMS wait);
 * 3. render in the customer's language and send through the channel;
 * 4. record the outcome: SENT (with the provider's id and any delivery report that beat
 *    us to it), QUEUED again for a transient error, FAILED for a permanent one, with one
 *    fallback to the customer's other channel.
 * A claim found SENDING means a worker died mid-send: the provider is asked first (SMS),
 * or the email goes again with the same Message-ID, which receiving servers deduplicate.
 * What depends on the channel (address, opt-out, quiet hours, rendering, transport, delivery
 * reports) is its adapter's (channels/adapters.ts); the steps here are the same for every channel.
 */
export async function dispatchNotification(
  id: string,
  deps: DispatchDeps,
  job: { attempt: number; maxAttempts: number } = { attempt: 1, maxAttempts: NOTIFY_MAX_ATTEMPTS },
): Promise<DispatchOutcome> {
  const now = (deps.now ?? (() => new Date()))();
  const lease = deps.sendingLeaseMs ?? DEFAULT_SENDING_LEASE_MS;
  await refreshTemplates(deps.sql);
  const row = await claim(deps.sql, id, now, lease);
  if (!row) {
    const current = await deps.sql.rows<{ status: string }>("select status::text from notifications where id = $1", [
      id,
    ]);
    const status = current[0]?.status ?? "MISSING";
    if (status === "SENDING") {
      return { type: "retry", error: "another worker is sending this message right now" };
    }
    return { type: "already", status };
  }

  const channel = channelAdapter(row.channel, deps);
  const { to: destination, level, optedOut } = channel.contact(row);
  if (!destination) {
    return suppress(deps.sql, row, "NO_DESTINATION");
  }
  if (optedOut) {
    return suppress(deps.sql, row, "OPTED_OUT");
  }
  // A fallback, or a message whose other channel already failed for good, goes out whatever the level.
  // …except "off": a customer who turned a channel off never hears from it, not even as a fallback.
  if (level === "NONE" || (!row.fallback && !row.sibling_failed && !levelAllows(level, row.important))) {
    return suppress(deps.sql, row, "PREFERENCES");
  }
  const until = channel.heldUntil(row, row.urgent, now);
  if (until) {
    await hold(deps.sql, row.id, until);
    return { type: "held", until };
  }

  // The link is recorded with the SENT row (one round trip): it exists whenever a message that carries it does.
  const trackingToken = deps.linkSecret ? deriveToken(deps.linkSecret, row.id) : null;
  const link = trackingToken
    ? {
        token: trackingToken,
        notificationId: row.id,
        payoutId: row.payout_id,
        expiresAt: new Date(now.getTime() + (deps.linkTtlMs ?? DEFAULT_LINK_TTL_MS)),
      }
    : null;
  const context = messageContext(row, deps.appUrl, trackingToken);
  // Where the money is, what happens next, where to act (a stopped payout; none on the happy path).
  context.guidance = await customerGuidance(
    deps.sql,
    {
      stage: row.stage,
      reasonCode: row.reason_code,
      actionUrl: row.action_url,
      reference: row.reference,
      externalId: row.external_id,
    },
    row.locale,
  );
  const { transport } = channel;
  const rendered = await render(channel, context);
  // A broken template: nothing was sent, so the message goes back to the queue (and fails
  // for good after the last try) instead of sitting in SENDING until the lease ends.
  const result: SendResult =
    "error" in rendered
      ? { status: "retry", error: `rendering failed: ${rendered.error}` }
      : await channel.send({
          id: row.id,
          to: destination,
          content: rendered,
          reference: row.reference,
          preferencesUrl: context.preferencesUrl,
          previousTry: { status: row.previous, sendingAt: row.previous_sending_at, lastError: row.last_error },
        });

  const content = "error" in rendered ? { subject: null, text: null, html: null } : rendered;
  // The stored copy is the proof of what was said, not a key: a working tracking link is
  // kept only where the outbox is the delivery (development), masked everywhere else.
  const keep = (text: string | null) =>
    text && trackingToken && transport !== "outbox" ? text.replaceAll(trackingToken, maskToken(trackingToken)) : text;
  const record = [row.id, transport, destination, row.locale, content.subject, keep(content.text), keep(content.html)];
  if (result.status === "sent") {
    await markSent(deps.sql, record, result.providerId, link);
    await channel.afterSent(deps.sql, result.providerId);
    return { type: "sent", providerId: result.providerId };
  }
  if (result.status === "retry" && job.attempt < job.maxAttempts) {
    await deps.sql.run(
      `update notifications set status = 'QUEUED', last_error = $2, updated_at = now() where id = $1 and status = 'SENDING'`,
      [row.id, result.error],
    );
    return { type: "retry", error: result.error };
  }
  const error =
    result.status === "retry" ? `gave up after ${job.attempt} attempts; last: ${result.error}` : result.error;
  const fallbackId = await markFailed(deps.sql, record, error, {
    optedOut: result.status === "failed" && Boolean(result.optedOut),
    customerId: row.customer_id,
    fallback: !row.fallback,
  });
  return { type: "failed", error, fallbackId };
}

async function render(
  channel: NotificationChannelAdapter,
  context: MessageContext,
): Promise<RenderedMessage | { error: string }> {
  try {
    return await channel.render(context);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

async function claim(sql: Sql, id: string, now: Date, leaseMs: number): Promise<ClaimedRow | null> {
  const rows = await sql.rows<ClaimedRow>(
    `with old as (
       select id, status, sending_at from notifications
        where id = $1
          and (status = 'QUEUED' or (status = 'SENDING' and sending_at < $2::timestamptz - make_interval(secs => $3)))
          for update
     ), claimed as (
       update notifications n
          set status = 'SENDING', attempts = n.attempts + 1, sending_at = $2, updated_at = now()
         from old where n.id = old.id
       returning n.*, old.status::text as previous, old.sending_at as previous_sending_at
     )
     select n.id, n.previous, n.previous_sending_at, n.last_error, n.channel::text as channel, n.kind::text as kind, n.important,
            n.urgent, n.fallback, n.attempts, n.scheduled_for is not null as held,
            exists (select 1 from notifications s
                     where s.event_row_id = n.event_row_id and s.id <> n.id
                       and s.status in ('FAILED', 'UNDELIVERED')) as sibling_failed,
            e.stage::text as stage, e.reason_code::text as reason_code, e.delayed, e.delay_reason::text as delay_reason,
            e.eta_at, e.eta_precision::text as eta_precision, e.eta_reason::text as eta_reason,
            e.eta_source::text as eta_source,
            case when e.note is distinct from prev.note or e.stage is distinct from e.from_stage then e.note end as note,
            prev.eta_at as previous_eta_at, prev.eta_precision::text as previous_eta_precision,
            (select f.eta_precision::text from payout_events f
              where f.payout_id = e.payout_id and f.outcome = 'APPLIED' and f.eta_at = p.original_eta_at
              order by f.occurred_at, f.recorded_at limit 1) as original_eta_precision,
            case when c.locale = 'de' then notice.message_de else notice.message_en end as notice_message,
            p.id as payout_id, p.reference, p.amount_minor::text as amount_minor, p.currency, p.method::text as method,
            p.destination_label, p.original_eta_at, p.action_url, p.external_id,
            -- an erased customer (lib/customers/erase.ts) has no address, even if an event brought one again
            c.id as customer_id, c.name, case when c.erased_at is null then c.email end as email,
            case when c.erased_at is null then c.phone end as phone, c.locale::text as locale, c.time_zone,
            c.email_level::text as email_level, c.sms_level::text as sms_level,
            c.sms_opted_out_at is not null as sms_opted_out, c.quiet_hours_start, c.quiet_hours_end
       from claimed n
       join payout_events e on e.id = n.event_row_id
       join payouts p on p.id = n.payout_id
       join customers c on c.id = n.customer_id
       left join lateral (
         select b.note, b.eta_at, b.eta_precision from payout_events b
          where b.payout_id = e.payout_id and b.outcome = 'APPLIED' and b.id <> e.id
            and (b.occurred_at, b.recorded_at) < (e.occurred_at, e.recorded_at)
          order by b.occurred_at desc, b.recorded_at desc limit 1
       ) prev on true
       left join incident_notices notice
         on e.eta_source = 'NOTICE' and notice.id = split_part(e.event_id, '_', 2)`,
    [id, now, leaseMs / 1000],
  );
  return rows[0] ?? null;
}

/** `base`: the app's address without a trailing slash (lib/env.ts `appUrl`). */
function messageContext(row: ClaimedRow, base: string, trackingToken: string | null): MessageContext {
  return {
    kind: row.kind,
    locale: row.locale,
    timeZone: row.time_zone,
    firstName: row.name.trim().split(/\s+/)[0] ?? row.name,
    payout: {
      reference: row.reference,
      amountMinor: BigInt(row.amount_minor),
      currency: row.currency.trim(),
      method: row.method,
      destinationLabel: row.destination_label,
      stage: row.stage,
      reasonCode: row.reason_code,
      delayed: row.delayed,
      delayReason: row.delay_reason,
      etaAt: row.eta_at,
      etaPrecision: row.eta_precision,
      originalEtaAt:
        row.original_eta_at && row.eta_at && row.original_eta_at.getTime() !== row.eta_at.getTime()
          ? row.original_eta_at
          : null,
      originalEtaPrecision: row.original_eta_precision,
      previousEta: row.previous_eta_at ? { at: row.previous_eta_at, precision: row.previous_eta_precision } : null,
      etaReason: row.eta_reason,
      etaSource: row.eta_source,
      note: row.note,
      noticeMessage: row.notice_message,
    },
    trackingUrl: trackingToken ? `${base}/t/${trackingToken}` : `${base}/payouts/${row.reference}`,
    preferencesUrl: `${base}/preferences`,
  };
}

async function suppress(sql: Sql, row: ClaimedRow, reason: SuppressedReason): Promise<DispatchOutcome> {
  await sql.run(
    `update notifications set status = 'SUPPRESSED', suppressed_reason = $2, attempts = attempts - 1, updated_at = now()
      where id = $1 and status = 'SENDING'`,
    [row.id, reason],
  );
  return { type: "suppressed", reason };
}

/** Back to the queue until quiet hours end, with a job of its own for that moment. */
async function hold(sql: Sql, id: string, until: Date): Promise<void> {
  await sql.run(
    `with held as (
       update notifications set status = 'QUEUED', scheduled_for = $2, attempts = attempts - 1, updated_at = now()
        where id = $1 and status = 'SENDING'
       returning id
     )
     select graphile_worker.add_job('${JOB.notify}', json_build_object('id', held.id), run_at := $2::timestamptz,
              max_attempts := ${NOTIFY_MAX_ATTEMPTS}, job_key := 'notify:' || held.id || ':held')
       from held`,
    [id, until],
  );
}

/**
 * SENT, with the tracking link the message carries. Any delivery report that beat us to it
 * (Twilio can call back within milliseconds of accepting) is applied afterwards by the
 * channel (afterSent), in a statement of its own once SENT is committed, so that a report
 * recorded meanwhile is not missed (see receipts.ts recordTwilioStatus).
 */
async function markSent(
  sql: Sql,
  record: unknown[],
  providerId: string,
  link: Parameters<typeof trackingLinkParams>[0] | null,
): Promise<void> {
  await sql.run(
    `${link ? `with link as (${trackingLinkUpsert(9)}) ` : ""}update notifications set
       status = 'SENT', transport = $2, destination = $3, locale = $4::"Locale", subject = $5, body_text = $6,
       body_html = $7, provider_id = $8, sent_at = now(), last_error = null, updated_at = now()
     where id = $1 and status = 'SENDING'`,
    [...record, providerId, ...(link ? trackingLinkParams(link) : [])],
  );
}

/**
 * FAILED, the number opted out if the provider says so, and one fallback to the other
 * channel — in one statement, so that nobody sees the failure without its fallback (and a
 * crash cannot record one without the other).
 */
async function markFailed(
  sql: Sql,
  record: unknown[],
  error: string,
  options: { optedOut: boolean; customerId: string; fallback: boolean },
): Promise<string | null> {
  const rows = await sql.rows<{ fallback_id: string | null }>(
    `with recorded as (
       update notifications set
         status = 'FAILED', transport = $2, destination = $3, locale = $4::"Locale", subject = $5, body_text = $6,
         body_html = $7, last_error = $8, failed_at = now(), updated_at = now()
       where id = $1 and status = 'SENDING'
       returning *
     ), opted_out as (
       update customers set sms_opted_out_at = coalesce(sms_opted_out_at, now()), updated_at = now()
        where $9::boolean and id = $10 and exists (select 1 from recorded)
     ), failed as (
       -- Only the try that recorded the failure falls back (not one that lost a race for the row).
       select * from recorded where $11::boolean
     ), ${FALLBACK_CTES}
     select (select id from fallback_job) as fallback_id`,
    [...record, error, options.optedOut, options.customerId, options.fallback],
  );
  return rows[0]?.fallback_id ?? null;
}
