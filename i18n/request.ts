import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { getCurrentCustomer } from "@/lib/auth/session";
import { getTrackingLink } from "@/lib/tracking/current";
import { TRACKING_TOKEN_HEADER } from "@/lib/tracking/header";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, localeFromAcceptLanguage } from "./locale";

// No locale in the URL: a customer's language is their own setting (or the switcher's cookie).
export default getRequestConfig(async ({ locale: requested }) => {
  let locale = isLocale(requested) ? requested : undefined;
  if (!locale) {
    const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
    if (isLocale(chosen)) {
      locale = chosen;
    }
  }
  const trackingToken = (await headers()).get(TRACKING_TOKEN_HEADER);
  if (!locale && trackingToken) {
    // A tracking link opens in its customer's language.
    const link = await getTrackingLink(trackingToken);
    locale = link.ok ? link.locale : undefined;
  }
  if (!locale) {
    const customer = await getCurrentCustomer();
    locale = customer?.locale ?? localeFromAcceptLanguage((await headers()).get("accept-language")) ?? DEFAULT_LOCALE;
  }
  return {
    locale,
    messages: (await import(`../messages/${locale}.json`)).default,
  };
});
