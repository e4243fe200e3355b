/**
 * A path inside the app to return to after signing in ("/payouts/PT-…"); anything else (other
 * sites, "//host", control characters, which a redirect cannot carry) is dropped.
 */
export function safeNext(value: unknown): string | undefined {
  return typeof value === "string" && value.length <= 300 && /^\/(?!\/)[^\s\\\p{Cc}]*$/u.test(value)
    ? value
    : undefined;
}

/**
 * A sign-in link on the app's own origin (APP_URL). Auth.js builds the link from the
 * request's Host / X-Forwarded-Host headers, which a caller chooses: a link must never point
 * at a host a request named (the token would go there). The callback URL inside is pinned too.
 */
export function onAppOrigin(link: string, appUrl: string): string {
  const url = new URL(link);
  const app = new URL(appUrl);
  const callback = url.searchParams.get("callbackUrl");
  if (callback !== null) {
    const target = URL.canParse(callback, app.origin) ? new URL(callback, app.origin) : null;
    url.searchParams.set("callbackUrl", target ? `${app.origin}${target.pathname}${target.search}` : app.origin);
  }
  return `${app.origin}${url.pathname}${url.search}`;
}
