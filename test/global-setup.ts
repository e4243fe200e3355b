import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { type EmbeddedDatabase, startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { runMigrations } from "../lib/db/migrate";
import { assertLocalDatabaseUrl, TEMPLATE_DATABASE } from "./database-url";

declare module "vitest" {
  export interface ProvidedContext {
    serverUrl: string;
  }
}

/**
 * One PostgreSQL server per test run: the embedded one in a fresh temp directory
 * (or a local server named by DATABASE_URL). The schema is migrated once into a
 * template database; each test file clones it (test/setup-database.ts).
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedDatabase | undefined;
  let tempDir: string | undefined;
  let serverUrl: string;
  if (process.env.DATABASE_URL) {
    assertLocalDatabaseUrl(process.env.DATABASE_URL);
    serverUrl = process.env.DATABASE_URL;
  } else {
    // Under /tmp so that the `postgres` user the server runs as can write it.
    tempDir = await mkdtemp(path.join(os.tmpdir(), "payout-tracker-test-"));
    await chmod(tempDir, 0o755);
    // A server whose default time zone is not UTC: the app must pin its sessions to UTC
    // (lib/db/client.ts) or Prisma and pg would disagree on every timestamp.
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(tempDir, "pg"),
      database: "postgres",
      postgresFlags: ["-c", "timezone=America/New_York"],
    });
    serverUrl = embedded.url;
  }

  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DATABASE}`);
  await admin.query(`create database ${TEMPLATE_DATABASE}`);
  await admin.end();
  const templateUrl = new URL(serverUrl);
  templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
  await runMigrations(templateUrl.toString());

  project.provide("serverUrl", serverUrl);

  return async () => {
    await embedded?.stop();
    if (tempDir) {
      await rm(tempDir, { recursive: true, force: true });
    }
  };
}
