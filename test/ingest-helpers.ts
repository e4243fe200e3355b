import { randomUUID } from "node:crypto";
import { EXAMPLE_EVENT } from "../lib/ingest/openapi";
import { signPayload } from "../lib/ingest/signature";

export const TEST_SECRET = "test-ingest-secret-0123456789abcdef";

/**
 * The contract's example event (lib/ingest/openapi.ts) with a fresh id; the customer's
 * email and phone are written the way people type them, to exercise normalisation.
 */
export function ingestBody(overrides: { id?: string; occurred_at?: string; payout?: Record<string, unknown> } = {}) {
  const { payout, ...rest } = overrides;
  return {
    ...EXAMPLE_EVENT,
    id: `evt_${randomUUID()}`,
    ...rest,
    payout: {
      ...EXAMPLE_EVENT.payout,
      customer: { ...EXAMPLE_EVENT.payout.customer, email: "Ada@Example.com", phone: "+49 151 12345678" },
      ...payout,
    },
  };
}

/** A signed request as a payout system sends it. */
export function signed(body: unknown, now: Date, secret = TEST_SECRET) {
  const rawBody = Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
  return { rawBody, signature: signPayload(secret, rawBody, Math.floor(now.getTime() / 1000)) };
}
