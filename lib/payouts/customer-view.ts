import type { EtaPrecision } from "../eta/promise";
import { formatDateParts } from "../format/dates";
import { formatMoney } from "../format/money";
import type { TemplateValues } from "../templates/templates";
import type { EtaSource } from "./payout-sql";
import { isTerminal, type ReasonCode, type Stage, takesReason } from "./stages";

// The facts a customer reads about a payout, decided once: the page
// (components/payout/payout-details.tsx), the email (lib/notifications/render-email.tsx),
// the SMS (render-sms.ts) and the admins' template values (template-values.ts) all word
// the same rules. Framework-free: `t` is next-intl's translator on the page and use-intl's
// in the worker, both over the same catalogs (messages/*.json).

/** The catalog translator, as both next-intl and use-intl provide it. */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

/**
 * A typed catalog translator (next-intl's or use-intl's) used with keys built at run time
 * (`reasons.${code}.title`): the catalogs' own test (test/messages.test.ts) checks every
 * key exists in both languages, and a missing one throws in the worker (render-*.ts).
 */
export function untyped(t: object): Translate {
  return t as Translate;
}

/** An ETA as it was shown: the instant, and how it was stated. */
export interface ShownEta {
  at: Date;
  precision: EtaPrecision | null;
}

/** A payout that stopped for a reason the customer reads: paused, failed or returned. */
export const isStopped: (stage: Stage) => boolean = takesReason;

/** The reason a customer reads: why the payout stopped (paused, failed, returned), else why it is late. */
export function stopReason(payout: { stage: Stage; reasonCode: ReasonCode | null }): ReasonCode | "GENERIC" | null {
  return isStopped(payout.stage) ? (payout.reasonCode ?? "GENERIC") : null;
}

/** The reason a message or page is about: why the payout stopped, else why it runs late. */
export function shownReason(payout: {
  stage: Stage;
  reasonCode: ReasonCode | null;
  delayed: boolean;
  delayReason: ReasonCode | null;
}): ReasonCode | "GENERIC" | null {
  return stopReason(payout) ?? (payout.delayed && !isTerminal(payout.stage) ? (payout.delayReason ?? "GENERIC") : null);
}

/**
 * "by Tuesday 8 December" (a DATE promise: the end of that day) or "by Tuesday 8 December,
 * 14:00" (a TIME promise). An UPDATE promise is a time too: when we write next.
 */
export function etaWhen(t: Translate, eta: ShownEta, intlLocale: string, timeZone: string): string {
  const parts = formatDateParts(eta.at, intlLocale, timeZone);
  return byDayEnd(eta, parts) ? t("payout.whenDate", parts) : t("payout.whenTime", parts);
}

/**
 * The sentence stating the ETA: "Expected by Tuesday 8 December" / "Expected by Tuesday
 * 8 December, 14:00" / "We will update you by Tuesday 8 December, 14:00".
 */
export function etaSentence(t: Translate, eta: ShownEta, intlLocale: string, timeZone: string): string {
  const parts = formatDateParts(eta.at, intlLocale, timeZone);
  if (eta.precision === "DATE") {
    return t("payout.etaDate", parts);
  }
  if (eta.precision === "UPDATE") {
    // "We will update you by Thursday 10 December" when the next update is due by a day's end.
    return t(byDayEnd(eta, parts) ? "payout.etaUpdateDate" : "payout.etaUpdate", parts);
  }
  return t("payout.eta", parts);
}

/**
 * Whether an ETA reads as a date: a DATE promise, or a next update due by the end of a day
 * (the sweeper names a day when no promise has a basis).
 */
export function byDayEnd(eta: ShownEta, parts: { time: string }): boolean {
  return eta.precision === "DATE" || (eta.precision === "UPDATE" && parts.time === "23:59");
}

/** Why an ETA changed, in a few words: the reason given, else who changed it. */
export function etaChangeWhy(t: Translate, reason: ReasonCode | null, source: EtaSource | null): string | null {
  if (reason) {
    return t(`reasons.${reason}.title`);
  }
  return source ? t(`payout.etaSource.${source}`) : null;
}

/** Whether two shown ETAs read the same to the customer (same day for dates; same minute otherwise). */
export function sameShownEta(a: ShownEta, b: ShownEta, intlLocale: string, timeZone: string): boolean {
  const pa = formatDateParts(a.at, intlLocale, timeZone);
  const pb = formatDateParts(b.at, intlLocale, timeZone);
  if (a.precision === "DATE" || b.precision === "DATE") {
    return a.precision === b.precision && pa.date === pb.date;
  }
  return a.precision === b.precision && pa.date === pb.date && pa.time === pb.time;
}

/** A note an event brought to the customer: new in that event (an event carries its stage's note on). */
export interface CustomerNote {
  text: string;
  at: Date;
  stage: Stage;
}

/** The notes of a payout's applied events (oldest first), newest first, each once. */
export function notesOf(
  events: readonly { note: string | null; stage: Stage; fromStage: Stage | null; occurredAt: Date }[],
): CustomerNote[] {
  const notes: CustomerNote[] = [];
  let previous: string | null = null;
  for (const e of events) {
    // A note stays on the payout's events until the stage changes or someone replaces it.
    const carried = e.stage === e.fromStage && e.note === previous;
    if (e.note && !carried) {
      notes.push({ text: e.note, at: e.occurredAt, stage: e.stage });
    }
    previous = e.note;
  }
  return notes.reverse();
}

/** What an admin's template placeholders stand for (lib/templates): page, email, SMS and the preview alike. */
export function placeholderValues(
  t: Translate,
  payout: {
    reference: string;
    amountMinor: bigint | number;
    currency: string;
    stage: Stage;
    reasonCode: ReasonCode | null;
    delayed: boolean;
    delayReason: ReasonCode | null;
  },
  words: { firstName: string; eta: string; trackingUrl: string; intlLocale: string; withAmount?: boolean },
): TemplateValues {
  const reason = shownReason(payout);
  return {
    first_name: words.firstName.trim().split(/\s+/)[0] ?? "",
    amount:
      words.withAmount === false ? "" : formatMoney(Number(payout.amountMinor), payout.currency, words.intlLocale),
    eta: words.eta,
    reason: reason ? t(`reasons.${reason}.title`) : "",
    action: reason ? t(`reasons.${reason}.action`) : "",
    tracking_url: words.trackingUrl,
    reference: payout.reference,
  };
}
