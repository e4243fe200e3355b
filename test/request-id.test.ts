import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "../proxy";

const BASE = "http://localhost:3000";

describe("request ids (proxy.ts)", () => {
  it("keeps a sane X-Request-Id from the reverse proxy and answers with it, on pages and APIs", () => {
    for (const path of ["/payouts", "/api/v1/events", "/metrics"]) {
      const response = proxy(new NextRequest(`${BASE}${path}`, { headers: { "x-request-id": "nginx-abc123" } }));
      expect(response.headers.get("x-request-id")).toBe("nginx-abc123");
      // handed on to the route, whose log lines carry it
      expect(response.headers.get("x-middleware-request-x-request-id")).toBe("nginx-abc123");
    }
  });

  it("makes a new one for a missing or unsafe id", () => {
    const made = proxy(new NextRequest(`${BASE}/api/health`)).headers.get("x-request-id");
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = proxy(
      new NextRequest(`${BASE}/payouts`, { headers: { "x-request-id": "a".repeat(129) } }),
    ).headers.get("x-request-id");
    expect(unsafe).toMatch(/^[0-9a-f-]{36}$/);
    expect(unsafe).not.toBe(made);
  });
});
