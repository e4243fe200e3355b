import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations } from "next-intl/server";
import { safeNext } from "@/lib/auth/next-path";
import { DEMO_ADMIN_EMAIL, DEMO_SUPPORT_EMAIL, getCurrentStaff } from "@/lib/auth/session";
import { runtimeSettings } from "@/lib/env";
import { demoStaffSignInAction } from "../../actions";
import { EmailLinkForm } from "../sign-in-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("access");
  return { title: t("staffTitle") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function StaffSignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const next = safeNext(params.next);
  if (await getCurrentStaff()) {
    redirect(next ?? "/admin/payouts");
  }
  const t = await getTranslations("access");
  const messages = await getMessages();
  const demo = runtimeSettings().demoMode;
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">{t("staffTitle")}</h1>
        <p className="mt-1 text-slate-700">{t("staffIntro")}</p>
        {params.signedOut ? (
          <p role="status" className="mt-2 text-green-800">
            {t("signedOut")}
          </p>
        ) : null}
      </header>
      <section aria-label={t("byEmail")} className="rounded bg-white p-4 shadow-sm">
        <NextIntlClientProvider messages={{ access: messages.access }}>
          <EmailLinkForm audience="staff" next={next} />
        </NextIntlClientProvider>
      </section>
      {demo ? (
        <section aria-labelledby="demo" className="rounded border border-amber-300 bg-amber-50 p-4">
          <h2 id="demo" className="text-lg font-semibold">
            {t("demoTitle")}
          </h2>
          <p className="text-sm text-amber-950">{t("demoIntro")}</p>
          <div className="mt-2 flex flex-wrap gap-2">
            {[DEMO_ADMIN_EMAIL, DEMO_SUPPORT_EMAIL].map((email) => (
              <form key={email} action={demoStaffSignInAction}>
                <input type="hidden" name="email" value={email} />
                <button type="submit" className="rounded bg-amber-800 px-3 py-1 font-medium text-white">
                  {t("demoAs", { name: email })}
                </button>
              </form>
            ))}
          </div>
        </section>
      ) : null}
    </div>
  );
}
