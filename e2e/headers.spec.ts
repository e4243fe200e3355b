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

test("pages run only scripts carrying this response's nonce; the APIs allow nothing at all", async ({
  page,
  request,
}) => {
  const policies = await Promise.all([request.get("/sign-in"), request.get("/sign-in")]).then((rs) =>
    rs.map((r) => r.headers()["content-security-policy"] ?? ""),
  );
  const nonces = policies.map((p) => p.match(/'nonce-([^']+)'/)?.[1]);
  expect(nonces[0]).toBeTruthy();
  expect(nonces[0]).not.toBe(nonces[1]);
  expect(policies[0]).toContain("'strict-dynamic'");
  expect(policies[0]).not.toContain("unsafe-eval");
  expect((await request.get("/api/v1/openapi.json")).headers()["content-security-policy"]).toContain(
    "default-src 'none'",
  );

  // The page still works: Next's own scripts carry the nonce, so the form hydrates and answers.
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) {
      violations.push(m.text());
    }
  });
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill("not-an-address");
  await page.getByRole("button", { name: "Send link" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText(
    "Enter an email address like name@example.com.",
  );
  expect(violations).toEqual([]);
});

// /about was prerendered: its scripts carried no nonce, and the policy blocked every one of them.
test("every page's scripts carry the nonce of its own response, /about included", async ({ page, request }) => {
  for (const path of ["/about", "/sign-in", "/sign-in/staff"]) {
    const responses = [await request.get(path), await request.get(path)];
    const nonces = responses.map((r) => r.headers()["content-security-policy"]?.match(/'nonce-([^']+)'/)?.[1]);
    expect(nonces[0], path).toBeTruthy();
    expect(nonces[0], path).not.toBe(nonces[1]);
    for (const [i, response] of responses.entries()) {
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const script of scripts) {
        expect(script, path).toContain(`nonce="${nonces[i]}"`);
      }
    }
  }
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) {
      violations.push(m.text());
    }
  });
  await page.goto("/about");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(violations).toEqual([]);
});

test("a tracking link's page is never cached, indexed or sent on as a referrer", async ({ request }) => {
  const response = await request.get("/t/AAAAAAAAAAAAAAAAAAAAAA");
  expect(response.status()).toBe(404);
  expect(response.headers()["cache-control"]).toContain("no-store");
  expect(response.headers()["referrer-policy"]).toBe("no-referrer");
  expect(response.headers()["x-robots-tag"]).toContain("noindex");
});
