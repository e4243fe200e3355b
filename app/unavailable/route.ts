import { cookies, headers } from "next/headers";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, localeFromAcceptLanguage } from "@/i18n/locale";
import { unavailableResponse } from "@/lib/http/unavailable-page";
import de from "@/messages/de.json";
import en from "@/messages/en.json";

// GET /unavailable — the 503 page signed-in requests are sent to while the database cannot
// be read (lib/auth/session.ts). The language comes from the cookie or the browser: the
// usual request config (i18n/request.ts) would read the session again.
export async function GET(request: Request): Promise<Response> {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = isLocale(chosen)
    ? chosen
    : (localeFromAcceptLanguage((await headers()).get("accept-language")) ?? DEFAULT_LOCALE);
  const texts = (locale === "de" ? de : en).unavailable;
  return unavailableResponse(locale, texts, new URL(request.url).searchParams.get("next"));
}
