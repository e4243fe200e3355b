import { afterEach, describe, expect, it, vi } from "vitest";

async function settingsWith(vars: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [key, value] of Object.entries(vars)) {
    vi.stubEnv(key, value);
  }
  const { runtimeSettings } = await import("./env");
  return runtimeSettings;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("runtime settings", () => {
  it("turns the demo switcher on with the embedded database only", async () => {
    expect((await settingsWith({ EMBEDDED_DATABASE: "1", DEMO_MODE: undefined }))().demoMode).toBe(true);
    expect(
      (await settingsWith({ EMBEDDED_DATABASE: "0", DEMO_MODE: undefined, DATABASE_URL: "postgresql://db/x" }))()
        .demoMode,
    ).toBe(false);
  });

  it("refuses the demo switcher in production with a real database", async () => {
    const settings = await settingsWith({
      NODE_ENV: "production",
      DATABASE_URL: "postgresql://db.internal/payouts",
      EMBEDDED_DATABASE: "0",
      DEMO_MODE: "1",
    });
    expect(() => settings()).toThrow(/DEMO_MODE=1 .* refused in production/);
  });

  it("derives the public URL from the port", async () => {
    expect((await settingsWith({ PORT: "4000", APP_URL: undefined }))().appUrl).toBe("http://localhost:4000");
  });

  it("rejects a port that is not a port, naming the variable", async () => {
    await expect(settingsWith({ PORT: "eighty" })).rejects.toThrow(/environment variables/i);
  });
});
