/**
 * `npm start`: the whole app on one machine with zero setup.
 * DATABASE_URL unset → the embedded PostgreSQL under ./.data/pg (demo data seeded on
 * first start); migrations applied; the production build made if missing or stale;
 * then `next start`. Ctrl-C or SIGTERM stops it gracefully (exit 0): `next start` stops
 * taking connections and answers the requests in flight (the ingest group commit among
 * them), then the worker finishes the jobs in hand, then the database stops.
 */
import path from "node:path";
import { z } from "zod";
import { demoModeOn } from "../lib/config/demo-mode";
import { resolveSecrets } from "../lib/config/dev-secrets";
import { openDatabase } from "../lib/db/bootstrap";
import { createDb } from "../lib/db/client";
import { isPortFree } from "../lib/db/embedded-postgres";
import { type RunningWorker, startWorker } from "../lib/jobs/worker";
import { logger } from "../lib/logging/logger";
import { channelsFromSettings } from "../lib/notifications/channels/from-settings";
import { type MetricsServer, startMetricsServer } from "../lib/ops/metrics-server";
import { seedIfEmpty } from "../lib/seed/seed";
import { onStopSignal, stopChild } from "./lib/graceful";
import { ensureBuild, startNext } from "./lib/next-app";

const startLog = logger("start");
const log = (line: string) => startLog.info(line);

const ZStartEnv = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.string().min(1).optional(),
  NODE_ENV: z.string().optional(),
  DEMO_MODE: z.enum(["0", "1"]).optional(),
  START_WORKER: z.enum(["0", "1"]).default("1"),
  /** how long `next start` may take to answer the requests in flight after SIGTERM */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(25),
});

async function main(): Promise<void> {
  const parsed = ZStartEnv.safeParse({ ...process.env, DATABASE_URL: process.env.DATABASE_URL || undefined });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      startLog.fatal(`${issue.path.join(".")}: ${issue.message}`);
    }
    process.exit(1);
  }
  const config = parsed.data;
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
    { AUTH_SECRET: process.env.AUTH_SECRET, INGEST_SIGNING_SECRET: process.env.INGEST_SIGNING_SECRET },
    { production, dataDir: path.resolve(".data") },
  );
  if (!production && !process.env.INGEST_SIGNING_SECRET) {
    // Development only (ARCHITECTURE, "Configuration"): the payout system's signing key, shown
    // on the terminal on purpose (not a log line: the logs never carry a secret).
    console.log(
      `[start] ingest signing secret (development, ${generated.includes("INGEST_SIGNING_SECRET") ? "new" : "from .data/"}): ${secrets.INGEST_SIGNING_SECRET}`,
    );
  }

  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, log });
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
    // lib/env read process.env when it was first imported (the logger loads it at start): these
    // are for the code that reads process.env itself (lib/db/client.ts).
    process.env.DATABASE_URL = database.url;
    process.env.PORT = String(config.PORT);
    process.env.AUTH_SECRET = secrets.AUTH_SECRET;
    const { env, notifySettings } = await import("../lib/env");
    const settings = notifySettings();
    worker = await startWorker({
      connectionString: database.url,
      concurrency: settings.concurrency,
      ...channelsFromSettings(settings),
      appUrl: settings.appUrl,
      deadAfterMs: settings.deadAfterMs,
      sendingLeaseMs: settings.sendingLeaseMs,
      // lib/env may have been loaded (through the seed) before AUTH_SECRET was known here.
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
