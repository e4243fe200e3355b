import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The page policy (proxy.ts) allows only scripts with the response's nonce, which Next adds
// only when it renders for a request: a prerendered page's scripts are all blocked (/about
// was force-static). The browser-level check is e2e/headers.spec.ts.
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : [full];
  });
}

describe("pages", () => {
  it("opt out of prerendering nowhere (no force-static, revalidate or generateStaticParams)", () => {
    const app = path.resolve(import.meta.dirname, "../app");
    const layoutsAndPages = files(app).filter((f) => /\/(page|layout)\.tsx$/.test(f));
    expect(layoutsAndPages.length).toBeGreaterThan(10);
    const static_ = layoutsAndPages.filter((f) =>
      /dynamic\s*=\s*["']force-static["']|export\s+const\s+revalidate\b|generateStaticParams/.test(
        readFileSync(f, "utf8"),
      ),
    );
    expect(static_.map((f) => path.relative(app, f))).toEqual([]);
  });
});
