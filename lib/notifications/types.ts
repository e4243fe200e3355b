import type { AppLocale } from "@/i18n/locale";
import type { PayoutMethod } from "../eta/estimate";
import type { CustomerGuidance } from "../payouts/guidance-rules";
import type { EtaSource } from "../payouts/payout-sql";
import type { ReasonCode, Stage } from "../payouts/stages";
import type { NotificationKind } from "./kinds";
import type { NotifyLevel } from "./rules";

export const NOTIFICATION_CHANNELS = ["EMAIL", "SMS"] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export { NOTIFICATION_KINDS, type NotificationKind } from "./kinds";

/** What a template needs to tell the customer about one event. Everything is already decided; rendering only words it. */
export interface MessageContext {
  kind: NotificationKind;
  locale: AppLocale;
  /** IANA zone the customer reads times in */
  timeZone: string;
  firstName: string;
  payout: {
    reference: string;
    amountMinor: bigint;
    currency: string;
    method: PayoutMethod;
    destinationLabel: string;
    /** stage after the event */
    stage: Stage;
    /** why it is paused, failed or returned */
    reasonCode: ReasonCode | null;
    delayed: boolean;
    delayReason: ReasonCode | null;
    etaAt: Date | null;
    /** how the ETA is stated: TIME, DATE (by the end of that day) or UPDATE (when we write next) */
    etaPrecision?: "TIME" | "DATE" | "UPDATE" | null;
    /** the first ETA shown, when it differs from etaAt */
    originalEtaAt: Date | null;
    /** how the first ETA was stated */
    originalEtaPrecision?: "TIME" | "DATE" | "UPDATE" | null;
    /** the ETA shown before this event (an ETA change says old → new) */
    previousEta?: { at: Date; precision: "TIME" | "DATE" | "UPDATE" | null } | null;
    /** why this event revised the ETA, and who revised it */
    etaReason?: ReasonCode | null;
    etaSource?: EtaSource | null;
    /** the team's note, when this event brought one */
    note?: string | null;
    /** the incident notice that moved the ETA, in the customer's language */
    noticeMessage?: string | null;
  };
  /** where the money is, what happens next and where to act, for a stopped payout (lib/payouts/guidance.ts) */
  guidance?: CustomerGuidance;
  /** link to the payout's tracking page */
  trackingUrl: string;
  /** link to the customer's notification preferences (email footer, List-Unsubscribe) */
  preferencesUrl: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface RenderedSms {
  body: string;
}

/** A customer's name, addresses and message settings as SQL reads them from `customers` (column names). */
export interface CustomerContactRow {
  name: string;
  email: string | null;
  phone: string | null;
  locale: AppLocale;
  time_zone: string;
  email_level: NotifyLevel;
  sms_level: NotifyLevel;
  /** quiet hours, minutes after local midnight; null = none */
  quiet_hours_start: number | null;
  quiet_hours_end: number | null;
}
