import { NextIntlClientProvider } from "next-intl";
import { DEMO_ADMIN_EMAIL, DEMO_SUPPORT_EMAIL, getCurrentStaff } from "@/lib/auth/session";
import { runtimeSettings } from "@/lib/env";
import { demoStaffSignInAction } from "../../actions";
import { EmailLinkForm } from "../sign-in-form";
import { DemoSignIn, openSignIn, SignInHeader, signInMetadata } from "../sign-in-page";

export const dynamic = "force-dynamic";
export const generateMetadata = signInMetadata("staffTitle");

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function StaffSignInPage({ searchParams }: Props) {
  const { next, signedOut, t, access } = await openSignIn(searchParams, getCurrentStaff, "/admin/payouts");
  const demo = runtimeSettings().demoMode ? [DEMO_ADMIN_EMAIL, DEMO_SUPPORT_EMAIL] : [];
  return (
    <div className="space-y-6">
      <SignInHeader title={t("staffTitle")} intro={t("staffIntro")} signedOut={signedOut ? t("signedOut") : null} />
      <section aria-label={t("byEmail")} className="rounded bg-white p-4 shadow-sm">
        <NextIntlClientProvider messages={{ access }}>
          <EmailLinkForm audience="staff" next={next} />
        </NextIntlClientProvider>
      </section>
      <DemoSignIn
        action={demoStaffSignInAction}
        field="email"
        accounts={demo.map((email) => ({ value: email, name: email }))}
      />
    </div>
  );
}
