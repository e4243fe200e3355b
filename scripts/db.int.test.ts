import { type ChildProcess, spawn } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, isPortFree } from "../lib/db/embedded-postgres";
import { poolSql } from "../lib/db/sql";
import { checkHealth } from "../lib/ops/health";
import { bareChildEnvironment } from "../test/child-env";
import { eventually } from "../test/notifications";

// `npm run db`: the embedded PostgreSQL on its own, migrated, its URL printed, stopped by SIGTERM.

const ROOT = path.resolve(import.meta.dirname, "..");
let child: ChildProcess | null = null;
let dataDir = "";

afterAll(async () => {
  if (child?.pid && child.exitCode === null) {
    child.kill("SIGKILL");
  }
  if (dataDir) {
    await rm(path.dirname(dataDir), { recursive: true, force: true });
  }
});

describe("npm run db", () => {
  it("starts a migrated PostgreSQL, prints its DATABASE_URL, and stops on SIGTERM with exit 0", {
    timeout: 120_000,
  }, async () => {
    const tempDir = await mkdtemp(path.join(os.tmpdir(), "payout-tracker-db-"));
    await chmod(tempDir, 0o755); // postgres runs as the `postgres` user when we are root
    dataDir = path.join(tempDir, "pg");
    const port = await freePort();
    const output: string[] = [];
    // node itself, so that the signal reaches the script (not a launcher)
    const proc = spawn(process.execPath, ["--import", "tsx", "scripts/db.ts"], {
      cwd: ROOT,
      env: {
        ...bareChildEnvironment(),
        NODE_ENV: "development",
        DB_PORT: String(port),
        DB_DATA_DIR: dataDir,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    proc.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
    proc.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
    const url = await eventually(async () => /^DATABASE_URL=(\S+)$/m.exec(output.join(""))?.[1], {
      timeoutMs: 100_000,
      message: "the DATABASE_URL line",
    });
    expect(url).toContain(`:${port}/`);

    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const { httpStatus, report } = await checkHealth(poolSql(pool), { deadAfterSeconds: 30, expectWorkers: false });
      expect(httpStatus).toBe(200);
      expect(report).toMatchObject({ status: "ok", database: "ok", migrations: { pending: [] } });
    } finally {
      await pool.end();
    }

    proc.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(await isPortFree(port)).toBe(true);
    // its log lines are JSON; the one plain line is the URL
    for (const line of output.join("").split("\n").filter(Boolean)) {
      if (!line.startsWith("DATABASE_URL=")) {
        expect(() => JSON.parse(line)).not.toThrow();
      }
    }
  });
});
