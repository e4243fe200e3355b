import { PrismaPg } from "@prisma/adapter-pg";
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
