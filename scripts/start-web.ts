/**
 * `npm run start:web`: one web process (`next start`) and nothing else — no worker, no
 * embedded database, no seed, no build. The production process model (docs/operations.md):
 * any number of these behind a reverse proxy and any number of `npm run worker`, all on one
 * DATABASE_URL. Migrations are applied at start unless MIGRATE_ON_START=0 (then run
 * `npm run migrate` before the deploy). SIGTERM / Ctrl-C: stops taking connections, answers
 * the requests in flight (the ingest group commit among them), exits 0.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { demoModeOn } from "../lib/config/demo-mode";
import { resolveSecrets } from "../lib/config/dev-secrets";
import { readScriptSettings, webSettings } from "../lib/config/scripts";
import { isPortFree } from "../lib/db/embedded-postgres";
import { runMigrations } from "../lib/db/migrate";
import { logger } from "../lib/logging/logger";
import { onStopSignal, stopChild } from "./lib/graceful";
import { startNext } from "./lib/next-app";

const log = logger("web");

async function main(): Promise<void> {
  const parsed = readScriptSettings(webSettings);
  if (!parsed.ok) {
    for (const problem of parsed.problems) {
      log.fatal(problem);
    }
    process.exit(1);
  }
  const config = parsed.settings;
  let demoMode: boolean;
  try {
    demoMode = demoModeOn({ nodeEnv: config.NODE_ENV, demoMode: config.DEMO_MODE, embedded: false, ownDatabase: true });
  } catch (error) {
    log.fatal(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
  if (!existsSync(path.join(".next", "BUILD_ID"))) {
    log.fatal("No production build in .next/: run `npm run build` first (once per release, not per process).");
    process.exit(1);
  }
  if (!(await isPortFree(config.PORT))) {
    log.fatal(`Port ${config.PORT} is already in use: start on another one, e.g. PORT=3001 npm run start:web`);
    process.exit(1);
  }
  const production = config.NODE_ENV === "production";
  const { secrets } = await resolveSecrets(
    { AUTH_SECRET: config.AUTH_SECRET, INGEST_SIGNING_SECRET: config.INGEST_SIGNING_SECRET },
    { production, dataDir: path.resolve(".data") },
  );
  if (config.MIGRATE_ON_START === "1") {
    // prisma migrate deploy takes an advisory lock: web processes starting together apply each migration once.
    await runMigrations(config.DATABASE_URL);
  }
  const app = startNext(config.PORT, {
    DATABASE_URL: config.DATABASE_URL,
    EMBEDDED_DATABASE: "0",
    DEMO_MODE: demoMode ? "1" : "0",
    PORT: String(config.PORT),
    START_WORKER: "0",
    ...secrets,
  });
  log.info({ port: config.PORT, pid: app.pid }, `web process on http://localhost:${config.PORT}`);

  let stopping = false;
  app.on("exit", (code, signal) => {
    if (!stopping) {
      log.error({ code, signal }, "next start exited");
      process.exit(code ?? 1);
    }
  });
  onStopSignal(async (signal) => {
    stopping = true;
    log.info({ signal }, "stopping: no new connections, answering the requests in flight …");
    const { killed } = await stopChild(app, config.SHUTDOWN_TIMEOUT_SECONDS * 1000);
    log.info(killed ? "stopped (open live-update streams were cut)" : "stopped");
    process.exit(0);
  });
}

main().catch((error: unknown) => {
  log.fatal(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
