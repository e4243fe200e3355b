import { describe, expect, it } from "vitest";
import { DEMO_MODE_REFUSED, demoModeOn } from "./demo-mode";

const embedded = { embedded: true, ownDatabase: false };
const own = { embedded: false, ownDatabase: true };

describe("demo mode", () => {
  it("is on by default with the embedded database in development", () => {
    expect(demoModeOn({ nodeEnv: undefined, demoMode: undefined, ...embedded })).toBe(true);
    expect(demoModeOn({ nodeEnv: "development", demoMode: undefined, ...embedded })).toBe(true);
    expect(demoModeOn({ nodeEnv: "development", demoMode: undefined, ...own })).toBe(false);
  });

  it("is never implied in production, also without a DATABASE_URL (one-click ADMIN for anyone)", () => {
    expect(demoModeOn({ nodeEnv: "production", demoMode: undefined, ...embedded })).toBe(false);
    expect(demoModeOn({ nodeEnv: "production", demoMode: undefined, ...own })).toBe(false);
  });

  it("follows an explicit DEMO_MODE, and refuses DEMO_MODE=1 in production with a real database", () => {
    expect(demoModeOn({ nodeEnv: "production", demoMode: "1", ...embedded })).toBe(true);
    expect(demoModeOn({ nodeEnv: "development", demoMode: "1", ...own })).toBe(true);
    expect(demoModeOn({ nodeEnv: "development", demoMode: "0", ...embedded })).toBe(false);
    expect(() => demoModeOn({ nodeEnv: "production", demoMode: "1", ...own })).toThrow(DEMO_MODE_REFUSED);
  });
});
