import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { LiveRefresh } from "@/components/payout/live-refresh";
import { NotificationLog } from "@/components/payout/notification-log";
import { PayoutDetails } from "@/components/payout/payout-details";
import { InquirySection } from "@/components/support/inquiry-section";
import { PayoutSurvey } from "@/components/support/payout-survey";
import { intlLocale, isLocale } from "@/i18n/locale";
import { getCurrentCustomer } from "@/lib/auth/session";
import { listPayoutNotifications } from "@/lib/notifications/queries";
import { getCustomerPayout } from "@/lib/payouts/queries";

type Props = { params: Promise<{ reference: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { reference } = await params;
  return { title: reference.slice(0, 20) };
}

export default async function PayoutPage({ params }: Props) {
  const { reference } = await params;
  const customer = await getCurrentCustomer();
  if (reference.length > 40) {
    notFound();
  }
  if (!customer) {
    redirect(`/sign-in?next=${encodeURIComponent(`/payouts/${reference}`)}`);
  }
  // Looked up by (reference, the signed-in customer): another customer's reference finds nothing.
  // The messages are asked for at the same time, by (reference, customer) as well.
  const [payout, notifications] = await Promise.all([
    getCustomerPayout(customer.id, reference),
    listPayoutNotifications(customer.id, { reference }),
  ]);
  if (!payout) {
    notFound();
  }
  const t = await getTranslations();
  const locale = await getLocale();
  const fmt = intlLocale(isLocale(locale) ? locale : "en");
  const tz = customer.timeZone;

  return (
    <article className="space-y-6">
      <LiveRefresh reference={payout.reference} announcement={t("payout.liveUpdated")} />
      <Link href="/payouts" className="text-sm font-medium text-blue-800 underline underline-offset-2">
        ← {t("payout.back")}
      </Link>
      <PayoutDetails payout={payout} timeZone={tz} firstName={customer.name.trim().split(/\s+/)[0] ?? ""} />
      <NotificationLog events={notifications} intlLocale={fmt} timeZone={tz} />
      {payout.stage === "COMPLETED" ? <PayoutSurvey customerId={customer.id} payoutId={payout.id} /> : null}
      <InquirySection
        customerId={customer.id}
        payoutId={payout.id}
        reference={payout.reference}
        intlLocale={fmt}
        timeZone={tz}
        locale={isLocale(locale) ? locale : "en"}
        stage={payout.stage}
        reasons={[payout.reasonCode, payout.delayed ? payout.delayReason : null]}
      />
    </article>
  );
}
