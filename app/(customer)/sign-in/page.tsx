import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations } from "next-intl/server";
import { demoCustomerChoices } from "@/lib/auth/demo-customers";
import { safeNext } from "@/lib/auth/next-path";
import { getCurrentCustomer } from "@/lib/auth/session";
import { runtimeSettings } from "@/lib/env";
import { demoSignInAction } from "../actions";
import { EmailLinkForm, SmsCodeForm } from "./sign-in-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("access");
  return { title: t("title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const next = safeNext(params.next);
  if (await getCurrentCustomer()) {
    redirect(next ?? "/payouts");
  }
  const t = await getTranslations("access");
  const messages = await getMessages();
  const demo = runtimeSettings().demoMode ? (await demoCustomerChoices(undefined)).slice(0, 2) : [];

  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-1 text-slate-700">{t("intro")}</p>
        {params.signedOut ? (
          <p role="status" className="mt-2 text-green-800">
            {t("signedOut")}
          </p>
        ) : null}
      </header>
      <NextIntlClientProvider messages={{ access: messages.access }}>
        <section aria-labelledby="by-email" className="rounded bg-white p-4 shadow-sm">
          <h2 id="by-email" className="mb-3 text-lg font-semibold">
            {t("byEmail")}
          </h2>
          <EmailLinkForm audience="customer" next={next} />
        </section>
        <section aria-labelledby="by-phone" className="rounded bg-white p-4 shadow-sm">
          <h2 id="by-phone" className="mb-3 text-lg font-semibold">
            {t("byPhone")}
          </h2>
          <SmsCodeForm next={next} />
        </section>
      </NextIntlClientProvider>
      {demo.length > 0 ? (
        <section aria-labelledby="demo" className="rounded border border-amber-300 bg-amber-50 p-4">
          <h2 id="demo" className="text-lg font-semibold">
            {t("demoTitle")}
          </h2>
          <p className="text-sm text-amber-950">{t("demoIntro")}</p>
          <div className="mt-2 flex flex-wrap gap-2">
            {demo.map((c) => (
              <form key={c.id} action={demoSignInAction}>
                <input type="hidden" name="customerId" value={c.id} />
                <button type="submit" className="rounded bg-amber-800 px-3 py-1 font-medium text-white">
                  {t("demoAs", { name: c.name })}
                </button>
              </form>
            ))}
          </div>
        </section>
      ) : null}
    </div>
  );
}
