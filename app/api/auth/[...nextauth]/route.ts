import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/next-auth";
import { runtimeSettings } from "@/lib/env";

// Only what a browser needs from Auth.js: opening a magic link, reading the session, the CSRF
// token. Sign-in requests go through the app's own forms (rate limits, no hint whether an
// address is known), sign-out through a server action: Auth.js's own POST endpoints are closed.
const OPEN_GET = [/^\/api\/auth\/callback\/email$/, /^\/api\/auth\/session$/, /^\/api\/auth\/csrf$/];

export function GET(request: NextRequest): Promise<Response> | Response {
  if (!OPEN_GET.some((pattern) => pattern.test(request.nextUrl.pathname))) {
    return new Response("Not found", { status: 404 });
  }
  // Auth.js builds its redirects from the request URL; a NextRequest's URL turns any loopback
  // host into "localhost". A plain Request on the app's public address (APP_URL) keeps the
  // browser on the host its cookies belong to.
  const app = new URL(runtimeSettings().appUrl);
  const headers = new Headers(request.headers);
  headers.set("host", app.host);
  headers.set("x-forwarded-host", app.host);
  headers.set("x-forwarded-proto", app.protocol.replace(":", ""));
  const url = request.nextUrl.href.replace(request.nextUrl.origin, app.origin);
  return handlers.GET(new Request(url, { headers, method: "GET" }) as NextRequest);
}

export function POST(): Response {
  return new Response("Not found", { status: 404 });
}
