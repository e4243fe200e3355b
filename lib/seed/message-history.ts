import type { AppLocale } from "../../i18n/locale";
import { classifySmtpError } from "../notifications/channels/email";
import { classifyTwilioError } from "../notifications/channels/sms";
import { ZTwilioStatusCallback } from "../notifications/receipts";
import { DEFAULT_ETA_THRESHOLD_MS, levelAllows, notificationFor, quietHoursEnd } from "../notifications/rules";
import type { NotificationChannel, NotificationKind } from "../notifications/types";
import type { PayoutState } from "../payouts/payout-sql";
import { type Rng, randomId } from "./random";
import { HOUR, type SeededCustomer, type SeededEvent, type SeededPayout } from "./timeline";

// The messages the seeded history would have sent: for every event, one row per channel the
// customer has an address for, decided by the product's rules (lib/notifications/rules.ts:
// what notifies, what is important or urgent; the customer's levels; quiet hours) and with
// the outcomes the dispatcher records (lib/notifications/dispatch.ts, receipts.ts): sent,
// delivered by Twilio's status callbacks, a few permanent failures with their one fallback,
// a few undelivered SMS. The seeded past ran with real providers (SMTP and Twilio), so its
// messages are not in the dev outbox, and their texts were not kept (only what became of them).

export interface PlannedNotification {
  id: string;
  eventRowId: string;
  payoutId: string;
  customerId: string;
  channel: NotificationChannel;
  kind: NotificationKind;
  important: boolean;
  urgent: boolean;
  fallback: boolean;
  status: "SENT" | "DELIVERED" | "FAILED" | "UNDELIVERED" | "SUPPRESSED";
  transport: "smtp" | "twilio" | null;
  destination: string | null;
  locale: AppLocale | null;
  providerId: string | null;
  attempts: number;
  lastError: string | null;
  suppressedReason: "PREFERENCES" | "OPTED_OUT" | null;
  scheduledFor: Date | null;
  queuedAt: Date;
  sendingAt: Date | null;
  sentAt: Date | null;
  deliveredAt: Date | null;
  failedAt: Date | null;
  updatedAt: Date;
}

export interface PlannedReceipt {
  id: string;
  provider: "twilio";
  providerId: string;
  status: string;
  errorCode: string | null;
  receivedAt: Date;
  payload: Record<string, string>;
}

export interface MessageInput {
  rng: Rng;
  now: Date;
  payouts: readonly SeededPayout[];
  customers: ReadonlyMap<string, SeededCustomer>;
  /** an hour in which a carrier lost most text messages (the notification-failure alert) */
  carrierTrouble?: { from: Date; until: Date };
}

const EMAIL_BOUNCE = 0.012;
const EMAIL_RETRIED = 0.03;
const SMS_REFUSED = 0.004;
const SMS_UNDELIVERED = 0.025;
/** No failure in the last hours: the alert check compares the last hour with the week before. */
const QUIET_BEFORE_NOW = 2 * HOUR;

/**
 * The payout's state right after a seeded event, as far as the event tells it: what
 * notificationFor() compares. The seeded history sends no ETA-only messages (etaNotifiedAt).
 */
function stateAfter(e: SeededEvent): PayoutState {
  return {
    stage: e.stage,
    pausedFrom: null,
    reasonCode: e.reasonCode,
    note: null,
    delayed: e.delayed,
    delayReason: e.delayReason,
    etaAt: e.etaAt,
    originalEtaAt: null,
    etaReason: null,
    etaPrecision: null,
    etaSource: null,
    etaTypicalAt: null,
    etaNotifiedAt: null,
    stageEnteredAt: e.occurredAt,
    lastEventAt: e.occurredAt,
  };
}

/**
 * The seeded events are recorded with source SEED (which never notifies now); what they
 * would have sent when they happened is decided as for the payout system's own events.
 */
function decide(before: SeededEvent | undefined, after: SeededEvent) {
  return notificationFor(
    before ? stateAfter(before) : null,
    stateAfter(after),
    "API",
    DEFAULT_ETA_THRESHOLD_MS,
    after.occurredAt,
  );
}

