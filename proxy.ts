import { type NextRequest, NextResponse } from "next/server";
import { REQUEST_PATH_HEADER, requestUrlProblem } from "@/lib/http/request-url";
import { REQUEST_ID_HEADER, requestIdFrom } from "@/lib/logging/request-id";
import { TRACKING_TOKEN_HEADER } from "@/lib/tracking/header";

/**
 * A strict Content-Security-Policy: scripts only with this response's nonce (Next puts it on
 * its own scripts when it finds the policy among the request headers), nothing framed,
 * nothing posted elsewhere. Styles may be inline: React sets style attributes, and the dev
 * outbox previews emails, which carry inline styles, in a sandboxed frame.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
    "form-action 'self'",
  ].join("; ");
}

export function proxy(request: NextRequest): NextResponse {
  // Every route, pages and APIs: a control character in the path or query is a 400 here,
  // not a 500 wherever it would have ended up (lib/http/request-url.ts).
  const problem = requestUrlProblem(request.nextUrl.pathname, request.nextUrl.search);
  if (problem) {
    return new NextResponse(`Bad request: ${problem}\n`, {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  }
  // One id per request, on every log line written for it (lib/logging): the caller's, or new.
  const requestId = requestIdFrom(request.headers);
  if (request.nextUrl.pathname.startsWith("/api/") || request.nextUrl.pathname === "/metrics") {
    // The APIs (and the metrics) answer JSON or text and carry the static policy from next.config.ts.
    const apiHeaders = new Headers(request.headers);
    apiHeaders.set(REQUEST_ID_HEADER, requestId);
    const response = NextResponse.next({ request: { headers: apiHeaders } });
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  }
  const headers = new Headers(request.headers);
  headers.set(REQUEST_ID_HEADER, requestId);
  headers.set(REQUEST_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const policy = contentSecurityPolicy(nonce);
  headers.set("content-security-policy", policy);

  // /t/<token>: the token goes on as a request header, because next-intl's request config
  // (i18n/request.ts) sees headers, not route params. (A client sending the header to another
  // route can only choose the language of its own response.)
  const tracking = request.nextUrl.pathname.startsWith("/t/");
  if (tracking) {
    headers.set(TRACKING_TOKEN_HEADER, (request.nextUrl.pathname.split("/")[2] ?? "").slice(0, 64));
  } else {
    headers.delete(TRACKING_TOKEN_HEADER);
  }
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  if (tracking) {
    // Never cached, never sent as a Referer, never indexed: the URL is the key.
    response.headers.set("cache-control", "private, no-store");
    response.headers.set("referrer-policy", "no-referrer");
    response.headers.set("x-robots-tag", "noindex, nofollow");
  }
  return response;
}

// Pages, their server actions and the APIs (for the URL check); not static files (public/).
export const config = {
  matcher: [
    {
      source:
        "/((?!_next/static|_next/image|favicon.ico|robots.txt|icon.svg|apple-touch-icon.png|manifest.webmanifest|icons/).*)",
    },
  ],
};
