import { expect, test } from "./fixtures";

test("every page forbids framing and sniffing, and sends a strict referrer policy", async ({ request }) => {
  for (const path of ["/about", "/payouts", "/admin/payouts", "/api/v1/openapi.json"]) {
    const response = await request.get(path);
    const headers = response.headers();
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(headers["strict-transport-security"], path).toContain("max-age=");
    expect(headers["x-powered-by"], path).toBeUndefined();
  }
});

test("a tracking link's page is never cached, indexed or sent on as a referrer", async ({ request }) => {
  const response = await request.get("/t/AAAAAAAAAAAAAAAAAAAAAA");
  expect(response.status()).toBe(404);
  expect(response.headers()["cache-control"]).toContain("no-store");
  expect(response.headers()["referrer-policy"]).toBe("no-referrer");
  expect(response.headers()["x-robots-tag"]).toContain("noindex");
});
