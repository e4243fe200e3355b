import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { env } from "../env";
import { PrismaClient } from "./generated/client.ts";

export type { Prisma } from "./generated/client.ts";
export type Db = PrismaClient;
/** The client inside `db.$transaction(async (tx) => …)`. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/**
 * Settings every connection gets, from Prisma's pool and from ours alike:
 * - TimeZone=UTC: @prisma/adapter-pg writes timestamps as UTC wall time without an offset
 *   and reads them back as UTC, while node-postgres sends and reads real offsets; on a
 *   session in any other zone the two would disagree by the offset.
 * - timeouts, so that an unreachable or stuck database answers an error, not a hang.
 */
export const CONNECTION_SETTINGS = {
  options:
    "-c TimeZone=UTC -c statement_timeout=15000 -c lock_timeout=10000 -c idle_in_transaction_session_timeout=30000",
  connectionTimeoutMillis: 5000,
  keepAlive: true,
} as const;

export function createDb(url: string, poolSize = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: poolSize, ...CONNECTION_SETTINGS }) });
}

const globalForDb = globalThis as unknown as { __payoutTrackerDb?: PrismaClient; __payoutTrackerDbUrl?: string };

/**
 * Points this process's getDb() and getPgPool() at `url` instead of DATABASE_URL: for a
 * script that opened its database itself (`npm start`'s embedded PostgreSQL) and runs app
 * code in its own process (the worker). Call it before the first getDb() / getPgPool().
 */
export function setDatabaseUrl(url: string): void {
  globalForDb.__payoutTrackerDbUrl = url;
}

/** The database of this process: the one a script set (setDatabaseUrl), else DATABASE_URL (lib/env.ts). */
export function databaseUrl(): string {
  const url = globalForDb.__payoutTrackerDbUrl ?? env.DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set. Start the app with `npm start`, which starts the embedded PostgreSQL.");
  }
  return url;
}

/** The process-wide client; created on first use so that builds and imports need no database. */
export function getDb(): PrismaClient {
  if (!globalForDb.__payoutTrackerDb) {
    globalForDb.__payoutTrackerDb = createDb(databaseUrl(), env.DATABASE_POOL_SIZE);
  }
  return globalForDb.__payoutTrackerDb;
}

const globalForPool = globalThis as unknown as { __payoutTrackerPool?: { url: string; pool: pg.Pool } };

/**
 * A plain node-postgres pool on the same database, for the few hot write paths that run
 * hand-written SQL (lib/db/sql.ts). Created on first use, on the same database as getDb().
 */
export function getPgPool(): pg.Pool {
  const url = databaseUrl();
  if (globalForPool.__payoutTrackerPool?.url !== url) {
    void globalForPool.__payoutTrackerPool?.pool.end(); // a new URL (tests): let the old pool go
    const pool = new pg.Pool({
      connectionString: url,
      max: env.DATABASE_POOL_SIZE,
      ...CONNECTION_SETTINGS,
    });
    pool.on("error", () => {}); // an idle client's error surfaces on its next query
    globalForPool.__payoutTrackerPool = { url, pool };
  }
  return globalForPool.__payoutTrackerPool.pool;
}

export async function closePgPool(): Promise<void> {
  const current = globalForPool.__payoutTrackerPool;
  globalForPool.__payoutTrackerPool = undefined;
  await current?.pool.end();
}
