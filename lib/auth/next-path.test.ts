import { describe, expect, it } from "vitest";
import { onAppOrigin, safeNext } from "./next-path";

describe("safeNext", () => {
  it("keeps a path inside the app and drops other sites", () => {
    expect(safeNext("/payouts/PT-7K3M9Q2X")).toBe("/payouts/PT-7K3M9Q2X");
    for (const bad of [
      "//evil.example/x",
      "https://evil.example",
      "/\\evil.example",
      "payouts",
      "/a b",
      42,
      "/payouts\u0000",
      "/payouts\u001b",
      "/payouts\u007f",
      "/payouts\u0085",
    ]) {
      expect(safeNext(bad)).toBeUndefined();
    }
  });
});

describe("onAppOrigin", () => {
  const app = "https://track.example.com";

  it("moves a sign-in link that a forged Host header pointed elsewhere back to the app, callback included", () => {
    const forged =
      "https://evil.example/api/auth/callback/email?callbackUrl=https%3A%2F%2Fevil.example%2Fadmin%2Fpayouts&token=abc&email=ada%40example.com";
    const link = new URL(onAppOrigin(forged, app));
    expect(link.origin).toBe(app);
    expect(link.pathname).toBe("/api/auth/callback/email");
    expect(link.searchParams.get("token")).toBe("abc");
    expect(link.searchParams.get("email")).toBe("ada@example.com");
    expect(link.searchParams.get("callbackUrl")).toBe(`${app}/admin/payouts`);
  });

  it("leaves a link already on the app's origin as it was", () => {
    const good = `${app}/api/auth/callback/email?callbackUrl=${encodeURIComponent(`${app}/payouts`)}&token=t&email=a%40b.de`;
    expect(onAppOrigin(good, app)).toBe(good);
  });
});
