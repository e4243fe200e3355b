/**
 * `npm start`: the whole app on one machine with zero setup.
 * DATABASE_URL unset → the embedded PostgreSQL under ./.data/pg (demo data seeded on
 * first start); migrations applied; the production build made if missing or stale;
 * then `next start`. Ctrl-C or SIGTERM stops it gracefully (exit 0): `next start` stops
 * taking connections and answers the requests in flight (the ingest group commit among
 * them), then the worker finishes the jobs in hand, then the database stops.
 */
import path from "node:path";
import { demoModeOn } from "../lib/config/demo-mode";
import { resolveSecrets } from "../lib/config/dev-secrets";
import { readScriptSettings, startSettings } from "../lib/config/scripts";
import { openDatabase } from "../lib/db/bootstrap";
import { createDb, setDatabaseUrl } from "../lib/db/client";
import { isPortFree } from "../lib/db/embedded-postgres";
import { env, notifySettings } from "../lib/env";
import { type RunningWorker, startWorker } from "../lib/jobs/worker";
import { logger } from "../lib/logging/logger";
import { channelsFromSettings } from "../lib/notifications/channels/from-settings";
import { type MetricsServer, startMetricsServer } from "../lib/ops/metrics-server";
import { seedIfEmpty } from "../lib/seed/seed";
import { onStopSignal, stopChild } from "./lib/graceful";
import { ensureBuild, startNext } from "./lib/next-app";

const startLog = logger("start");
const log = (line: string) => startLog.info(line);

async function main(): Promise<void> {
  const parsed = readScriptSettings(startSettings);
  if (!parsed.ok) {
    for (const problem of parsed.problems) {
      startLog.fatal(problem);
    }
    process.exit(1);
  }
  const config = parsed.settings;
  let demoMode: boolean;
  try {
    demoMode = demoModeOn({
      nodeEnv: config.NODE_ENV,
      demoMode: config.DEMO_MODE,
      embedded: !config.DATABASE_URL,
      ownDatabase: Boolean(config.DATABASE_URL),
    });
  } catch (error) {
    startLog.fatal(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
  if (!(await isPortFree(config.PORT))) {
    startLog.fatal(
      `Port ${config.PORT} is already in use. Stop what runs there, or start on another port: PORT=3001 npm start`,
    );
    process.exit(1);
  }

  const production = config.NODE_ENV === "production" && Boolean(config.DATABASE_URL);
  const { secrets, generated } = await resolveSecrets(
    { AUTH_SECRET: config.AUTH_SECRET, INGEST_SIGNING_SECRET: config.INGEST_SIGNING_SECRET },
    { production, dataDir: path.resolve(".data") },
  );
  if (!production && !config.INGEST_SIGNING_SECRET) {
    // Development only (ARCHITECTURE, "Configuration"): the payout system's signing key, shown
    // on the terminal on purpose (not a log line: the logs never carry a secret).
    console.log(
      `[start] ingest signing secret (development, ${generated.includes("INGEST_SIGNING_SECRET") ? "new" : "from .data/"}): ${secrets.INGEST_SIGNING_SECRET}`,
    );
  }

  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, log });
  // The app code this process runs (the worker's jobs) uses this database, also the embedded one.
  setDatabaseUrl(database.url);
  // Demo data only where demo mode is on: never fake customers and staff in a real database.
  if (demoMode) {
    const db = createDb(database.url, 2);
    try {
      if (await seedIfEmpty(db, { linkSecret: secrets.AUTH_SECRET })) {
        log("seeded demo data");
      }
    } finally {
      await db.$disconnect();
    }
  }

  // One notification worker in this process (START_WORKER=0: run `npm run worker` elsewhere).
  let worker: RunningWorker | null = null;
  let metrics: MetricsServer | null = null;
  if (config.START_WORKER === "1") {
    // lib/env read the environment when it was first imported (the logger loads it at start):
    // what this script decided itself (the database, the secrets) is passed on as values.
    const settings = notifySettings();
    worker = await startWorker({
      connectionString: database.url,
      concurrency: settings.concurrency,
      ...channelsFromSettings(settings),
      appUrl: settings.appUrl,
      deadAfterMs: settings.deadAfterMs,
      sendingLeaseMs: settings.sendingLeaseMs,
      // generated in development (lib/config/dev-secrets.ts): not in lib/env
      linkSecret: secrets.AUTH_SECRET,
      linkTtlMs: settings.linkTtlMs,
      cron: settings.sweepDelays,
      learnEta: true,
      retentionDays: env.MESSAGE_RETENTION_DAYS,
      log,
    });
    if (env.WORKER_METRICS_PORT) {
      const running = worker;
      metrics = await startMetricsServer({
        port: env.WORKER_METRICS_PORT,
        token: env.METRICS_TOKEN,
        sql: () => running.sql,
        deadAfterSeconds: env.WORKER_DEAD_AFTER_SECONDS,
      });
      log(`worker metrics on http://0.0.0.0:${metrics.port}/metrics`);
    }
  }

  await ensureBuild(log);
  const app = startNext(config.PORT, {
    DATABASE_URL: database.url,
    EMBEDDED_DATABASE: database.embedded ? "1" : "0",
    // Decided here, once: `next start` would see NODE_ENV=production (it sets it when unset).
    DEMO_MODE: demoMode ? "1" : "0",
    PORT: String(config.PORT),
    ...secrets,
  });
  log(`Payout Tracker on http://localhost:${config.PORT}`);
  log(
    `  customer pages: http://localhost:${config.PORT}/payouts   admin: http://localhost:${config.PORT}/admin/payouts`,
  );

  let stopping = false;
  const stop = async (code: number, reason: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    log(`stopping (${reason}): answering the requests in flight, then finishing the jobs in hand …`);
    // First the web process (it may still be committing ingest batches), then the worker, then the database.
    const { killed } = await stopChild(app, config.SHUTDOWN_TIMEOUT_SECONDS * 1000);
    if (killed) {
      log(`next start did not stop within ${config.SHUTDOWN_TIMEOUT_SECONDS} s (open live-update streams): killed`);
    }
    await metrics?.close();
    await worker?.stop().catch(() => {});
    await database.close();
    log("stopped");
    process.exit(code);
  };
  // next start ended by itself (a crash, or killed): stop the rest with its code.
  app.on("exit", (code, signal) => void stop(code ?? (signal ? 1 : 0), `next start exited (${signal ?? code})`));
  onStopSignal((signal) => stop(0, signal));
}

main().catch((error: unknown) => {
  startLog.fatal(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
