import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bareChildEnvironment } from "../test/child-env";

// `npm run start:web` refuses a configuration it cannot serve, naming the problem, before it
// touches the database or starts next.

const ROOT = path.resolve(import.meta.dirname, "..");

function startWeb(env: { NODE_ENV?: "production" | "development"; DATABASE_URL?: string; DEMO_MODE?: string }) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/start-web.ts"], {
    cwd: ROOT,
    env: { ...bareChildEnvironment(), ...env, NODE_ENV: env.NODE_ENV ?? "development" },
    encoding: "utf8",
    timeout: 30_000,
  });
  const lines = `${result.stdout}${result.stderr}`
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { level: string; msg: string });
  return { status: result.status, lines };
}

describe("npm run start:web", () => {
  it("needs a DATABASE_URL: every web process shares one database", () => {
    const { status, lines } = startWeb({});
    expect(status).toBe(1);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: "fatal", msg: expect.stringMatching(/^DATABASE_URL: must be set/) }),
    );
  });

  it("refuses demo mode in production", () => {
    const { status, lines } = startWeb({
      DATABASE_URL: "postgresql://app:pw@127.0.0.1:1/payouts",
      NODE_ENV: "production",
      DEMO_MODE: "1",
    });
    expect(status).toBe(1);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: "fatal", msg: expect.stringContaining("DEMO_MODE") }),
    );
    // the URL's password is not in the log
    expect(JSON.stringify(lines)).not.toContain(":pw@");
  });
});
