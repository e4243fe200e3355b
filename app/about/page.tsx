import { connection } from "next/server";
import { getTranslations } from "next-intl/server";

// Rendered per request, never prerendered: the page policy (proxy.ts) allows only scripts
// carrying this response's nonce, and Next puts the nonce only on scripts it renders for a
// request. Prerendered, the page's own scripts were all blocked. No database: the bench
// still compares the payout page against it.
export default async function AboutPage() {
  await connection();
  const t = await getTranslations({ locale: "en", namespace: "about" });
  return (
    <main className="mx-auto max-w-2xl p-6">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="mt-4 text-slate-700">{t("body")}</p>
    </main>
  );
}
