/**
 * `npm run worker`: a standalone worker on DATABASE_URL, for every job in
 * lib/jobs/registry.ts (messages, periodic jobs, CSV back-fills). Run any number,
 * on any machine; each takes jobs from the same queue (graphile-worker), and the
 * others take over the jobs of one that dies. SIGTERM / Ctrl-C: no new jobs are taken,
 * the jobs in hand are finished (the ones fetched but not started go back to the queue),
 * the heartbeat is withdrawn, and the process exits 0. With WORKER_METRICS_PORT set it
 * serves its own GET /metrics (docs/operations.md).
 */
import path from "node:path";
import { resolveSecrets } from "../lib/config/dev-secrets";
import { readScriptSettings, workerSettings } from "../lib/config/scripts";
import { startWorker } from "../lib/jobs/worker";
import { logger } from "../lib/logging/logger";
import { channelsFromSettings } from "../lib/notifications/channels/from-settings";
import { startMetricsServer } from "../lib/ops/metrics-server";
import { onStopSignal } from "./lib/graceful";

const log = logger("worker");

async function main(): Promise<void> {
  const parsed = readScriptSettings(workerSettings);
  if (!parsed.ok) {
    for (const problem of parsed.problems) {
      log.fatal(problem);
    }
    process.exit(1);
  }
  const { DATABASE_URL: databaseUrl, AUTH_SECRET, NODE_ENV } = parsed.settings;
  // The tracking links' key: AUTH_SECRET, or in development the one npm start keeps in .data/.
  let linkSecret = AUTH_SECRET;
  if (!linkSecret) {
    if (NODE_ENV === "production") {
      log.fatal("AUTH_SECRET must be set in production: it signs the tracking links in messages.");
      process.exit(1);
    }
    const { secrets } = await resolveSecrets({}, { production: false, dataDir: path.resolve(".data") });
    linkSecret = secrets.AUTH_SECRET;
  }
  const { env, notifySettings } = await import("../lib/env");
  const settings = notifySettings();
  const worker = await startWorker({
    connectionString: databaseUrl,
    concurrency: settings.concurrency,
    ...channelsFromSettings(settings),
    appUrl: settings.appUrl,
    deadAfterMs: settings.deadAfterMs,
    heartbeatMs: Math.max(500, Math.min(5_000, settings.deadAfterMs / 3)),
    sendingLeaseMs: settings.sendingLeaseMs,
    // passed on, not read from lib/env: that module was loaded (through the logger) before it was known
    linkSecret,
    linkTtlMs: settings.linkTtlMs,
    cron: settings.sweepDelays,
    learnEta: true,
    retentionDays: env.MESSAGE_RETENTION_DAYS,
    log: (line) => log.info(line),
  });
  const metrics = env.WORKER_METRICS_PORT
    ? await startMetricsServer({
        port: env.WORKER_METRICS_PORT,
        token: env.METRICS_TOKEN,
        sql: () => worker.sql,
        deadAfterSeconds: env.WORKER_DEAD_AFTER_SECONDS,
      })
    : null;
  if (metrics) {
    log.info({ port: metrics.port }, `metrics on http://0.0.0.0:${metrics.port}/metrics`);
  }
  onStopSignal(async (signal) => {
    log.info({ signal }, "stopping: finishing the jobs in hand, releasing the rest …");
    await metrics?.close();
    await worker.stop();
    log.info("stopped");
    process.exit(0);
  });
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, "the worker could not start");
  process.exit(1);
});
