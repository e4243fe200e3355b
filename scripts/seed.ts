/**
 * Adds demo data: `npm run seed -- [--scale N]` (see lib/seed/args.ts for the usage text).
 * Uses DATABASE_URL, or the embedded PostgreSQL in ./.data/pg when it is unset.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { resolveSecrets } from "../lib/config/dev-secrets";
import { readScriptSettings, seedSettings } from "../lib/config/scripts";
import { type OpenDatabase, openDatabase } from "../lib/db/bootstrap";
import { createDb } from "../lib/db/client";
import { parseSeedArgs, SEED_USAGE } from "../lib/seed/args";
import { seed } from "../lib/seed/seed";

const log = (line: string) => console.log(`seed: ${line}`);
const IN_USE_HINT = "stop npm start first, or set DATABASE_URL to seed another database.";

async function main(): Promise<number> {
  const args = parseSeedArgs(process.argv.slice(2));
  if (!args.ok) {
    console.error(`seed: ${args.message}\n\n${SEED_USAGE}`);
    return 1;
  }
  if (args.help) {
    console.log(SEED_USAGE);
    return 0;
  }

  const config = readScriptSettings(seedSettings);
  if (!config.ok) {
    console.error(`seed: ${config.problems.join("\n")}`);
    return 1;
  }
  const databaseUrl = config.settings.DATABASE_URL;
  const dataDir = path.resolve(".data", "pg");
  if (!databaseUrl) {
    const owner = await embeddedServerOwner(dataDir);
    if (owner !== null) {
      console.error(
        `seed: the embedded PostgreSQL in ${dataDir} is in use by process ${owner} (npm start?): ${IN_USE_HINT}`,
      );
      return 1;
    }
    log(`DATABASE_URL is not set: using the embedded PostgreSQL in ${dataDir}`);
  }

  let database: OpenDatabase;
  try {
    database = await openDatabase({ databaseUrl, dataDir, log });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`seed: could not open the database.\n${message}`);
    if (!databaseUrl) {
      console.error(`seed: if npm start is running, ${IN_USE_HINT}`);
    }
    return 1;
  }

  const db = createDb(database.url);
  try {
    log(`adding ${200 * args.scale} payouts (scale ${args.scale}) …`);
    const started = performance.now();
    // The seeded surveys' links are signed like the app signs them (AUTH_SECRET, or the development one npm start uses).
    const linkSecret =
      config.settings.AUTH_SECRET ||
      (databaseUrl
        ? undefined
        : (await resolveSecrets({}, { production: false, dataDir: path.resolve(".data") })).secrets.AUTH_SECRET);
    const result = await seed(db, { scale: args.scale, linkSecret });
    const seconds = (performance.now() - started) / 1000;
    log(`added ${result.customers} customers and ${result.payouts} payouts in ${seconds.toFixed(1)} s`);
    return 0;
  } finally {
    await db.$disconnect();
    await database.close();
  }
}

/**
 * The process running the embedded PostgreSQL of `dataDir`, if one other than an
 * orphan does. Opening the data directory would stop that server (it looks like
 * the orphan of a crashed run), pulling the database from under `npm start`.
 * Linux only (/proc); elsewhere a second server fails on postgres's own lock.
 */
async function embeddedServerOwner(dataDir: string): Promise<number | null> {
  const pidFile = await readFile(path.join(dataDir, "postmaster.pid"), "utf8").catch(() => "");
  const pid = Number.parseInt(pidFile.split("\n")[0] ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0) {
    return null;
  }
  const command = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  if (!command.includes("postgres")) {
    return null; // not running (or the pid now belongs to something else)
  }
  // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may contain spaces.
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  const ppid = Number.parseInt(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1] ?? "", 10);
  if (!Number.isInteger(ppid) || ppid <= 1) {
    return null; // an orphan of a crashed run (re-parented to init): openDatabase stops it
  }
  const parent = await readFile(`/proc/${ppid}/cmdline`, "utf8").catch(() => "");
  return parent.includes("node") ? ppid : null;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error("seed: failed:", error);
  process.exitCode = 1;
}
