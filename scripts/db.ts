/**
 * `npm run db`: the embedded PostgreSQL on its own, for running the app as separate
 * processes on one machine (docs/operations.md): migrated, and its DATABASE_URL printed
 * on a line of its own. Point `npm run start:web` and `npm run worker` (any number of
 * each) at it. Ctrl-C / SIGTERM stops it. `-- --seed` adds the demo data to an empty one.
 * The data lives in ./.data/pg, the same as `npm start`'s (so run one or the other).
 */
import path from "node:path";
import { resolveSecrets } from "../lib/config/dev-secrets";
import { dbSettings, readScriptSettings } from "../lib/config/scripts";
import { openDatabase } from "../lib/db/bootstrap";
import { createDb } from "../lib/db/client";
import { isPortFree } from "../lib/db/embedded-postgres";
import { logger } from "../lib/logging/logger";
import { seedIfEmpty } from "../lib/seed/seed";
import { onStopSignal } from "./lib/graceful";

const log = logger("db");

async function main(): Promise<void> {
  const parsed = readScriptSettings(dbSettings);
  if (!parsed.ok) {
    for (const problem of parsed.problems) {
      log.fatal(problem);
    }
    process.exit(1);
  }
  const config = parsed.settings;
  if (!(await isPortFree(config.DB_PORT))) {
    log.fatal(
      `Port ${config.DB_PORT} is in use (is \`npm start\` running? It uses the same data). Stop it, or choose another: DB_PORT=54330 npm run db`,
    );
    process.exit(1);
  }
  const database = await openDatabase({
    dataDir: path.resolve(config.DB_DATA_DIR),
    embeddedPort: config.DB_PORT,
    log: (line) => log.info(line),
  });
  if (process.argv.includes("--seed")) {
    const { secrets } = await resolveSecrets(
      { AUTH_SECRET: config.AUTH_SECRET },
      { production: false, dataDir: path.resolve(".data") },
    );
    const db = createDb(database.url, 2);
    try {
      if (await seedIfEmpty(db, { linkSecret: secrets.AUTH_SECRET })) {
        log.info("seeded demo data");
      }
    } finally {
      await db.$disconnect();
    }
  }
  // The one line meant for people and scripts alike (not a log line): where the database is.
  console.log(`DATABASE_URL=${database.url}`);
  log.info("PostgreSQL is running; Ctrl-C stops it");
  // The server runs in a child process this one does not wait on by itself: stay until told to stop.
  const keepAlive = setInterval(() => {}, 60_000);
  onStopSignal(async () => {
    clearInterval(keepAlive);
    await database.close();
    log.info("stopped");
    process.exit(0);
  });
}

main().catch((error: unknown) => {
  log.fatal(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
