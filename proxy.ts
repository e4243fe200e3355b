import { type NextRequest, NextResponse } from "next/server";
import { TRACKING_TOKEN_HEADER } from "@/lib/tracking/header";

// Only for /t/<token>: pass the token on as a request header, because next-intl's request
// config (i18n/request.ts) sees headers, not route params. A client cannot smuggle the
// header in elsewhere: it is replaced here and only read for this route.
export function proxy(request: NextRequest): NextResponse {
  const headers = new Headers(request.headers);
  const token = request.nextUrl.pathname.split("/")[2] ?? "";
  headers.set(TRACKING_TOKEN_HEADER, token.slice(0, 64));
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: "/t/:token*" };
