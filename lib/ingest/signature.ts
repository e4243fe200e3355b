import { createHmac, timingSafeEqual } from "node:crypto";

/** Signatures older or newer than this are rejected (replay window). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` for a body. */
export function signPayload(secret: string, rawBody: string | Buffer, timestamp: number): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, rawBody)}`;
}

function hmac(secret: string, timestamp: number | string, rawBody: string | Buffer): string {
  return createHmac("sha256", secret).update(`${timestamp}.`).update(rawBody).digest("hex");
}

/**
 * Checks a `Payout-Signature` header against every configured secret (two during a
 * rotation), in constant time per candidate. The header may carry several v1 values.
 */
export function verifySignature(
  header: string | null,
  rawBody: Buffer,
  secrets: readonly string[],
  nowSeconds: number,
): SignatureCheck {
  if (!header) {
    return { ok: false, reason: "missing Payout-Signature header" };
  }
  if (header.length > 1024) {
    return { ok: false, reason: "malformed Payout-Signature header" };
  }
  let timestamp: string | undefined;
  const candidates: string[] = [];
  for (const part of header.split(",")) {
    const [key, value, ...rest] = part.trim().split("=");
    if (rest.length > 0 || !value) {
      return { ok: false, reason: "malformed Payout-Signature header" };
    }
    if (key === "t") {
      timestamp = value;
    } else if (key === "v1") {
      candidates.push(value);
    }
  }
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || candidates.length === 0) {
    return { ok: false, reason: "malformed Payout-Signature header" };
  }
  if (Math.abs(nowSeconds - Number(timestamp)) > SIGNATURE_TOLERANCE_SECONDS) {
    return { ok: false, reason: "signature timestamp outside the 300 s tolerance" };
  }
  for (const secret of secrets) {
    const expected = Buffer.from(hmac(secret, timestamp, rawBody), "hex");
    for (const candidate of candidates) {
      if (!/^[0-9a-f]{64}$/i.test(candidate)) {
        continue;
      }
      if (timingSafeEqual(expected, Buffer.from(candidate, "hex"))) {
        return { ok: true };
      }
    }
  }
  return { ok: false, reason: "signature does not match" };
}
