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

  it("never implies demo mode in production, also on the embedded database; DEMO_MODE=1 turns it on there", async () => {
    const production = { NODE_ENV: "production", EMBEDDED_DATABASE: "1", DATABASE_URL: undefined };
    expect((await settingsWith({ ...production, DEMO_MODE: undefined }))().demoMode).toBe(false);
    expect((await settingsWith({ ...production, DEMO_MODE: "1" }))().demoMode).toBe(true);
    expect((await settingsWith({ ...production, EMBEDDED_DATABASE: "0", DEMO_MODE: undefined }))().demoMode).toBe(
      false,
    );
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

  it("states the public URL without a trailing slash, so that links append a path to it", async () => {
    expect((await settingsWith({ APP_URL: "https://payouts.example.com/" }))().appUrl).toBe(
      "https://payouts.example.com",
    );
    const { appUrl } = await import("./env");
    expect(appUrl).toBe("https://payouts.example.com");
  });

  it("takes a pool size of 10 connections unless told, and refuses one that is not a size", async () => {
    vi.resetModules();
    expect((await import("./env")).env.DATABASE_POOL_SIZE).toBe(10);
    await expect(settingsWith({ DATABASE_POOL_SIZE: "0" })).rejects.toThrow(/environment variables/i);
    await expect(settingsWith({ DATABASE_POOL_SIZE: "ten" })).rejects.toThrow(/environment variables/i);
    await settingsWith({ DATABASE_POOL_SIZE: "25" });
    expect((await import("./env")).env.DATABASE_POOL_SIZE).toBe(25);
  });

  it("rejects a port that is not a port, naming the variable", async () => {
    await expect(settingsWith({ PORT: "eighty" })).rejects.toThrow(/environment variables/i);
  });
});

describe("trusted proxies", () => {
  async function proxiesWith(value: string | undefined) {
    vi.resetModules();
    vi.stubEnv("TRUSTED_PROXIES", value);
    return (await import("./env")).trustedProxies;
  }

  it("reads addresses and ranges, none when unset, and stops the start naming a bad entry", async () => {
    expect((await proxiesWith(undefined))()).toBeNull();
    const list = (await proxiesWith("10.0.0.0/8, 2001:db8::1"))();
    expect(list?.check("10.1.2.3", "ipv4")).toBe(true);
    expect(list?.check("2001:db8::1", "ipv6")).toBe(true);
    expect(list?.check("11.0.0.1", "ipv4")).toBe(false);
    await expect(proxiesWith("10.0.0.0/8, lb.internal")).rejects.toThrow(/environment variables/i);
  });
});

describe("notification settings", () => {
  async function notifyWith(vars: Record<string, string | undefined>) {
    vi.resetModules();
    for (const [key, value] of Object.entries(vars)) {
      vi.stubEnv(key, value);
    }
    const { notifySettings } = await import("./env");
    return notifySettings;
  }
  const none = {
    SMTP_URL: undefined,
    TWILIO_ACCOUNT_SID: undefined,
    TWILIO_AUTH_TOKEN: undefined,
    TWILIO_FROM: undefined,
    TWILIO_MESSAGING_SERVICE_SID: undefined,
  };

  it("records messages in the dev outbox when nothing is configured", async () => {
    const settings = (await notifyWith(none))();
    expect(settings.smtpUrl).toBeNull();
    expect(settings.twilio).toBeNull();
  });

  it("names the missing variables when SMS is half configured", async () => {
    const settings = await notifyWith({ ...none, TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}` });
    expect(() => settings()).toThrow(/TWILIO_AUTH_TOKEN, TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID/);
  });

  it("takes a complete Twilio configuration with a messaging service instead of a number", async () => {
    const settings = (
      await notifyWith({
        ...none,
        TWILIO_ACCOUNT_SID: `AC${"1".repeat(32)}`,
        TWILIO_AUTH_TOKEN: "0123456789abcdef0123",
        TWILIO_MESSAGING_SERVICE_SID: `MG${"2".repeat(32)}`,
      })
    )();
    expect(settings.twilio).toMatchObject({ from: null, messagingServiceSid: `MG${"2".repeat(32)}` });
  });

  it("refuses a sender that is not an E.164 number", async () => {
    await expect(notifyWith({ ...none, TWILIO_FROM: "0151 1234" })).rejects.toThrow();
  });
});
