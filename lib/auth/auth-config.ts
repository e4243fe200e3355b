import "server-only";
import { PrismaAdapter } from "@auth/prisma-adapter";
import type { NextAuthConfig } from "next-auth";
import type { EmailConfig } from "next-auth/providers/email";
import { isLocale } from "../../i18n/locale";
import { type Db, getDb } from "../db/client";
import { env, runtimeSettings } from "../env";
import { afterResponse } from "../http/after-response";
import { logger } from "../logging/logger";
import { redact } from "../notifications/redact";
import { renderSignInEmail, sendAccessMessage } from "./access-messages";
import { accessChannels } from "./channels";
import { sessionCookie } from "./cookie";
import { isKnownEmail, SESSION_MAX_AGE_SECONDS } from "./identity";
import { onAppOrigin } from "./next-path";
import { reportingAdapter } from "./session-store";

const log = logger("auth");

/** Magic links work once, for 15 minutes; Auth.js stores only their SHA-256. */
export const MAGIC_LINK_MAX_AGE_SECONDS = 15 * 60;

const emailProvider: EmailConfig = {
  id: "email",
  type: "email",
  name: "Email",
  maxAge: MAGIC_LINK_MAX_AGE_SECONDS,
  // The address was normalized and checked by requestEmailLink before Auth.js sees it.
  normalizeIdentifier: (identifier) => identifier.trim().toLowerCase(),
  async sendVerificationRequest({ identifier, url, token }) {
    const db = getDb();
    const customer = await db.customer.findFirst({
      where: { email: identifier },
      orderBy: { updatedAt: "desc" },
      select: { locale: true },
    });
    const locale = isLocale(customer?.locale) ? customer.locale : "en";
    const email = await renderSignInEmail(locale, onAppOrigin(url, runtimeSettings().appUrl));
    // Sent after the answer, so that a known address answers as fast as an unknown one (which gets nothing).
    const send = async () => {
      const sent = await sendAccessMessage(db, accessChannels(), {
        channel: "EMAIL",
        purpose: "SIGN_IN_LINK",
        to: identifier,
        ...email,
        secret: token,
      });
      if (sent.status !== "sent") {
        log.warn(`sign-in link to ${redact(identifier)} not sent: ${redact(sent.error ?? "")}`);
      }
    };
    await afterResponse(send);
  },
};

/**
 * The configuration of Auth.js v5 (lib/auth/next-auth.ts): the Prisma adapter and database
 * sessions. Only the email provider is an Auth.js provider; SMS codes and demo sign-in make
 * the same database sessions themselves (lib/auth/sign-in.ts). The adapter reports the errors
 * Auth.js swallows while reading a session (session-store.ts).
 */
export function authConfig(db: Db = getDb()): NextAuthConfig {
  const cookie = sessionCookie();
  return {
    adapter: reportingAdapter(PrismaAdapter(db as unknown as Parameters<typeof PrismaAdapter>[0])),
    secret: env.AUTH_SECRET,
    trustHost: true,
    session: { strategy: "database", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: 24 * 60 * 60 },
    cookies: { sessionToken: { name: cookie.name, options: cookie.options } },
    useSecureCookies: cookie.options.secure,
    pages: { signIn: "/sign-in", verifyRequest: "/sign-in/check-email", error: "/sign-in/link-problem" },
    providers: [emailProvider],
    callbacks: {
      // Checked again when the link is opened: a customer or staff member removed since gets nothing.
      async signIn({ user }) {
        const email = user.email?.toLowerCase();
        if (!email) {
          return false;
        }
        return (await isKnownEmail(db, email, "customer")) || (await isKnownEmail(db, email, "staff"));
      },
      async session({ session, user }) {
        const phone = (user as { phone?: string | null }).phone ?? null;
        return { ...session, user: { ...session.user, id: user.id, email: user.email ?? "", phone } };
      },
    },
    logger: {
      // Auth.js logs the failing request's URL, which holds the token: name the error only.
      error: (error) => log.error(`Auth.js: ${(error as { type?: string }).type ?? error.name}`),
      warn: () => {},
      debug: () => {},
    },
    basePath: "/api/auth",
  };
}
