import { placeholderValues, type Translate } from "../payouts/customer-view";
import type { TemplateValues } from "../templates/templates";
import type { MessageContext } from "./types";

/** What an admin's template placeholders stand for in one message: the page's rule (customer-view.ts). */
export function messageValues(ctx: MessageContext, t: Translate, eta: string, intlLocale: string): TemplateValues {
  return placeholderValues(t, ctx.payout, { firstName: ctx.firstName, eta, trackingUrl: ctx.trackingUrl, intlLocale });
}
