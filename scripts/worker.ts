/**
 * `npm run worker`: a standalone notification worker on DATABASE_URL. Run any number,
 * on any machine; each takes jobs from the same queue (graphile-worker), and the
 * others take over the jobs of one that dies. Ctrl-C / SIGTERM finishes the jobs in
 * hand, then stops.
 */
import path from "node:path";
import { resolveSecrets } from "../lib/config/dev-secrets";
import { startWorker } from "../lib/jobs/worker";
import { channelsFromSettings } from "../lib/notifications/channels/from-settings";

const log = (line: string) => console.log(`[worker] ${line}`);

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error(
      "[worker] DATABASE_URL is not set. Point it at the app's database (npm start runs a worker of its own).",
    );
    process.exit(1);
  }
  // The tracking links' key: AUTH_SECRET, or in development the one npm start keeps in .data/.
  if (!process.env.AUTH_SECRET) {
    if (process.env.NODE_ENV === "production") {
      console.error("[worker] AUTH_SECRET must be set in production: it signs the tracking links in messages.");
      process.exit(1);
    }
    const { secrets } = await resolveSecrets({}, { production: false, dataDir: path.resolve(".data") });
    process.env.AUTH_SECRET = secrets.AUTH_SECRET;
  }
  const { notifySettings } = await import("../lib/env");
  const settings = notifySettings();
  const worker = await startWorker({
    connectionString: databaseUrl,
    concurrency: settings.concurrency,
    ...channelsFromSettings(settings),
    appUrl: settings.appUrl,
    deadAfterMs: settings.deadAfterMs,
    heartbeatMs: Math.max(500, Math.min(5_000, settings.deadAfterMs / 3)),
    sendingLeaseMs: settings.sendingLeaseMs,
    linkSecret: settings.linkSecret,
    linkTtlMs: settings.linkTtlMs,
    cron: settings.sweepDelays,
    learnEta: true,
    log,
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) {
      return;
    }
    stopping = true;
    log("stopping after the jobs in hand …");
    await worker.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  console.error(`[worker] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
