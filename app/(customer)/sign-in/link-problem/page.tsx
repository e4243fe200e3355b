import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("access");
  return { title: t("linkProblemTitle") };
}

/** Where Auth.js sends an expired, used or forged magic link. */
export default async function LinkProblemPage() {
  const t = await getTranslations("access");
  return (
    <div className="rounded bg-white p-4 shadow-sm">
      <h1 className="text-2xl font-semibold">{t("linkProblemTitle")}</h1>
      <p className="mt-2 text-slate-700">{t("linkProblem")}</p>
      <Link href="/sign-in" className="mt-3 inline-block font-medium text-blue-800 underline">
        {t("again")}
      </Link>
    </div>
  );
}
