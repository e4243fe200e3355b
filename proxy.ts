import { type NextRequest, NextResponse } from "next/server";
import { TRACKING_TOKEN_HEADER } from "@/lib/tracking/header";

// Only for /t/<token>: pass the token on as a request header, because next-intl's request
// config (i18n/request.ts) sees headers, not route params. (A client sending the header
// to another route can only choose the language of its own response.) The answer is
// never cached, never sent as a Referer, never indexed: the URL is the key.
export function proxy(request: NextRequest): NextResponse {
  const headers = new Headers(request.headers);
  const token = request.nextUrl.pathname.split("/")[2] ?? "";
  headers.set(TRACKING_TOKEN_HEADER, token.slice(0, 64));
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("cache-control", "private, no-store");
  response.headers.set("referrer-policy", "no-referrer");
  response.headers.set("x-robots-tag", "noindex, nofollow");
  return response;
}

export const config = { matcher: "/t/:token*" };
