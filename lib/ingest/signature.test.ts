import * as crypto from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { SIGNATURE_TOLERANCE_SECONDS, signPayload, verifySignature } from "./signature";

// Spy on timingSafeEqual to prove it only ever compares equal-length buffers (it throws otherwise).
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const SECRET = "current-secret-0123456789abcdef";
const PREVIOUS = "previous-secret-0123456789abcdef";
const NOW = 1_795_341_600; // 2026-11-22T10:00:00Z
const body = Buffer.from('{"id":"evt_1","type":"payout.updated"}');

const v1 = (secret: string, raw: Buffer | string, t: number) => signPayload(secret, raw, t).split(",v1=")[1] ?? "";
const verify = (header: string | null, raw = body, secrets: readonly string[] = [SECRET], now = NOW) =>
  verifySignature(header, raw, secrets, now);

beforeEach(() => {
  vi.mocked(crypto.timingSafeEqual).mockClear();
});

describe("signPayload", () => {
  it("is t=<seconds>,v1=<hex HMAC-SHA256 of '<t>.<raw body>'>", () => {
    const expected = crypto.createHmac("sha256", SECRET).update(`${NOW}.${body.toString()}`).digest("hex");
    expect(signPayload(SECRET, body, NOW)).toBe(`t=${NOW},v1=${expected}`);
    expect(signPayload(SECRET, body.toString(), NOW)).toBe(signPayload(SECRET, body, NOW));
  });

  it("signs raw bytes, not a re-encoding of them", () => {
    const raw = Buffer.from([0xff, 0xfe, 0x00, 0x7b]);
    expect(verify(signPayload(SECRET, raw, NOW), raw)).toEqual({ ok: true });
    expect(verify(signPayload(SECRET, raw.toString("utf8"), NOW), raw).ok).toBe(false);
  });
});

