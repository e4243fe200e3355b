import path from "node:path";
import { describe, expect, it } from "vitest";
import { productFiles, ROOT, read } from "./source-files";

// The app's logs are pino JSON lines that carry the request id and are redacted on the way
// out (lib/logging/logger.ts): product code logs through logger(), never console.*, whose
// lines would bypass both.
const CONSOLE_CALL = /\bconsole\s*\.\s*(?:log|info|warn|error|debug|trace)\s*\(/;

describe("logging", () => {
  it("goes through lib/logging in app/, lib/, components/ and proxy.ts", () => {
    const files = [...productFiles("app", "lib", "components"), path.join(ROOT, "proxy.ts")];
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.filter((file) => CONSOLE_CALL.test(read(file))).map((file) => path.relative(ROOT, file));
    expect(offenders).toEqual([]);
  });

  it("would notice a console call", () => {
    expect(CONSOLE_CALL.test('console.error("failed", error);')).toBe(true);
    expect(CONSOLE_CALL.test('log.error("failed");')).toBe(false);
  });
});
