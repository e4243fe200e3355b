import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  const t = await getTranslations();
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-12">
      <h1 className="text-2xl font-semibold">{t("app.notFoundTitle")}</h1>
      <p className="mt-2 text-slate-700">{t("payout.notFound")}</p>
      <Link href="/payouts" className="mt-4 inline-block font-medium text-blue-800 underline underline-offset-2">
        {t("app.back")}
      </Link>
    </main>
  );
}
