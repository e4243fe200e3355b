import path from "node:path";
import { describe, expect, it } from "vitest";
import { productFiles, ROOT, read, testFiles } from "../../test/source-files";

// Configuration is read in one place (issue #15): lib/env.ts, for the app and for the scripts'
// settings (lib/config/scripts.ts reads through processEnvironment()). Everything else gets its
// settings from there, as values.
const READS_ENV = /\bprocess\s*(?:\.\s*env\b|\[\s*["'`]env["'`]\s*\])/;

function readsEnvironment(file: string): boolean {
  const relative = path.relative(ROOT, file).split(path.sep).join("/");
  if (relative === "lib/env.ts") {
    return false;
  }
  return READS_ENV.test(read(file));
}

describe("configuration", () => {
  // Tests too: theirs is read in test/ (testDatabaseUrl, bareChildEnvironment).
  it("is read from the process's environment by lib/env.ts only", () => {
    const files = [
      ...productFiles("app", "lib", "components"),
      ...testFiles("app", "lib", "components"),
      path.join(ROOT, "proxy.ts"),
    ];
    expect(files.length).toBeGreaterThan(300);
    const offenders = files.filter(readsEnvironment).map((file) => path.relative(ROOT, file));
    expect(offenders).toEqual([]);
  });

  it("would notice a read", () => {
    // spelled in pieces, so that a search of the tree for reads finds none in this file
    const processEnv = ["process", "env"];
    expect(READS_ENV.test(`const url = ${processEnv.join(".")}.DATABASE_URL;`)).toBe(true);
    expect(READS_ENV.test(`const { PORT } = ${processEnv[0]}["${processEnv[1]}"];`)).toBe(true);
    expect(READS_ENV.test("const url = env.DATABASE_URL;")).toBe(false);
  });
});
