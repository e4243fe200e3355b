import Link from "next/link";
import { getTranslations } from "next-intl/server";

export async function NotFoundMessage() {
  const t = await getTranslations();
  return (
    <>
      <h1 className="text-2xl font-semibold">{t("app.notFoundTitle")}</h1>
      <p className="mt-2 text-slate-700">{t("payout.notFound")}</p>
      <Link href="/payouts" className="mt-4 inline-block font-medium text-blue-800 underline underline-offset-2">
        {t("app.back")}
      </Link>
    </>
  );
}
