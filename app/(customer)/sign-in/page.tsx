import { NextIntlClientProvider } from "next-intl";
import { demoCustomerChoices } from "@/lib/auth/demo-customers";
import { getCurrentCustomer } from "@/lib/auth/session";
import { runtimeSettings } from "@/lib/env";
import { demoSignInAction } from "../actions";
import { EmailLinkForm, SmsCodeForm } from "./sign-in-form";
import { DemoSignIn, openSignIn, SignInHeader, signInMetadata } from "./sign-in-page";

export const dynamic = "force-dynamic";
export const generateMetadata = signInMetadata("title");

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const { next, signedOut, t, access } = await openSignIn(searchParams, getCurrentCustomer, "/payouts");
  const demo = runtimeSettings().demoMode ? (await demoCustomerChoices(undefined)).slice(0, 2) : [];

  return (
    <div className="space-y-6">
      <SignInHeader title={t("title")} intro={t("intro")} signedOut={signedOut ? t("signedOut") : null} />
      <NextIntlClientProvider messages={{ access }}>
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
      <DemoSignIn
        action={demoSignInAction}
        field="customerId"
        accounts={demo.map((c) => ({ value: c.id, name: c.name }))}
      />
    </div>
  );
}
