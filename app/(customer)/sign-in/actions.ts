"use server";

import { redirect } from "next/navigation";
import { getLocale } from "next-intl/server";
import { z } from "zod";
import { isLocale } from "@/i18n/locale";
import { actionClient } from "@/lib/actions/client";
import { clientIp, endSession, setSessionCookie, signInDeps } from "@/lib/auth/actions-support";
import { signIn } from "@/lib/auth/next-auth";
import { safeNext } from "@/lib/auth/next-path";
import { requestEmailLink, requestSmsCode, verifySmsCode } from "@/lib/auth/sign-in";

const ZAudience = z.enum(["customer", "staff"]);

/** Where a sign-in lands: a path inside the app, never another site. */
const ZNext = z
  .string()
  .optional()
  .transform((value) => safeNext(value));

export const requestLinkAction = actionClient
  .inputSchema(z.object({ email: z.string().max(320), audience: ZAudience, next: ZNext }))
  .action(async ({ parsedInput }) => {
    const landing = parsedInput.next ?? (parsedInput.audience === "staff" ? "/admin/payouts" : "/payouts");
    return requestEmailLink(
      signInDeps(),
      { email: parsedInput.email, audience: parsedInput.audience, ip: await clientIp() },
      async (email) => {
        await signIn("email", { email, redirect: false, redirectTo: landing });
      },
    );
  });

export const requestCodeAction = actionClient
  .inputSchema(z.object({ phone: z.string().max(40) }))
  .action(async ({ parsedInput }) => {
    const locale = await getLocale();
    return requestSmsCode(signInDeps(), {
      phone: parsedInput.phone,
      ip: await clientIp(),
      locale: isLocale(locale) ? locale : "en",
    });
  });

export const verifyCodeAction = actionClient
  .inputSchema(z.object({ phone: z.string().max(40), code: z.string().max(20), next: ZNext }))
  .action(async ({ parsedInput }) => {
    const result = await verifySmsCode(signInDeps(), { ...parsedInput, ip: await clientIp() });
    if (!result.ok) {
      return result;
    }
    await setSessionCookie(result.token, result.expires);
    return { ok: true as const, next: parsedInput.next ?? "/payouts" };
  });

export async function signOutAction(formData: FormData): Promise<void> {
  await endSession();
  redirect(formData.get("audience") === "staff" ? "/sign-in/staff?signedOut=1" : "/sign-in?signedOut=1");
}
