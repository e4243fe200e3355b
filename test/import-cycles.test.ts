import path from "node:path";
import { describe, expect, it } from "vitest";
import { findCycles, importSpecifiers, productFiles, ROOT, read, resolveImport } from "./source-files";

describe("lib/ imports", () => {
  it("the cycle finder sees a cycle and a clean graph", () => {
    const cyclic = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["a"]],
    ]);
    expect(findCycles(cyclic)).toEqual([["a", "b", "c", "a"]]);
    expect(
      findCycles(
        new Map([
          ["a", ["b", "c"]],
          ["b", ["c"]],
          ["c", []],
        ]),
      ),
    ).toEqual([]);
  });

  it("form no cycle (type-only imports included): shared types live in a leaf module", () => {
    const files = productFiles("lib");
    const inLib = new Set(files);
    const graph = new Map(
      files.map((file) => [
        file,
        importSpecifiers(read(file))
          .map((s) => resolveImport(file, s))
          .filter((target): target is string => target !== null && inLib.has(target)),
      ]),
    );
    expect(graph.size).toBeGreaterThan(50);
    const cycles = findCycles(graph).map((cycle) => cycle.map((f) => path.relative(ROOT, f)).join(" → "));
    expect(cycles).toEqual([]);
  });
});
