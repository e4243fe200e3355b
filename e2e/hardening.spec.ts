import { expect, test } from "./fixtures";

// issue #14, "Hardening": hostile input answers a clear 4xx, never a 500.

test("a control character in any path or query answers 400 with a short plain message", async ({ request }) => {
  for (const path of [
    "/admin/payouts?q=%00",
    "/admin/audit?staff=%00",
    "/admin/outbox/%00",
    "/api/payouts/PT-7K3M9Q2X%00/live",
    "/sign-in?next=/payouts%00",
    "/sign-in?next=/payouts%0d%0aSet-Cookie:%20x=1",
    "/payouts?q=%1b",
  ]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(400);
    expect(response.headers()["content-type"], path).toContain("text/plain");
    expect(await response.text(), path).toBe("Bad request: The address contains a control character.\n");
  }
  // Ordinary addresses are not affected.
  expect((await request.get("/sign-in?next=/payouts", { maxRedirects: 0 })).status()).toBe(200);
});
