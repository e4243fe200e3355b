import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startEmbeddedPostgres } from "./embedded-postgres";

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "pt-embedded-"));
  await chmod(root, 0o755);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

describe("embedded PostgreSQL", () => {
  it("keeps its data across restarts", async () => {
    const dataDir = path.join(root, "restart");
    const first = await startEmbeddedPostgres({ dataDir });
    await query(first.url, "create table kept (v text); insert into kept values ('still here')");
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir });
    const rows = await query(second.url, "select v from kept");
    expect(rows.rows).toEqual([{ v: "still here" }]);
    await second.stop();
  });

  it("uses a free port when the preferred one is taken, and says so", async () => {
    const busy = await freePort();
    const blocker = net.createServer().listen(busy, "127.0.0.1");
    await new Promise((resolve) => blocker.once("listening", resolve));
    const lines: string[] = [];
    try {
      const db = await startEmbeddedPostgres({
        dataDir: path.join(root, "port"),
        port: busy,
        log: (l) => lines.push(l),
      });
      expect(db.port).not.toBe(busy);
      expect(lines.join("\n")).toContain(`port ${busy} is in use`);
      await db.stop();
    } finally {
      blocker.close();
    }
  });

  it("refuses, with a clear message, a data directory a running process is using", async () => {
    const dataDir = path.join(root, "busy");
    const db = await startEmbeddedPostgres({ dataDir });
    try {
      await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/in use by another running process/);
      expect((await query(db.url, "select 1 as ok")).rows).toEqual([{ ok: 1 }]); // and it keeps running
    } finally {
      await db.stop();
    }
  });

  it("starts over a stale postmaster.pid left by a crash", async () => {
    const dataDir = path.join(root, "stale");
    const db = await startEmbeddedPostgres({ dataDir });
    await db.stop();
    // A lock file naming a process that no longer exists.
    await writeFile(path.join(dataDir, "postmaster.pid"), `999999\n${dataDir}\n0\n5432\n`);
    const again = await startEmbeddedPostgres({ dataDir });
    expect((await query(again.url, "select 1 as ok")).rows).toEqual([{ ok: 1 }]);
    await again.stop();
  });

  it("leaves the exit code to the process that started it, and stops with it", async () => {
    const dataDir = path.join(root, "exit-code");
    // Sets a failing exit code and ends without stopping the server: the exit code must
    // survive (embedded-postgres in-process exited with 0, issue #18) and the server stop.
    const starter = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "-e",
        `import("${path.resolve("lib/db/embedded-postgres.ts")}").then(async (m) => { const db = await m.startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} }); console.log("READY " + db.url); process.exitCode = 3; });`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let url = "";
    starter.stdout?.on("data", (chunk: Buffer) => {
      url ||= /READY (\S+)/.exec(chunk.toString())?.[1] ?? "";
    });
    const code = await new Promise((resolve) => starter.once("exit", resolve));
    expect(code).toBe(3);
    expect(url).toMatch(/^postgresql:/);
    // The server went with it: it shuts down cleanly (postgres removes its lock file).
    await expect.poll(() => existsSync(path.join(dataDir, "postmaster.pid")), { timeout: 20_000 }).toBe(false);
    const again = await startEmbeddedPostgres({ dataDir });
    expect((await query(again.url, "select 1 as ok")).rows).toEqual([{ ok: 1 }]);
    await again.stop();
  }, 60_000);

  it("recovers when the process that started it was killed with SIGKILL", async () => {
    const dataDir = path.join(root, "orphan");
    // A starter process that starts the server, reports, and is then killed hard.
    const starter = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "-e",
        `import("${path.resolve("lib/db/embedded-postgres.ts")}").then(async (m) => { const db = await m.startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} }); console.log("READY " + db.url); setInterval(() => {}, 1000); });`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const url = await new Promise<string>((resolve, reject) => {
      starter.stdout?.on("data", (chunk: Buffer) => {
        const match = /READY (\S+)/.exec(chunk.toString());
        if (match?.[1]) {
          resolve(match[1]);
        }
      });
      starter.once("exit", (code) => reject(new Error(`starter exited with ${code}`)));
    });
    await query(url, "create table survived (v int); insert into survived values (42)");
    starter.kill("SIGKILL");
    await new Promise((resolve) => starter.once("exit", resolve));

    const db = await startEmbeddedPostgres({ dataDir });
    expect((await query(db.url, "select v from survived")).rows).toEqual([{ v: 42 }]);
    await db.stop();
  }, 60_000);
});
