import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client.ts";

export type { Prisma } from "./generated/client.ts";
export type Db = PrismaClient;
/** The client inside `db.$transaction(async (tx) => …)`. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export function createDb(url: string, poolSize = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: poolSize }) });
}

const globalForDb = globalThis as unknown as { __payoutTrackerDb?: PrismaClient };

/** The process-wide client; created on first use so that builds and imports need no database. */
export function getDb(): PrismaClient {
  if (!globalForDb.__payoutTrackerDb) {
    const url = process.env.DATABASE_URL;
    if (!url) {
      throw new Error("DATABASE_URL is not set. Start the app with `npm start`, which starts the embedded PostgreSQL.");
    }
    globalForDb.__payoutTrackerDb = createDb(url, Number(process.env.DATABASE_POOL_SIZE ?? 10));
  }
  return globalForDb.__payoutTrackerDb;
}

const globalForPool = globalThis as unknown as { __payoutTrackerPool?: { url: string; pool: pg.Pool } };

/**
 * A plain node-postgres pool on the same database, for the few hot write paths that run
 * hand-written SQL (lib/db/sql.ts). Created on first use from DATABASE_URL.
 */
export function getPgPool(): pg.Pool {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set. Start the app with `npm start`, which starts the embedded PostgreSQL.");
  }
  if (globalForPool.__payoutTrackerPool?.url !== url) {
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
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
