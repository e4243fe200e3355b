"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { LOCALE_COOKIE, LOCALES } from "@/i18n/locale";
import { DEMO_CUSTOMER_COOKIE } from "@/lib/auth/session";
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

/** Development switcher: act as another customer. Refused outside demo mode. */
export async function switchDemoCustomer(formData: FormData): Promise<void> {
  if (!runtimeSettings().demoMode) {
    return;
  }
  const parsed = z
    .object({ customerId: z.string().min(1).max(40) })
    .safeParse({ customerId: formData.get("customerId") });
  if (!parsed.success) {
    return;
  }
  const customer = await getDb().customer.findUnique({ where: { id: parsed.data.customerId }, select: { id: true } });
  if (!customer) {
    return;
  }
  const store = await cookies();
  store.set(DEMO_CUSTOMER_COOKIE, customer.id, cookieOptions());
  store.delete(LOCALE_COOKIE); // show the customer's own language
}
