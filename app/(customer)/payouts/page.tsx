import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { DelayedBadge, StageChip } from "@/components/payout/stage-chip";
import { intlLocale, isLocale } from "@/i18n/locale";
import { getCurrentCustomer } from "@/lib/auth/session";
import type { EtaPrecision } from "@/lib/eta/promise";
import { formatDateParts, formatShort, formatShortDate } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";
import { byDayEnd } from "@/lib/payouts/customer-view";
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

  // How the list states an ETA: a date promise (or a next update due by a day's end) as a
  // date, a time promise with its time, a next update as such (lib/payouts/customer-view.ts).
  const listEta = (at: Date, precision: EtaPrecision | null) => {
    const dayEnd = byDayEnd({ at, precision }, formatDateParts(at, fmt, customer.timeZone));
    const date = dayEnd ? formatShortDate(at, fmt, customer.timeZone) : formatShort(at, fmt, customer.timeZone);
    if (precision === "UPDATE") {
      return t(dayEnd ? "nextUpdateDate" : "nextUpdate", { date });
    }
    if (at < now) {
      return t(dayEnd ? "etaPassedDate" : "etaPassed", { date });
    }
    return t(dayEnd ? "etaShortDate" : "etaShort", { date });
  };
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
                      ? listEta(p.etaAt, p.etaPrecision)
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
