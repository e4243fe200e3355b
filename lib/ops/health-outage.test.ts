import { afterAll, describe, expect, it, vi } from "vitest";

afterAll(async () => {
  vi.unstubAllEnvs();
  const { closePgPool } = await import("../db/client");
  await closePgPool();
});

describe("GET /api/health while the database cannot be reached", () => {
  it("answers 503 with Retry-After, naming no host or user", async () => {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    vi.stubEnv("DATABASE_URL", "postgresql://secret_user:secret_pw@127.0.0.1:1/none");
    vi.resetModules();
    const { GET } = await import("../../app/api/health/route");
    const response = await GET(new Request("http://localhost/api/health"));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      status: "unavailable",
      database: "unreachable",
      error: "the database cannot be reached",
    });
    expect(text).not.toContain("secret");
    expect(text).not.toContain("127.0.0.1");
  });
});
