import { TZDate } from "@date-fns/tz";
import type { ReasonCode, Stage } from "../payouts/stages";
import type { NotificationKind } from "./kinds";

/** What an applied event tells the customer, decided in the transaction that applied it. */
export interface NotifyDecision {
  kind: NotificationKind;
  /** reaches customers who chose "only important updates" */
  important: boolean;
  /** an SMS that does not wait for the end of quiet hours */
  urgent: boolean;
}

export const NOTIFY_LEVELS = ["ALL", "IMPORTANT", "NONE"] as const;
export type NotifyLevel = (typeof NOTIFY_LEVELS)[number];

/** Stages a customer hears about even with "only important updates". */
const IMPORTANT_STAGES: ReadonlySet<Stage> = new Set(["ACTION_REQUIRED", "COMPLETED", "FAILED", "RETURNED"]);
/** Stages whose SMS ignores quiet hours: the customer must act, or the money is not coming. */
const URGENT_STAGES: ReadonlySet<Stage> = new Set(["ACTION_REQUIRED", "FAILED"]);

/** At most one message a day about a new ETA without a stage change. */
export const ETA_MESSAGE_GAP_MS = 24 * 3_600_000;

/** Default: an ETA that moves later by more than two hours is worth a message. */
export const DEFAULT_ETA_THRESHOLD_MS = 2 * 3_600_000;

/**
 * The part of a payout's state (`PayoutState` in lib/payouts/payout-sql.ts) that decides
 * whether an event notifies. Declared here, not imported, so that the rules stay a leaf
 * that the payout module can depend on.
 */
export interface NotifyState {
  stage: Stage;
  delayed: boolean;
  delayReason: ReasonCode | null;
  note: string | null;
  etaAt: Date | null;
  etaNotifiedAt: Date | null;
}

export type NotifyingSource = "API" | "ADMIN" | "SWEEPER" | "SEED" | "BACKFILL";

/**
 * Whether an applied event notifies, and how. `before` is null for the event that
 * created the payout. One message per event: a stage change outranks a delay, which
 * outranks a moved ETA (the message shows all three anyway).
 */
export function notificationFor(
  before: NotifyState | null,
  after: NotifyState,
  source: NotifyingSource,
  etaThresholdMs = DEFAULT_ETA_THRESHOLD_MS,
  at: Date = new Date(),
): NotifyDecision | null {
  // Demo data and back-filled history describe the past: nobody is told about them now.
  if (source === "SEED" || source === "BACKFILL") {
    return null;
  }
  if (before === null || before.stage !== after.stage) {
    return {
      kind: "STAGE_CHANGED",
      important: IMPORTANT_STAGES.has(after.stage) || after.delayed,
      urgent: URGENT_STAGES.has(after.stage),
    };
  }
  if (after.delayed && (!before.delayed || before.delayReason !== after.delayReason)) {
    return { kind: "DELAYED", important: true, urgent: false };
  }
  // A new ETA on the same stage: at most one message a day, so a payout that keeps slipping
  // does not message its customer at every re-estimate (the page always shows the latest).
  const toldToday = before.etaNotifiedAt !== null && at.getTime() - before.etaNotifiedAt.getTime() < ETA_MESSAGE_GAP_MS;
  if (!toldToday && before.etaAt && after.etaAt && after.etaAt.getTime() - before.etaAt.getTime() > etaThresholdMs) {
    return { kind: "ETA_MOVED", important: true, urgent: false };
  }
  // A note from the team (an admin's or the platform's) reaches the customer once, when it is new.
  if (after.note && after.note !== before.note) {
    return { kind: "NOTE", important: false, urgent: false };
  }
  return null;
}

/** Whether a customer's level for a channel lets this message through. */
export function levelAllows(level: NotifyLevel, important: boolean): boolean {
  return level === "ALL" || (level === "IMPORTANT" && important);
}

/**
 * When quiet hours [startMinute, endMinute) in the customer's zone hold a message sent
 * at `now`: the moment they end, or null when `now` is outside them. The window may
 * span midnight (21:00–08:00). Minutes are after local midnight.
 */
export function quietHoursEnd(
  now: Date,
  timeZone: string,
  startMinute: number | null,
  endMinute: number | null,
): Date | null {
  if (startMinute === null || endMinute === null || startMinute === endMinute) {
    return null;
  }
  const local = new TZDate(now.getTime(), timeZone);
  const minute = local.getHours() * 60 + local.getMinutes();
  const inside =
    startMinute < endMinute ? minute >= startMinute && minute < endMinute : minute >= startMinute || minute < endMinute;
  if (!inside) {
    return null;
  }
  // The end is today when it is still ahead on the local clock, otherwise tomorrow.
  const dayOffset = minute < endMinute ? 0 : 1;
  const end = new TZDate(
    local.getFullYear(),
    local.getMonth(),
    local.getDate() + dayOffset,
    Math.floor(endMinute / 60),
    endMinute % 60,
    timeZone,
  );
  return new Date(end.getTime());
}
