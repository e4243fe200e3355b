import { getTranslations } from "next-intl/server";
import type { CustomerGuidance } from "@/lib/payouts/guidance";

/** Where the money is, what happens next, and the button to where the customer acts. */
export async function GuidanceBlock({ guidance }: { guidance: CustomerGuidance }) {
  const t = await getTranslations();
  return (
    <div className="mt-3 space-y-2 text-sm" data-testid="guidance">
      {guidance.whereMoney ? (
        <div>
          <h3 className="font-semibold">{t("payout.whereMoney")}</h3>
          <p data-testid="where-money">{guidance.whereMoney}</p>
        </div>
      ) : null}
      {guidance.next ? (
        <div>
          <h3 className="font-semibold">{t("payout.whatNext")}</h3>
          <p data-testid="what-next">{guidance.next}</p>
        </div>
      ) : null}
      {guidance.action ? (
        <p className="pt-1">
          <a
            href={guidance.action.url}
            data-testid="guidance-action"
            rel="noopener noreferrer"
            className="inline-block min-h-11 rounded-md bg-blue-700 px-4 py-2.5 font-semibold text-white hover:bg-blue-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700"
          >
            {guidance.action.label}
          </a>
        </p>
      ) : null}
    </div>
  );
}
