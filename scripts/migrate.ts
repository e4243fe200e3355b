/**
 * `npm run migrate`: applies the pending migrations to DATABASE_URL and exits. Run it once
 * before a rolling deploy (docs/operations.md, "Upgrades"), with the web processes started
 * with MIGRATE_ON_START=0, so that no process migrates while others serve.
 */
import { databaseSettings, readScriptSettings } from "../lib/config/scripts";
import { runMigrations } from "../lib/db/migrate";
import { logger } from "../lib/logging/logger";

const log = logger("migrate");

const parsed = readScriptSettings(databaseSettings);
if (!parsed.ok) {
  for (const problem of parsed.problems) {
    log.fatal(problem);
  }
  process.exit(1);
}
try {
  await runMigrations(parsed.settings.DATABASE_URL);
  log.info("migrations applied");
} catch (error) {
  log.fatal(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
