import { formatMoney } from "../format/money";
import { isPaused, type ReasonCode } from "../payouts/stages";
import type { TemplateValues } from "../templates/templates";
import type { MessageContext } from "./types";

/** A reason's title and "what you can do", in the message's language. */
type ReasonTexts = (reason: ReasonCode | "GENERIC") => { title: string; action: string };

/** The reason a message is about: why the payout stopped, else why it is late. */
export function messageReason(payout: MessageContext["payout"]): ReasonCode | "GENERIC" | null {
  if (isPaused(payout.stage) || payout.stage === "FAILED" || payout.stage === "RETURNED") {
    return payout.reasonCode ?? "GENERIC";
  }
  return payout.delayed ? (payout.delayReason ?? "GENERIC") : null;
}

/** What an admin's template placeholders stand for in one message (lib/templates). */
export function messageValues(
  ctx: MessageContext,
  texts: ReasonTexts,
  eta: string,
  intlLocale: string,
): TemplateValues {
  const reason = messageReason(ctx.payout);
  const words = reason ? texts(reason) : { title: "", action: "" };
  return {
    first_name: ctx.firstName.trim().split(/\s+/)[0] ?? "",
    amount: formatMoney(Number(ctx.payout.amountMinor), ctx.payout.currency, intlLocale),
    eta,
    reason: words.title,
    action: words.action,
    tracking_url: ctx.trackingUrl,
    reference: ctx.payout.reference,
  };
}
