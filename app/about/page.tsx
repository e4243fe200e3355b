import { getTranslations } from "next-intl/server";

// A fully static page: the bench compares the payout page against it.
export const dynamic = "force-static";

export default async function AboutPage() {
  const t = await getTranslations({ locale: "en", namespace: "about" });
  return (
    <main className="mx-auto max-w-2xl p-6">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="mt-4 text-slate-700">{t("body")}</p>
    </main>
  );
}
