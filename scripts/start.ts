/**
 * `npm start`: the whole app on one machine with zero setup.
 * DATABASE_URL unset → the embedded PostgreSQL under ./.data/pg (demo data seeded on
 * first start); migrations applied; the production build made if missing or stale;
 * then `next start`. Ctrl-C stops the app and the database cleanly.
 */
import path from "node:path";
import { z } from "zod";
import { demoModeOn } from "../lib/config/demo-mode";
import { resolveSecrets } from "../lib/config/dev-secrets";
import { openDatabase } from "../lib/db/bootstrap";
import { createDb } from "../lib/db/client";
import { isPortFree } from "../lib/db/embedded-postgres";
import { type RunningWorker, startWorker } from "../lib/jobs/worker";
import { channelsFromSettings } from "../lib/notifications/channels/from-settings";
import { seedIfEmpty } from "../lib/seed/seed";
import { ensureBuild, startNext } from "./lib/next-app";

const log = (line: string) => console.log(`[start] ${line}`);

const ZStartEnv = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.string().min(1).optional(),
  NODE_ENV: z.string().optional(),
  DEMO_MODE: z.enum(["0", "1"]).optional(),
  START_WORKER: z.enum(["0", "1"]).default("1"),
});

async function main(): Promise<void> {
  const parsed = ZStartEnv.safeParse({ ...process.env, DATABASE_URL: process.env.DATABASE_URL || undefined });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      console.error(`[start] ${issue.path.join(".")}: ${issue.message}`);
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
    console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  if (!(await isPortFree(config.PORT))) {
    console.error(
      `[start] Port ${config.PORT} is already in use. Stop what runs there, or start on another port: PORT=3001 npm start`,
    );
    process.exit(1);
  }

  const production = config.NODE_ENV === "production" && Boolean(config.DATABASE_URL);
  const { secrets, generated } = await resolveSecrets(
    { AUTH_SECRET: process.env.AUTH_SECRET, INGEST_SIGNING_SECRET: process.env.INGEST_SIGNING_SECRET },
    { production, dataDir: path.resolve(".data") },
  );
  if (!production && !process.env.INGEST_SIGNING_SECRET) {
    // Development only (ARCHITECTURE, "Configuration"): the payout system's signing key.
    log(
      `ingest signing secret (development, ${generated.includes("INGEST_SIGNING_SECRET") ? "new" : "from .data/"}): ${secrets.INGEST_SIGNING_SECRET}`,
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
  if (config.START_WORKER === "1") {
    // lib/env reads process.env when first imported: give it this start's database and port.
    process.env.DATABASE_URL = database.url;
    process.env.PORT = String(config.PORT);
    process.env.AUTH_SECRET = secrets.AUTH_SECRET;
    const { notifySettings } = await import("../lib/env");
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
      log,
    });
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
  const stop = async (code: number) => {
    if (stopping) {
      return;
    }
    stopping = true;
    app.kill("SIGTERM");
    await worker?.stop().catch(() => {});
    await database.close();
    process.exit(code);
  };
  app.on("exit", (code) => void stop(code ?? 0));
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
}

main().catch((error: unknown) => {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