export function planMessages(input: MessageInput): {
  notifications: PlannedNotification[];
  receipts: PlannedReceipt[];
} {
  const { rng, now } = input;
  const notifications: PlannedNotification[] = [];
  const receipts: PlannedReceipt[] = [];
  const mayFail = (at: Date) => at.getTime() < now.getTime() - QUIET_BEFORE_NOW;
  const inTrouble = (at: Date) =>
    input.carrierTrouble !== undefined && at >= input.carrierTrouble.from && at < input.carrierTrouble.until;
  const clamp = (ms: number) => new Date(Math.min(ms, now.getTime()));

  /** A Twilio send and its status callbacks; the row moves SENT → DELIVERED / UNDELIVERED, never past now. */
  const sendSms = (row: PlannedNotification, customer: SeededCustomer, at: Date) => {
    const sid = `SM${randomId(16)}`;
    Object.assign(row, {
      transport: "twilio",
      destination: customer.phone,
      locale: customer.locale,
      attempts: 1,
      sendingAt: at,
      updatedAt: at,
    });
    if (mayFail(at) && rng.chance(SMS_REFUSED)) {
      const refused = classifyTwilioError({
        status: 400,
        code: 21614,
        message: "'To' number is not a valid mobile number",
      });
      Object.assign(row, { status: "FAILED", failedAt: at, lastError: "error" in refused ? refused.error : null });
      return;
    }
    const sentAt = new Date(at.getTime() + rng.int(300, 1_500));
    Object.assign(row, { status: "SENT", providerId: sid, sentAt, updatedAt: sentAt });
    const undelivered = mayFail(at) && rng.chance(inTrouble(at) ? 0.85 : SMS_UNDELIVERED);
    const final = new Date(sentAt.getTime() + rng.int(2_000, 40_000));
    for (const [status, receivedAt] of [
      ["sent", new Date(sentAt.getTime() + rng.int(300, 1_500))],
      [undelivered ? "undelivered" : "delivered", final],
    ] as const) {
      if (receivedAt > now) {
        break;
      }
      const errorCode =
        status === "undelivered" ? (inTrouble(at) ? "30008" : rng.pick(["30003", "30005", "30006"])) : null;
      const payload = ZTwilioStatusCallback.parse({
        MessageSid: sid,
        MessageStatus: status,
        ...(errorCode ? { ErrorCode: errorCode } : {}),
      });
      receipts.push({
        id: `rcpt_${randomId(16)}`,
        provider: "twilio",
        providerId: sid,
        status,
        errorCode,
        receivedAt,
        payload: { ...payload, ApiVersion: "2010-04-01" },
      });
      if (status === "delivered") {
        Object.assign(row, { status: "DELIVERED", deliveredAt: receivedAt, updatedAt: receivedAt });
      } else if (status === "undelivered") {
        Object.assign(row, {
          status: "UNDELIVERED",
          failedAt: receivedAt,
          updatedAt: receivedAt,
          lastError: `Twilio reported undelivered (error ${errorCode})`,
        });
      }
    }
  };

  for (const payout of input.payouts) {
    const customer = input.customers.get(payout.customerId);
    if (!customer) {
      continue;
    }
    payout.events.forEach((event, i) => {
      const decision = decide(payout.events[i - 1], event);
      if (!decision) {
        return;
      }
      const queuedAt = event.recordedAt;
      const row = (channel: NotificationChannel): PlannedNotification => ({
        id: `${event.id}:${channel}`,
        eventRowId: event.id,
        payoutId: payout.id,
        customerId: customer.id,
        channel,
        ...decision,
        fallback: false,
        status: "SUPPRESSED",
        transport: null,
        destination: null,
        locale: null,
        providerId: null,
        attempts: 0,
        lastError: null,
        suppressedReason: null,
        scheduledFor: null,
        queuedAt,
        sendingAt: null,
        sentAt: null,
        deliveredAt: null,
        failedAt: null,
        updatedAt: queuedAt,
      });

      let email: PlannedNotification | null = null;
      if (customer.email) {
        email = row("EMAIL");
        if (customer.emailLevel === "NONE" || !levelAllows(customer.emailLevel, decision.important)) {
          email.suppressedReason = "PREFERENCES";
        } else {
          const sendingAt = new Date(queuedAt.getTime() + rng.int(200, 2_500));
          Object.assign(email, { transport: "smtp", destination: customer.email, locale: customer.locale, sendingAt });
          if (mayFail(sendingAt) && rng.chance(EMAIL_BOUNCE)) {
            const bounce = classifySmtpError({ responseCode: 550, message: "5.1.1 Mailbox unavailable" });
            const failedAt = new Date(sendingAt.getTime() + rng.int(200, 1_500));
            Object.assign(email, {
              status: "FAILED",
              attempts: 1,
              failedAt,
              updatedAt: failedAt,
              lastError: "error" in bounce ? bounce.error : null,
            });
          } else {
            // Now and then the first try met a busy server (4xx) and the retry a few seconds later went through.
            const attempts = mayFail(sendingAt) && rng.chance(EMAIL_RETRIED) ? 2 : 1;
            const sentAt = clamp(sendingAt.getTime() + (attempts - 1) * rng.int(2_700, 6_000) + rng.int(150, 1_200));
            Object.assign(email, {
              status: "SENT",
              attempts,
              sentAt,
              updatedAt: sentAt,
              providerId: `<${email.id.replace(":", ".")}@payout-tracker>`,
            });
          }
        }
        notifications.push(email);
      }

      if (customer.phone) {
        const sms = row("SMS");
        const emailFailed = email?.status === "FAILED";
        if (customer.smsOptedOutAt && customer.smsOptedOutAt <= queuedAt) {
          sms.suppressedReason = "OPTED_OUT";
        } else if (
          customer.smsLevel === "NONE" ||
          (!emailFailed && !levelAllows(customer.smsLevel, decision.important))
        ) {
          sms.suppressedReason = "PREFERENCES";
        } else {
          // A failed email falls back once to SMS (queueFallback), also past the customer's level.
          const fallback = emailFailed && !levelAllows(customer.smsLevel, decision.important);
          const from = fallback && email?.failedAt ? email.failedAt : queuedAt;
          const claimed = new Date(from.getTime() + rng.int(200, 2_500));
          const held = decision.urgent
            ? null
            : quietHoursEnd(claimed, customer.timeZone, customer.quietHoursStart, customer.quietHoursEnd);
          const at = held ? new Date(held.getTime() + rng.int(200, 2_500)) : claimed;
          if (at > now) {
            // Still held by quiet hours: the seed queues nothing, so this text is left out.
            return;
          }
          Object.assign(sms, { fallback, scheduledFor: held });
          sendSms(sms, customer, at);
        }
        notifications.push(sms);
      }
    });
  }
  return { notifications, receipts };
}
