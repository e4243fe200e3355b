import { getTranslations } from "next-intl/server";
import { getPgPool } from "@/lib/db/client";
import { poolSql } from "@/lib/db/sql";
import { arrivalTenths, cachedArrivalRate } from "@/lib/eta/arrival-rate";
import type { PayoutMethod } from "@/lib/eta/durations";

/**
 * "9 in 10 SEPA payouts arrive by the date shown", beside a payout's ETA: only when at least
 * 100 payouts of the method completed in the last 90 days, rounded down to whole tenths,
 * never below 7 in 10 (lib/eta/arrival-rate.ts). Renders nothing otherwise.
 */
export async function ArrivalRate({ method }: { method: PayoutMethod }) {
  const tenths = arrivalTenths(await cachedArrivalRate(poolSql(getPgPool()), method));
  if (tenths === null) {
    return null;
  }
  const t = await getTranslations("payout");
  return (
    <p className="text-sm text-slate-700" data-testid="arrival-rate">
      {t("arrivalRate", { share: tenths, method })}
    </p>
  );
}
