import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { PayoutDetails } from "@/components/payout/payout-details";
import { intlLocale, isLocale } from "@/i18n/locale";
import { env } from "@/lib/env";
import { formatDateParts } from "@/lib/format/dates";
import { getCustomerPayout } from "@/lib/payouts/queries";
import { getTrackingLink } from "@/lib/tracking/current";

type Props = { params: Promise<{ token: string }> };

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("track");
  // The token is the key: it must not leak to other sites, and pages behind it are not for search engines.
  return { title: t("title"), referrer: "no-referrer", robots: { index: false, follow: false } };
}

// GET /t/:token — one payout, read-only, from the link in a notification; no sign-in.
export default async function TrackingPage({ params }: Props) {
  const { token } = await params;
  const link = await getTrackingLink(token);
  const t = await getTranslations("track");
  if (!link.ok) {
    if (link.reason === "UNKNOWN") {
      notFound();
    }
    const expired = link.reason === "EXPIRED";
    return (
      <main id="main" className="mx-auto max-w-3xl px-4 py-6">
        <section
          role="alert"
          className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
          data-testid="link-gone"
        >
          <h1 className="text-xl font-semibold">{expired ? t("expiredTitle") : t("revokedTitle")}</h1>
          <p className="mt-2">{expired ? t("expired", { days: env.TRACKING_LINK_DAYS }) : t("revoked")}</p>
        </section>
      </main>
    );
  }
  // The link names the payout; its customer is part of the lookup all the same.
  const payout = await getCustomerPayout(link.customerId, link.reference);
  if (!payout) {
    notFound();
  }
  const locale = await getLocale();
  const fmt = intlLocale(isLocale(locale) ? locale : "en");
  const until = formatDateParts(link.expiresAt, fmt, link.timeZone);
  const app = await getTranslations("app");
  return (
    <>
      <header className="border-b border-slate-200 bg-white">
        <p className="mx-auto max-w-3xl px-4 py-3 text-lg font-semibold text-slate-900">{app("name")}</p>
      </header>
      <main id="main" className="mx-auto max-w-3xl space-y-6 px-4 py-6">
        <p className="text-lg" data-testid="tracking-greeting">
          {t("greeting", { firstName: link.firstName })}
        </p>
        <PayoutDetails payout={payout} timeZone={link.timeZone} firstName={link.firstName} view="link" />
        <p className="text-sm text-slate-700">{t("validUntil", { date: until.date })}</p>
      </main>
    </>
  );
}
