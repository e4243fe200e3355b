import { runtimeSettings } from "../env";
import { SESSION_MAX_AGE_SECONDS } from "./identity";

/**
 * The session cookie, for Auth.js and for the sessions made outside it (SMS code, demo):
 * HttpOnly, SameSite=Lax, Secure (with the __Secure- prefix) whenever APP_URL is https.
 */
export function sessionCookie() {
  const secure = runtimeSettings().appUrl.startsWith("https:");
  return {
    name: secure ? "__Secure-pt_session" : "pt_session",
    options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure },
    maxAge: SESSION_MAX_AGE_SECONDS,
  };
}
