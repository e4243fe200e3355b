import { randomUUID } from "node:crypto";
import { signPayload } from "../lib/ingest/signature";

export const TEST_SECRET = "test-ingest-secret-0123456789abcdef";

export function ingestBody(overrides: { id?: string; occurred_at?: string; payout?: Record<string, unknown> } = {}) {
  const { payout, ...rest } = overrides;
  return {
    id: `evt_${randomUUID()}`,
    type: "payout.updated",
    occurred_at: "2026-11-22T10:00:00Z",
    ...rest,
    payout: {
      external_id: "po_123",
      customer: {
        external_id: "cus_9",
        name: "Ada Lovelace",
        email: "Ada@Example.com",
        phone: "+49 151 12345678",
        locale: "de",
        timezone: "Europe/Berlin",
      },
      amount_minor: 125000,
      currency: "EUR",
      method: "sepa",
      destination: { label: "DE•• 1234" },
      stage: "PROCESSING",
      reason_code: null,
      note: null,
      ...payout,
    },
  };
}

/** A signed request as a payout system sends it. */
export function signed(body: unknown, now: Date, secret = TEST_SECRET) {
  const rawBody = Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
  return { rawBody, signature: signPayload(secret, rawBody, Math.floor(now.getTime() / 1000)) };
}
