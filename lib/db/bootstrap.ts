import path from "node:path";
import { logger } from "../logging/logger";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { runMigrations } from "./migrate";

export interface OpenDatabase {
  url: string;
  /** true when we started the embedded PostgreSQL (DATABASE_URL was unset) */
  embedded: boolean;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** DATABASE_URL from the environment; unset = the embedded PostgreSQL in dataDir */
  databaseUrl?: string;
  dataDir?: string;
  embeddedPort?: number;
  log?: (line: string) => void;
}

/**
 * The database for a process that owns it (npm start, seed, bench, the e2e
 * server): the configured DATABASE_URL, or the embedded PostgreSQL kept in
 * ./.data/pg. Pending migrations are applied before it is handed out.
 */
export async function openDatabase(options: OpenOptions = {}): Promise<OpenDatabase> {
  const log = options.log ?? ((line: string) => logger("db").info(line));
  if (options.databaseUrl) {
    await runMigrations(options.databaseUrl);
    return { url: options.databaseUrl, embedded: false, close: async () => {} };
  }
  const dataDir = options.dataDir ?? path.resolve(".data", "pg");
  const db = await startEmbeddedPostgres({ dataDir, port: options.embeddedPort ?? 54329, log });
  try {
    await runMigrations(db.url);
  } catch (error) {
    await db.stop();
    throw error;
  }
  return { url: db.url, embedded: true, close: () => db.stop() };
}
