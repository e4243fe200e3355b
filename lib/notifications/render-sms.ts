import { type AppLocale, intlLocale } from "../../i18n/locale";
import { formatDateParts } from "../format/dates";
import { formatMoney } from "../format/money";
import { byDayEnd, type ShownEta, sameShownEta, untyped } from "../payouts/customer-view";
import { isTerminal } from "../payouts/stages";
import { templateFor } from "../templates/store";
import {
  fillTemplate,
  LONGEST_VALUES,
  MAX_SMS_SEGMENTS,
  PLACEHOLDERS,
  type TemplateValues,
} from "../templates/templates";
import { smsSegments, toGsm7 } from "./gsm7";
import { headline, translators } from "./message-wording";
import { messageValues } from "./template-values";
import type { MessageContext, RenderedSms } from "./types";

export { type SmsEncoding, smsSegments, toGsm7 } from "./gsm7";

/**
 * The SMS for one event. Kept to ONE GSM-7 segment: reference, a short headline,
 * a short ETA and the tracking link (up to 64 characters). The amount is added
 * only when it still fits; the first name, destination and reasons never are
 * (a name outside GSM-7 would switch the whole text to UCS-2: 70 characters).
 */
export function renderSms(ctx: MessageContext): RenderedSms {
  const custom = customSms(ctx);
  if (custom !== null) {
    return { body: custom };
  }
  // The fullest text that fits one segment: the amount goes first, then the ETA's "was",
  // then the note's words (the text then says a note waits behind the link).
  for (const actionLink of ctx.guidance?.action ? [true, false] : [false]) {
    for (const options of [
      { amount: true, was: true, note: true },
      { amount: false, was: true, note: true },
      { amount: false, was: false, note: true },
      { amount: true, was: true, note: false },
      { amount: false, was: true, note: false },
      { amount: false, was: false, note: false },
    ]) {
      const body = compose(ctx, { ...options, actionLink });
      if (smsSegments(body).segments === 1) {
        return { body };
      }
    }
  }
  return { body: compose(ctx, { amount: false, was: false, note: false, actionLink: false }) };
}

/**
 * An admin's SMS template (lib/templates) for this message, filled in: for a stage change
 * the stage's template, for a new or changed delay its reason's. Null: the built-in text.
 */
function customSms(ctx: MessageContext): string | null {
  const { payout } = ctx;
  const topic =
    ctx.kind === "STAGE_CHANGED"
      ? payout.stage
      : ctx.kind === "DELAYED" && payout.delayed
        ? `reason:${payout.delayReason ?? "GENERIC"}`
        : null;
  const template = topic ? templateFor("SMS", topic, ctx.locale) : null;
  if (!template) {
    return null;
  }
  const t = translators[ctx.locale];
  // {eta}: "Di 24.11. 17:00", or only the date for a date promise (as LONGEST_VALUES measures it).
  const short = payout.etaAt && !isTerminal(payout.stage) ? smsDate(payout.etaAt, ctx.locale, ctx.timeZone) : null;
  const eta = short ? (payout.etaPrecision === "DATE" ? short.date : `${short.date} ${short.time}`) : "";
  const values = messageValues(ctx, untyped(t), eta, intlLocale(ctx.locale));
  const body = toGsm7(fillTemplate(template, values));
  if (smsSegments(body).segments <= MAX_SMS_SEGMENTS) {
    return body;
  }
  // Templates are checked with the longest values a message meets (LONGEST_VALUES); a longer
  // name or amount is cut to that length, so the text keeps the segments the admin saw.
  const cut = toGsm7(fillTemplate(template, fitValues(values, ctx.locale)));
  return smsSegments(cut).segments <= MAX_SMS_SEGMENTS ? cut : null;
}

/** Each value at most as long as the longest the template was checked with; an amount too long is left out. */
export function fitValues(values: TemplateValues, locale: AppLocale): TemplateValues {
  const longest = LONGEST_VALUES[locale];
  const fitted = { ...values };
  for (const name of PLACEHOLDERS) {
    const value = values[name];
    const max = longest[name].length;
    if (value.length <= max || name === "tracking_url" || name === "reference") {
      continue;
    }
    // A cut number would state a wrong amount.
    fitted[name] = name === "amount" ? "" : `${value.slice(0, max - 3).trimEnd()}...`;
  }
  return fitted;
}

