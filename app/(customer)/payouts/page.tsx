import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { DelayedBadge, StageChip } from "@/components/payout/stage-chip";
import { intlLocale, isLocale } from "@/i18n/locale";
import { getCurrentCustomer } from "@/lib/auth/session";
import { formatShort, formatShortDate } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";
import { listCustomerPayouts } from "@/lib/payouts/queries";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("payouts");
  return { title: t("title") };
}

export default async function PayoutsPage() {
  const customer = await getCurrentCustomer();
  if (!customer) {
    redirect("/sign-in?next=/payouts");
  }
  const t = await getTranslations("payouts");
  const locale = await getLocale();
  const fmt = intlLocale(isLocale(locale) ? locale : "en");
  const payouts = await listCustomerPayouts(customer.id);
  const now = new Date();

  return (
    <>
      <h1 className="mb-4 text-2xl font-semibold">{t("title")}</h1>
      {payouts.length === 0 ? <p>{t("empty")}</p> : null}
      <ul className="space-y-3">
        {payouts.map((p) => (
          <li key={p.reference}>
            <Link
              href={`/payouts/${p.reference}`}
              className="block rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-slate-400"
              data-testid="payout-card"
            >
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div>
                  <p className="text-lg font-semibold">{formatMoney(p.amountMinor, p.currency, fmt)}</p>
                  <p className="text-sm text-slate-700">{t("to", { destination: p.destinationLabel })}</p>
                </div>
                <div className="flex flex-wrap items-center gap-2">
                  {p.delayed ? <DelayedBadge /> : null}
                  <StageChip stage={p.stage} />
                </div>
              </div>
              <div className="mt-2 flex flex-wrap justify-between gap-2 text-sm text-slate-700">
                <span>{t("reference", { reference: p.reference })}</span>
                <span>
                  {p.stage === "COMPLETED"
                    ? t("completedOn", { date: formatShort(p.stageEnteredAt, fmt, customer.timeZone) })
                    : p.etaAt
                      ? p.etaPrecision === "DATE"
                        ? t(p.etaAt < now ? "etaPassedDate" : "etaShortDate", {
                            date: formatShortDate(p.etaAt, fmt, customer.timeZone),
                          })
                        : t(p.etaAt < now ? "etaPassed" : "etaShort", {
                            date: formatShort(p.etaAt, fmt, customer.timeZone),
                          })
                      : t("noEta")}
                </span>
              </div>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
