import { afterAll, describe, expect, it, vi } from "vitest";
import { ingestBody, signed, TEST_SECRET } from "./ingest-helpers";

afterAll(async () => {
  vi.unstubAllEnvs();
  const { closePgPool } = await import("../lib/db/client");
  await closePgPool();
});

describe("POST /api/v1/events during a database outage", () => {
  it("answers 503 with Retry-After, so the sender retries the same event", async () => {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    vi.stubEnv("DATABASE_URL", "postgresql://postgres:postgres@127.0.0.1:1/none");
    vi.stubEnv("INGEST_SIGNING_SECRET", TEST_SECRET);
    vi.resetModules();
    const { POST } = await import("../app/api/v1/events/route");
    const { rawBody, signature } = signed(ingestBody(), new Date());
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await POST(
      new Request("http://localhost/api/v1/events", {
        method: "POST",
        body: rawBody,
        headers: { "content-type": "application/json", "payout-signature": signature },
      }),
    );
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.json()).toMatchObject({ error: "unavailable" });
    // The log names the kind of failure, not the event or the customer.
    expect(JSON.stringify(errors.mock.calls)).not.toContain("Ada");
    errors.mockRestore();
  });
});
