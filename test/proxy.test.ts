import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { config, proxy } from "../proxy";

// proxy.ts (Next 16's middleware) is the one place a URL with a control character is refused.
const BASE = "http://localhost:3000";

describe("proxy", () => {
  it("answers 400 with a short plain message for a control character in any route's path or query", async () => {
    for (const path of [
      "/admin/payouts?q=%00",
      "/admin/audit?staff=%00",
      "/admin/outbox/%00",
      "/api/payouts/PT-7K3M9Q2X%00/live",
      "/sign-in?next=/payouts%00",
      "/api/v1/events?x=%0a",
    ]) {
      expect(unstable_doesMiddlewareMatch({ config, url: path }), path).toBe(true);
      const response = proxy(new NextRequest(`${BASE}${path}`));
      expect(response.status, path).toBe(400);
      expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await response.text()).toBe("Bad request: The address contains a control character.\n");
    }
  });

  it("gives pages a nonce policy and lets the APIs through untouched", () => {
    const page = proxy(new NextRequest(`${BASE}/payouts?q=PT-1`));
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    // The page learns its own address (the way back from /unavailable), whatever the client sent.
    const forged = proxy(new NextRequest(`${BASE}/payouts?q=PT-1`, { headers: { "x-pt-request-path": "/elsewhere" } }));
    expect(forged.headers.get("x-middleware-request-x-pt-request-path")).toBe("/payouts?q=PT-1");
    const api = proxy(new NextRequest(`${BASE}/api/payouts/PT-7K3M9Q2X/live`));
    expect(api.status).toBe(200);
    expect(api.headers.get("content-security-policy")).toBeNull();
    expect(api.headers.get("x-middleware-next")).toBe("1");
  });

  it("does not run for static files", () => {
    expect(unstable_doesMiddlewareMatch({ config, url: "/_next/static/chunks/app.js" })).toBe(false);
    expect(unstable_doesMiddlewareMatch({ config, url: "/favicon.ico" })).toBe(false);
  });
});
