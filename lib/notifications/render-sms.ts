import { createTranslator } from "use-intl/core";
import { type AppLocale, intlLocale } from "../../i18n/locale";
import de from "../../messages/de.json" with { type: "json" };
import en from "../../messages/en.json" with { type: "json" };
import { formatDateParts } from "../format/dates";
import { formatMoney } from "../format/money";
import { isTerminal } from "../payouts/stages";
import { templateFor } from "../templates/store";
import { fillTemplate } from "../templates/templates";
import { smsSegments, toGsm7 } from "./gsm7";
import { messageValues } from "./template-values";
import type { MessageContext, RenderedSms } from "./types";

export { type SmsEncoding, smsSegments, toGsm7 } from "./gsm7";

// Built once per language: a translator caches its parsed messages.
const translators = {
  en: createTranslator({ locale: "en", messages: en, onError: rethrow }),
  de: createTranslator({ locale: "de", messages: de satisfies typeof en, onError: rethrow }),
};

/** A missing or broken message must fail the job (and be retried after a fix), not send "notify.sms.eta". */
function rethrow(error: Error): never {
  throw error;
}

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
  const withAmount = compose(ctx, true);
  if (smsSegments(withAmount).segments === 1) {
    return { body: withAmount };
  }
  return { body: compose(ctx, false) };
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
  const eta = payout.etaAt && !isTerminal(payout.stage) ? smsDate(payout.etaAt, ctx.locale, ctx.timeZone) : null;
  return toGsm7(
    fillTemplate(
      template,
      messageValues(
        ctx,
        (r) => ({ title: t(`reasons.${r}.title`), action: t(`reasons.${r}.action`) }),
        eta ? `${eta.date} ${eta.time}` : "",
        intlLocale(ctx.locale),
      ),
    ),
  );
}

type SmsHeadline = keyof typeof en.notify.sms.headline;

function headline(ctx: MessageContext): SmsHeadline {
  if (ctx.kind === "DELAYED") {
    return ctx.payout.delayed ? "DELAYED" : "DELAY_CLEARED";
  }
  if (ctx.kind === "ETA_MOVED") {
    return "ETA_MOVED";
  }
  return ctx.payout.stage;
}

function compose(ctx: MessageContext, withAmount: boolean): string {
  const t = translators[ctx.locale];
  const fmt = intlLocale(ctx.locale);
  const { payout } = ctx;
  const amount = withAmount
    ? t("notify.sms.amount", { amount: formatMoney(Number(payout.amountMinor), payout.currency, fmt) })
    : "";
  const lines = [t(`notify.sms.headline.${headline(ctx)}`, { reference: payout.reference, amount })];
  // A closed payout has no "expected by"; the context may still carry its last estimate.
  if (payout.etaAt && !isTerminal(payout.stage)) {
    lines.push(t("notify.sms.eta", smsDate(payout.etaAt, ctx.locale, ctx.timeZone)));
  }
  lines.push(
    t(payout.stage === "ACTION_REQUIRED" ? "notify.sms.linkAction" : "notify.sms.link", { url: ctx.trackingUrl }),
  );
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