/** "Tue 8 Dec" for a date promise, "Tue 8 Dec 14:00" otherwise. */
function smsWhen(eta: ShownEta, ctx: MessageContext): string {
  const { date, time } = smsDate(eta.at, ctx.locale, ctx.timeZone);
  return byDayEnd(eta, { time }) ? date : ctx.locale === "de" ? `${date} ${time} Uhr` : `${date} ${time}`;
}

function compose(
  ctx: MessageContext,
  options: { amount: boolean; was: boolean; note: boolean; actionLink: boolean },
): string {
  const t = translators[ctx.locale];
  const fmt = intlLocale(ctx.locale);
  const { payout } = ctx;
  const amount = options.amount
    ? t("notify.sms.amount", { amount: formatMoney(Number(payout.amountMinor), payout.currency, fmt) })
    : "";
  const lines = [t(`notify.sms.headline.${headline(ctx)}`, { reference: payout.reference, amount })];
  // A closed payout has no "expected by"; the context may still carry its last estimate.
  if (payout.etaAt && !isTerminal(payout.stage)) {
    const eta: ShownEta = { at: payout.etaAt, precision: payout.etaPrecision ?? null };
    const before = payout.previousEta;
    const changed = before && !sameShownEta(before, eta, fmt, ctx.timeZone) ? before : null;
    if (changed && options.was) {
      lines.push(t("notify.sms.etaChanged", { when: smsWhen(eta, ctx), was: smsWhen(changed, ctx) }));
    } else if (eta.precision === "DATE") {
      lines.push(t("notify.sms.etaDate", smsDate(eta.at, ctx.locale, ctx.timeZone)));
    } else if (eta.precision === "UPDATE") {
      const when = smsDate(eta.at, ctx.locale, ctx.timeZone);
      lines.push(t(when.time === "23:59" ? "notify.sms.etaUpdateDate" : "notify.sms.etaUpdate", when));
    } else {
      lines.push(t("notify.sms.eta", smsDate(eta.at, ctx.locale, ctx.timeZone)));
    }
  }
  if (payout.note && options.note) {
    lines.push(t("notify.sms.note", { note: payout.note }));
  }
  // A note too long for the text waits behind the link ("Our note: …"); "What to do" outranks it.
  // Where the customer acts (the platform's link or the admins' default) replaces the tracking
  // link when it is short enough for one segment; the tracking page shows the button otherwise.
  const action = ctx.guidance?.action;
  if (action && options.actionLink) {
    lines.push(t("notify.sms.linkAction", { url: action.url }));
  } else {
    const link =
      payout.stage === "ACTION_REQUIRED" || action
        ? "notify.sms.linkAction"
        : payout.note && !options.note
          ? "notify.sms.linkNote"
          : "notify.sms.link";
    lines.push(t(link, { url: ctx.trackingUrl }));
  }
  return toGsm7(lines.join("\n"));
}

// Intl formatters are costly to build; reuse them (as lib/format/dates.ts does).
const dateFormatters = new Map<string, Intl.DateTimeFormat>();

function dateFormatter(locale: AppLocale, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}`;
  let found = dateFormatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(intlLocale(locale), {
      weekday: "short",
      day: locale === "de" ? "2-digit" : "numeric",
      month: locale === "de" ? "2-digit" : "short",
      timeZone,
    });
    dateFormatters.set(key, found);
  }
  return found;
}

/** "Tue 24 Nov" + "17:00" / "Di 24.11." + "17:00": the short date customers read in a text message. */
export function smsDate(at: Date, locale: AppLocale, timeZone: string): { date: string; time: string } {
  const fmt = intlLocale(locale);
  const parts = dateFormatter(locale, timeZone).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    (parts.find((p) => p.type === type)?.value ?? "").replace(/\.$/, "");
  const date =
    locale === "de"
      ? `${part("weekday")} ${part("day")}.${part("month")}.`
      : `${part("weekday")} ${part("day")} ${part("month")}`;
  return { date, time: formatDateParts(at, fmt, timeZone).time };
}

/**
 * The reply to HELP (Twilio answers STOP and START itself): who we are, where to get
 * help, how to stop. One GSM-7 segment for an app URL of up to 60 characters.
 */
export function smsHelpText(locale: AppLocale, appUrl: string): string {
  return toGsm7(translators[locale]("notify.sms.help", { url: appUrl }));
}
