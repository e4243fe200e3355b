import twilio from "twilio";

/**
 * Whether a webhook really comes from Twilio: `X-Twilio-Signature` is an HMAC of the
 * URL Twilio called and the posted fields, keyed with our auth token. The URL is the
 * public one (APP_URL), as Twilio saw it, not the one a proxy handed to us.
 */
export function verifyTwilioRequest(
  authToken: string | null,
  signature: string | null,
  url: string,
  params: Record<string, string>,
): boolean {
  if (!authToken || !signature) {
    return false;
  }
  return twilio.validateRequest(authToken, signature, url, params);
}

/** The URL Twilio called: APP_URL (lib/env.ts `appUrl`, no trailing slash) + the request's path and query. */
export function publicUrl(requestUrl: string, appUrl: string): string {
  const url = new URL(requestUrl);
  return `${appUrl}${url.pathname}${url.search}`;
}

/** Form fields of a webhook body (application/x-www-form-urlencoded). */
export function formFields(raw: Buffer): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(raw.toString("utf8")));
}
