import { describe, expect, it } from "vitest";
import { tokenHash, trackingToken } from "./links";

describe("trackingToken", () => {
  it("is 22 URL-safe characters, the same for a notification every time (a resend carries the same link)", () => {
    const token = trackingToken("secret-0123456789abcdef", "evt1:EMAIL");
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(trackingToken("secret-0123456789abcdef", "evt1:EMAIL")).toBe(token);
  });

  it("differs per notification and per secret", () => {
    const a = trackingToken("secret-0123456789abcdef", "evt1:EMAIL");
    expect(trackingToken("secret-0123456789abcdef", "evt1:SMS")).not.toBe(a);
    expect(trackingToken("another-secret-0123456789", "evt1:EMAIL")).not.toBe(a);
  });

  it("is stored only as its SHA-256", () => {
    const token = trackingToken("secret-0123456789abcdef", "evt1:EMAIL");
    expect(tokenHash(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenHash(token)).not.toContain(token);
  });
});
