import { createTranslator } from "use-intl/core";
import de from "../../messages/de.json" with { type: "json" };
import en from "../../messages/en.json" with { type: "json" };
import type { Stage } from "../payouts/stages";
import type { MessageContext } from "./types";

// What the email and the SMS renderers word alike.

// Built once per language: a translator caches its parsed messages.
export const translators = {
  en: createTranslator({ locale: "en", messages: en, onError: rethrow }),
  de: createTranslator({ locale: "de", messages: de satisfies typeof en, onError: rethrow }),
};

/** A missing or broken message must fail the job (and be retried after a fix), not send "notify.email.eta". */
function rethrow(error: Error): never {
  throw error;
}

/** What a message leads with: a key of both `notify.subject` and `notify.sms.headline`. */
export type Headline = "DELAYED" | "DELAY_CLEARED" | "ETA_MOVED" | "NOTE" | Stage;

/** The kind decides the headline; a stage change is worded by the stage it reached. */
export function headline(ctx: MessageContext): Headline {
  if (ctx.kind === "DELAYED") {
    return ctx.payout.delayed ? "DELAYED" : "DELAY_CLEARED";
  }
  if (ctx.kind === "ETA_MOVED" || ctx.kind === "NOTE") {
    return ctx.kind;
  }
  return ctx.payout.stage;
}
