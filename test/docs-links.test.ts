import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, read } from "./source-files";

// README.md and docs/: every link inside the repository leads to a file that exists, and
// every "#section" to a heading of that file (issue #15, point 9).

const MARKDOWN = ["README.md", ...readdirSync(path.join(ROOT, "docs")).map((name) => `docs/${name}`)].filter((f) =>
  f.endsWith(".md"),
);

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, "")
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchorsOf(file: string): Set<string> {
  const text = read(path.join(ROOT, file)).replace(/```[\s\S]*?```/g, "");
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => headingAnchor(m[1] ?? "")));
}

/** The links of a Markdown file that stay inside the repository: [file, anchor]. */
function localLinks(file: string): { target: string; anchor: string | null; raw: string }[] {
  const text = read(path.join(ROOT, file)).replace(/```[\s\S]*?```/g, "");
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] ?? "")
    .filter((href) => !/^[a-z][a-z0-9+.-]*:/i.test(href))
    .map((href) => {
      const [target = "", anchor] = href.split("#");
      const resolved = target === "" ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), target));
      return { target: resolved, anchor: anchor ?? null, raw: href };
    });
}

describe("the manual's links", () => {
  it("covers README.md and the docs", () => {
    expect(MARKDOWN).toContain("README.md");
    expect(MARKDOWN.length).toBeGreaterThan(5);
    // README points into docs/, and the docs into each other and into the code
    expect(localLinks("README.md").filter((link) => link.target.startsWith("docs/")).length).toBeGreaterThan(5);
  });

  it.each(MARKDOWN)("%s links only to files and sections that exist", (file) => {
    const broken = localLinks(file).filter(({ target, anchor }) => {
      const full = path.join(ROOT, target);
      if (!existsSync(full)) {
        return true;
      }
      return anchor !== null && target.endsWith(".md") && !anchorsOf(target).has(anchor);
    });
    expect(broken.map((link) => link.raw)).toEqual([]);
  });

  it("spells anchors as GitHub does", () => {
    expect(headingAnchor("Tracking links")).toBe("tracking-links");
    expect(headingAnchor("`npm run bench`: figures")).toBe("npm-run-bench-figures");
    expect(headingAnchor("Upgrades (rolling)")).toBe("upgrades-rolling");
  });
});
