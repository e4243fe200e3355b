import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const NEXT_BIN = require.resolve("next/dist/bin/next");
const SOURCES = [
  "app",
  "components",
  "lib",
  "i18n",
  "messages",
  "public",
  "next.config.ts",
  "package.json",
  "postcss.config.mjs",
];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) {
    return 0;
  }
  const stat = statSync(entry);
  if (!stat.isDirectory()) {
    return stat.mtimeMs;
  }
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry)) {
    if (!child.endsWith(".test.ts")) {
      newest = Math.max(newest, newestMtime(path.join(entry, child)));
    }
  }
  return newest;
}

/** Builds the production app unless a build newer than every source file exists. */
export async function ensureBuild(log: (line: string) => void): Promise<void> {
  const buildId = path.join(".next", "BUILD_ID");
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= Math.max(...SOURCES.map(newestMtime))) {
    return;
  }
  log("building the app (next build; the first start takes a minute or two)…");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [NEXT_BIN, "build"], {
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit code ${code})`))));
  });
}

export function startNext(port: number, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [NEXT_BIN, "start", "--port", String(port)], {
    stdio: "inherit",
    env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: "1" },
  });
}
