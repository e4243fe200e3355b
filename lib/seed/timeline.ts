import type { AppLocale } from "../../i18n/locale";
import type { PayoutMethod } from "../eta/estimate";
import type { NotifyLevel } from "../notifications/rules";
import type { ReasonCode, Stage } from "../payouts/stages";
import type { PlannedEvent } from "./history";

// The seeded payouts as the activity planners (support, feedback, messages, FAQ reads) see
// them: read back after writePayouts(), so that everything they add fits the history that
// was written.

/** A planned event (./history.ts) as written, by its row id. */
export interface SeededEvent
  extends Pick<
    PlannedEvent,
    "fromStage" | "stage" | "reasonCode" | "delayed" | "delayReason" | "occurredAt" | "recordedAt" | "etaAt"
  > {
  /** payout_events.id */
  id: string;
}

export interface SeededPayout {
  id: string;
  reference: string;
  customerId: string;
  method: PayoutMethod;
  amountMinor: bigint;
  currency: string;
  stage: Stage;
  createdAt: Date;
  /** oldest first */
  events: SeededEvent[];
}

export interface SeededCustomer {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  locale: AppLocale;
  timeZone: string;
  emailLevel: NotifyLevel;
  smsLevel: NotifyLevel;
  smsOptedOutAt: Date | null;
  quietHoursStart: number | null;
  quietHoursEnd: number | null;
  /** one of the demo accounts people sign in as: they get a question and a survey for sure */
  demo: boolean;
}

/** A stretch of time in which a payout stayed the same, as its customer saw it. */
export interface Spell {
  stage: Stage;
  reasonCode: ReasonCode | null;
  delayed: boolean;
  delayReason: ReasonCode | null;
  from: Date;
  /** the next event, or now */
  until: Date;
  /** true for the payout's state now */
  current: boolean;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The payout's states from its first event until now. */
export function spellsOf(payout: SeededPayout, now: Date): Spell[] {
  return payout.events.map((event, i) => {
    const next = payout.events[i + 1];
    return {
      stage: event.stage,
      reasonCode: event.reasonCode,
      delayed: event.delayed,
      delayReason: event.delayReason,
      from: event.occurredAt,
      until: next ? next.occurredAt : now,
      current: next === undefined,
    };
  });
}

/** The Monday 00:00 UTC of the ISO week `at` is in, as the KPI page groups by (date_trunc('week')). */
export function isoWeekStart(at: Date): Date {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY);
}

/** The first day of the KPI page's eight weeks (weeklyKpis() in lib/support/kpis.ts). */
export function kpiWindowStart(now: Date, weeks = 8): Date {
  return new Date(isoWeekStart(now).getTime() - (weeks - 1) * 7 * DAY);
}

/** Linear interpolation: how far the team had come at `at`, from `start` (0) to `now` (1). */
export function progress(at: Date, start: Date, now: Date): number {
  const span = now.getTime() - start.getTime();
  return span <= 0 ? 1 : Math.min(1, Math.max(0, (at.getTime() - start.getTime()) / span));
}

export function lerp(from: number, to: number, t: number): number {
  return from + (to - from) * t;
}
