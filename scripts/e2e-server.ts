/**
 * The app as the end-to-end tests see it: a fresh embedded PostgreSQL in a temp
 * directory, migrated and seeded, the production build on E2E_PORT, a notification
 * worker sending to a local SMTP listener and a fake Twilio (the tests read both
 * inboxes over HTTP). URLs and secrets go to e2e/.state/database.json for the fixtures.
 */
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createDb } from "../lib/db/client";
import { startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { runMigrations } from "../lib/db/migrate";
import { startWorker } from "../lib/jobs/worker";
import { smtpChannel } from "../lib/notifications/channels/email";
import { twilioChannel } from "../lib/notifications/channels/sms";
import { seed } from "../lib/seed/seed";
import { startFakeTwilio } from "../test/fakes/fake-twilio";
import { startSmtpListener } from "../test/fakes/smtp-listener";
import { ensureBuild, startNext } from "./lib/next-app";

const log = (line: string) => console.log(`[e2e-server] ${line}`);
/** The app's and this server's output of the run (checked by e2e/global-teardown.ts). */
const SERVER_LOG = "e2e/.state/server.log";
const port = Number(process.env.E2E_PORT ?? 3100);
// A throwaway key for the throwaway database; the tests sign ingest events with it.
const ingestSecret = "e2e-ingest-secret-0123456789abcdef";
const authSecret = "e2e-auth-secret-0123456789abcdef";

async function main(): Promise<void> {
  const tempDir = await mkdtemp(path.join(os.tmpdir(), "payout-tracker-e2e-"));
  await chmod(tempDir, 0o755); // postgres runs as the `postgres` user
  // Not UTC on purpose, like the unit harness: the app pins its sessions to UTC.
  const database = await startEmbeddedPostgres({
    dataDir: path.join(tempDir, "pg"),
    log,
    postgresFlags: ["-c", "timezone=Europe/Berlin"],
  });
  const cleanup = async () => {
    await database.stop();
    await rm(tempDir, { recursive: true, force: true });
  };
  // Killed without a chance to clean up: remove the folder on exit, synchronously.
  process.on("exit", () => rmSync(tempDir, { recursive: true, force: true }));
  try {
    await runMigrations(database.url);
    const db = createDb(database.url, 2);
    await seed(db, { scale: 1, linkSecret: authSecret });
    await db.$disconnect();
    await mkdir("e2e/.state", { recursive: true });
    await ensureBuild(log);
  } catch (error) {
    await cleanup();
    throw error;
  }

  const appUrl = `http://127.0.0.1:${port}`;
  const smtp = await startSmtpListener({ inspectPort: 0 });
  const twilio = await startFakeTwilio({ callbackDelayMs: 200 });
  const twilioFrom = "+15005550006";
  const worker = await startWorker({
    connectionString: database.url,
    concurrency: 4,
    email: smtpChannel(smtp.url, "Payout Tracker <payouts@example.com>"),
    sms: twilioChannel({
      accountSid: twilio.accountSid,
      authToken: twilio.authToken,
      from: twilioFrom,
      messagingServiceSid: null,
      apiBaseUrl: twilio.url,
      statusCallbackUrl: `${appUrl}/api/webhooks/twilio/status`,
    }),
    appUrl,
    linkSecret: authSecret,
    log,
  });
  await writeFile(
    "e2e/.state/database.json",
    JSON.stringify({
      url: database.url,
      ingestSecret,
      authSecret,
      smtpUrl: smtp.url,
      smtpInspectUrl: smtp.inspectUrl,
      twilioFrom,
      twilio: { url: twilio.url, accountSid: twilio.accountSid, authToken: twilio.authToken },
    }),
  );

  const app = startNext(port, {
    DATABASE_URL: database.url,
    EMBEDDED_DATABASE: "1",
    // as under `npm start` (next start runs with NODE_ENV=production, which implies no demo mode)
    DEMO_MODE: "1",
    PORT: String(port),
    APP_URL: appUrl,
    INGEST_SIGNING_SECRET: ingestSecret,
    AUTH_SECRET: authSecret,
    // the webhooks verify Twilio's signatures with these; the worker above sends
    SMTP_URL: smtp.url,
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM: twilioFrom,
    TWILIO_API_BASE_URL: twilio.url,
    START_WORKER: "0",
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) {
      return;
    }
    stopping = true;
    app.kill("SIGTERM");
    await worker.stop().catch(() => {});
    await Promise.all([smtp.close(), twilio.close()]).catch(() => {});
    await cleanup();
    process.exit(0);
  };
  app.on("exit", () => void stop());
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

/**
 * Run as Playwright's web server, this process starts itself again as a child and copies
 * everything the child and its own children print (the worker's pino lines included, which
 * write to the file descriptor directly) to the console and to the run's log file: the e2e
 * teardown checks that file for customers' addresses and numbers (e2e/global-teardown.ts).
 */
function superviseWithLog(): void {
  mkdirSync(path.dirname(SERVER_LOG), { recursive: true });
  const file = createWriteStream(SERVER_LOG);
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: ["inherit", "pipe", "pipe"],
    // Debug lines too: the more the app says, the more the log check sees.
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "debug", E2E_SERVER_CHILD: "1" },
  });
  child.stdout.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    file.write(chunk);
  });
  child.stderr.on("data", (chunk: Buffer) => {
    process.stderr.write(chunk);
    file.write(chunk);
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("exit", (code) => file.end(() => process.exit(code ?? 1)));
}

if (process.env.E2E_SERVER_CHILD) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  superviseWithLog();
}
