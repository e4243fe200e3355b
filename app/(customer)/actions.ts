"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { LOCALE_COOKIE, LOCALES } from "@/i18n/locale";
import { setSessionCookie } from "@/lib/auth/actions-support";
import { createSession, userForIdentity } from "@/lib/auth/identity";
import { DEMO_ADMIN_EMAIL, DEMO_SUPPORT_EMAIL } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { runtimeSettings } from "@/lib/env";

// Secure whenever the app is served over HTTPS (APP_URL); plain-http development keeps working.
const cookieOptions = () => ({
  httpOnly: true,
  sameSite: "lax" as const,
  secure: runtimeSettings().appUrl.startsWith("https:"),
  path: "/",
  maxAge: 60 * 60 * 24 * 365,
});

export async function setLanguage(formData: FormData): Promise<void> {
  const parsed = z.object({ locale: z.enum(LOCALES) }).safeParse({ locale: formData.get("locale") });
  if (!parsed.success) {
    return;
  }
  (await cookies()).set(LOCALE_COOKIE, parsed.data.locale, cookieOptions());
}

async function signInDemo(identity: { email: string } | { phone: string }): Promise<void> {
  const db = getDb();
  const { token, expires } = await createSession(db, await userForIdentity(db, identity));
  await setSessionCookie(token, expires);
}

/** Demo mode only (DEMO_MODE): sign in as a customer without a link or code, for looking around. */
export async function demoSignInAction(formData: FormData): Promise<void> {
  if (!runtimeSettings().demoMode) {
    return;
  }
  const parsed = z
    .object({ customerId: z.string().min(1).max(40) })
    .safeParse({ customerId: formData.get("customerId") });
  if (!parsed.success) {
    return;
  }
  const customer = await getDb().customer.findUnique({
    where: { id: parsed.data.customerId },
    select: { email: true, phone: true },
  });
  const identity = customer?.email ? { email: customer.email } : customer?.phone ? { phone: customer.phone } : null;
  if (!identity) {
    return;
  }
  await signInDemo(identity);
  (await cookies()).delete(LOCALE_COOKIE); // show the customer's own language
  redirect("/payouts");
}

/** Demo mode only: sign in as the demo admin or the demo support agent. */
export async function demoStaffSignInAction(formData: FormData): Promise<void> {
  if (!runtimeSettings().demoMode) {
    return;
  }
  const parsed = z.enum([DEMO_ADMIN_EMAIL, DEMO_SUPPORT_EMAIL]).safeParse(formData.get("email"));
  if (!parsed.success) {
    return;
  }
  await signInDemo({ email: parsed.data });
  redirect("/admin/payouts");
}
