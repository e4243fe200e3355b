import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("access");
  return { title: t("checkEmailTitle") };
}

export default async function CheckEmailPage() {
  const t = await getTranslations("access");
  return (
    <div className="rounded bg-white p-4 shadow-sm">
      <h1 className="text-2xl font-semibold">{t("checkEmailTitle")}</h1>
      <p className="mt-2 text-slate-700">{t("checkEmail")}</p>
    </div>
  );
}