describe("verifySignature", () => {
  it("accepts a fresh signature", () => {
    expect(verify(signPayload(SECRET, body, NOW))).toEqual({ ok: true });
  });

  it.each([
    [-SIGNATURE_TOLERANCE_SECONDS, true],
    [SIGNATURE_TOLERANCE_SECONDS, true],
    [-(SIGNATURE_TOLERANCE_SECONDS + 1), false],
    [SIGNATURE_TOLERANCE_SECONDS + 1, false],
  ])("a timestamp %i s away from now is accepted: %s", (offset, ok) => {
    const check = verify(signPayload(SECRET, body, NOW + offset));
    expect(check.ok).toBe(ok);
    if (!ok) {
      expect(check).toEqual({ ok: false, reason: "signature timestamp outside the 300 s tolerance" });
    }
  });

  it("accepts either secret during a rotation, and neither a third", () => {
    expect(verify(signPayload(SECRET, body, NOW), body, [SECRET, PREVIOUS])).toEqual({ ok: true });
    expect(verify(signPayload(PREVIOUS, body, NOW), body, [SECRET, PREVIOUS])).toEqual({ ok: true });
    expect(verify(signPayload("a-third-secret-0123456789", body, NOW), body, [SECRET, PREVIOUS])).toEqual({
      ok: false,
      reason: "signature does not match",
    });
    expect(verify(signPayload(PREVIOUS, body, NOW), body, [SECRET]).ok).toBe(false);
  });

  it("refuses everything when no secret is configured", () => {
    expect(verify(signPayload(SECRET, body, NOW), body, []).ok).toBe(false);
  });

  it("accepts a header with several v1 values when one matches, in any position", () => {
    const good = v1(SECRET, body, NOW);
    const bad = v1("wrong-secret-0123456789abcdef", body, NOW);
    expect(verify(`t=${NOW},v1=${bad},v1=${good}`)).toEqual({ ok: true });
    expect(verify(`t=${NOW},v1=${good},v1=${bad}`)).toEqual({ ok: true });
    expect(verify(`t=${NOW},v1=${v1(PREVIOUS, body, NOW)},v1=${bad}`, body, [SECRET, PREVIOUS])).toEqual({
      ok: true,
    });
    expect(verify(`t=${NOW},v1=${bad},v1=${bad}`).ok).toBe(false);
  });

  it("ignores unknown schemes, tolerates spaces after commas and upper-case hex", () => {
    const good = v1(SECRET, body, NOW);
    expect(verify(`t=${NOW}, v0=abc, v1=${good}`)).toEqual({ ok: true });
    expect(verify(`v1=${good},t=${NOW}`)).toEqual({ ok: true });
    expect(verify(`t=${NOW},v1=${good.toUpperCase()}`)).toEqual({ ok: true });
  });

  it("answers a missing header as missing", () => {
    expect(verify(null)).toEqual({ ok: false, reason: "missing Payout-Signature header" });
    expect(verify("")).toEqual({ ok: false, reason: "missing Payout-Signature header" });
  });

  it.each([
    "garbage",
    "t=,v1=",
    `t=${NOW}`,
    `v1=${"a".repeat(64)}`,
    `t=abc,v1=${"a".repeat(64)}`,
    `t=-5,v1=${"a".repeat(64)}`,
    `t=1.5,v1=${"a".repeat(64)}`,
    `t=1e9,v1=${"a".repeat(64)}`,
    `t=${"9".repeat(13)},v1=${"a".repeat(64)}`,
    `t=${NOW},v1=${"a".repeat(64)}=`,
    `t=${NOW}=1,v1=${"a".repeat(64)}`,
    `t=${NOW},,v1=${"a".repeat(64)}`,
    `t=${NOW};v1=${"a".repeat(64)}`,
    `t=${NOW},v1=${"a".repeat(64)},${"x".repeat(1024)}`,
  ])("rejects the malformed header %j", (header) => {
    expect(verify(header)).toEqual({ ok: false, reason: "malformed Payout-Signature header" });
  });

  it("rejects a tampered body, a tampered timestamp and a tampered signature", () => {
    const header = signPayload(SECRET, body, NOW);
    const tampered = Buffer.from(body.toString().replace("evt_1", "evt_2"));
    expect(verify(header, tampered)).toEqual({ ok: false, reason: "signature does not match" });
    expect(verify(header.replace(`t=${NOW}`, `t=${NOW + 1}`))).toEqual({
      ok: false,
      reason: "signature does not match",
    });
    const good = v1(SECRET, body, NOW);
    const flipped = `${good.slice(0, -1)}${good.endsWith("0") ? "1" : "0"}`;
    expect(verify(`t=${NOW},v1=${flipped}`)).toEqual({ ok: false, reason: "signature does not match" });
    expect(vi.mocked(crypto.timingSafeEqual)).toHaveBeenCalled();
  });

  it.each([
    ["too short", (good: string) => good.slice(0, 62)],
    ["odd length", (good: string) => good.slice(0, 63)],
    ["too long", (good: string) => `${good}00`],
    ["not hex", (good: string) => `${good.slice(0, 62)}zz`],
    ["empty-ish", () => "0"],
  ])("rejects a v1 value that is %s without throwing, comparing only equal lengths", (_label, mutate) => {
    const good = v1(SECRET, body, NOW);
    expect(verify(`t=${NOW},v1=${mutate(good)}`)).toEqual({ ok: false, reason: "signature does not match" });
    // A wrong-length candidate never reaches timingSafeEqual (which would throw on it)...
    expect(vi.mocked(crypto.timingSafeEqual)).not.toHaveBeenCalled();
    // ...and a right-length one next to it is still compared, in constant time.
    expect(verify(`t=${NOW},v1=${mutate(good)},v1=${good}`)).toEqual({ ok: true });
    for (const [a, b] of vi.mocked(crypto.timingSafeEqual).mock.calls) {
      expect((a as Buffer).length).toBe(32);
      expect((b as Buffer).length).toBe(32);
    }
  });
});
