import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** The repository's root (this file is in test/). */
export const ROOT = path.resolve(import.meta.dirname, "..");

/** Product source under `dirs` (relative to the root): .ts/.tsx, no tests, no generated client. */
export function productFiles(...dirs: string[]): string[] {
  return sourceFiles(dirs).filter((file) => !/\.test\.tsx?$/.test(file));
}

/** The Vitest files under `dirs` (relative to the root). */
export function testFiles(...dirs: string[]): string[] {
  return sourceFiles(dirs).filter((file) => /\.test\.tsx?$/.test(file));
}

function sourceFiles(dirs: string[]): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        return entry.name === "generated" || entry.name === "node_modules" ? [] : walk(full);
      }
      return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
    });
  return dirs.flatMap((dir) => walk(path.join(ROOT, dir))).sort();
}

export function read(file: string): string {
  return readFileSync(file, "utf8");
}

/** The specifiers of a module's static imports and re-exports (`import type` too; not `import()`). */
export function importSpecifiers(source: string): string[] {
  const found: string[] = [];
  const fromClause = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?[\w$*\s{},]*?\s*from\s+["']([^"']+)["']/g;
  const bare = /(?:^|\n)\s*import\s+["']([^"']+)["']/g;
  for (const pattern of [fromClause, bare]) {
    for (const match of source.matchAll(pattern)) {
      if (match[1]) {
        found.push(match[1]);
      }
    }
  }
  return found;
}

/** The file a specifier names, or null when it is a package or not TypeScript (JSON). */
export function resolveImport(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("@/")) {
    base = path.join(ROOT, specifier.slice(2));
  } else if (specifier.startsWith(".")) {
    base = path.resolve(path.dirname(from), specifier);
  } else {
    return null;
  }
  const candidates = [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")];
  return candidates.find((c) => /\.tsx?$/.test(c) && existsSync(c)) ?? null;
}

/** Every cycle found by a depth-first walk, each as the files on it (the first repeated last). */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === "open") {
        cycles.push([...stack.slice(stack.indexOf(next)), next]);
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) {
    if (!state.has(file)) {
      visit(file);
    }
  }
  return cycles;
}
