import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import { intlLocale, isLocale } from "@/i18n/locale";
import { getCurrentCustomer } from "@/lib/auth/session";
import { formatDateParts, timeZoneLabel } from "@/lib/format/dates";
import { DEFAULT_QUIET_HOURS, minutesToTime } from "@/lib/notifications/preferences";
import { getNotificationPreferences } from "@/lib/notifications/queries";
import { PreferencesForm } from "./preferences-form";

// Whose settings these are comes from the session cookie: never prerendered.
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("preferences");
  return { title: t("title") };
}

export default async function PreferencesPage() {
  const customer = await getCurrentCustomer();
  if (!customer) {
    redirect("/sign-in?next=/preferences");
  }
  const preferences = await getNotificationPreferences(customer.id);
  if (!preferences) {
    notFound();
  }
  const t = await getTranslations("preferences");
  const locale = await getLocale();
  const fmt = intlLocale(isLocale(locale) ? locale : "en");
  const now = new Date();
  const quietOn = preferences.quietHoursStart !== null && preferences.quietHoursEnd !== null;
  const optedOut = preferences.smsOptedOutAt
    ? formatDateParts(preferences.smsOptedOutAt, fmt, customer.timeZone)
    : null;
  const messages = await getMessages();

  return (
    <div className="space-y-4">
      <header>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-1 text-slate-700">{t("intro")}</p>
      </header>
      {/* Only this page's texts go to the browser. */}
      <NextIntlClientProvider messages={{ preferences: messages.preferences }}>
        <PreferencesForm
          initial={{
            emailLevel: preferences.emailLevel,
            smsLevel: preferences.smsLevel,
            quietHoursEnabled: quietOn,
            quietHoursStart: minutesToTime(preferences.quietHoursStart ?? DEFAULT_QUIET_HOURS.start),
            quietHoursEnd: minutesToTime(preferences.quietHoursEnd ?? DEFAULT_QUIET_HOURS.end),
          }}
          email={preferences.email}
          phone={preferences.phone}
          smsOptedOutOn={optedOut?.date ?? null}
          timeZone={timeZoneLabel(customer.timeZone, fmt, now)}
        />
      </NextIntlClientProvider>
    </div>
  );
}
