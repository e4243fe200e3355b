import path from "node:path";
import { describe, expect, it } from "vitest";
import { productFiles, ROOT, read } from "./source-files";

// `as never` silences the compiler for any value: a form that sends the wrong field type
// compiles. Product code narrows with a check (components/admin/form-values.ts) instead.
describe("types in product code", () => {
  const files = productFiles("app", "lib", "components");

  it("scans the product tree", () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it("use no `as never` cast", () => {
    const offenders = files.filter((f) => /\bas\s+never\b/.test(read(f))).map((f) => path.relative(ROOT, f));
    expect(offenders).toEqual([]);
  });
});
