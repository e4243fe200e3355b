/**
 * `npm run worker`: a standalone notification worker on DATABASE_URL. Run any number,
 * on any machine; each takes jobs from the same queue (graphile-worker), and the
 * others take over the jobs of one that dies. Ctrl-C / SIGTERM finishes the jobs in
 * hand, then stops.
 */
import { notifySettings } from "../lib/env";
import { channelsFromSettings, startWorker } from "../lib/jobs/worker";

const log = (line: string) => console.log(`[worker] ${line}`);

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error(
      "[worker] DATABASE_URL is not set. Point it at the app's database (npm start runs a worker of its own).",
    );
    process.exit(1);
  }
  const settings = notifySettings();
  const worker = await startWorker({
    connectionString: databaseUrl,
    concurrency: settings.concurrency,
    ...channelsFromSettings(settings),
    appUrl: settings.appUrl,
    deadAfterMs: settings.deadAfterMs,
    heartbeatMs: Math.max(500, Math.min(5_000, settings.deadAfterMs / 3)),
    sendingLeaseMs: settings.sendingLeaseMs,
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
