/**
 * `npm run bench`: speed figures, reported, never asserted.
 * Pages: the customer payout page against a static page of the same production
 * build (autocannon, 50 connections, 20 s each) on a fresh embedded PostgreSQL
 * seeded with 20,000 payouts. Target on 2 cores: payout page ≥ 40 % of the static
 * page's requests/s, p95 ≤ 50 ms.
 * Ingest: signed events POSTed to /api/v1/events (50 connections, 15 s), then the same
 * rows inserted by plain SQL (50 clients, 15 s) as the ceiling. Targets: ≥ 1,000
 * events/s and ≥ 30 % of the plain-SQL rate.
 * Pipeline: 5,000 stage events through applyEvent() to emails accepted by a local SMTP
 * listener, sent by one `npm run worker` process. Target: ≥ 300 messages/s, event-to-
 * accepted p95 ≤ 1 s.
 * BENCH_ONLY=pages|ingest|pipeline runs one part.
 */
import { rmSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createSession, userForIdentity } from "../lib/auth/identity";
import { benchSettings, readScriptSettings } from "../lib/config/scripts";
import { createDb } from "../lib/db/client";
import { freePort, startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { runMigrations } from "../lib/db/migrate";
import { seed } from "../lib/seed/seed";
import { EventMix } from "./bench/event-mix";
import { loadIngest } from "./bench/ingest-load";
import { fmt, loadPage, printTable, waitFor, warm } from "./bench/measure";
import { benchPipeline } from "./bench/pipeline";
import { rawBaseline } from "./bench/raw-baseline";
import { ensureBuild, startNext } from "./lib/next-app";

const parsed = readScriptSettings(benchSettings);
if (!parsed.ok) {
  console.error(`[bench] ${parsed.problems.join("\n")}`);
  process.exit(1);
}
const config = parsed.settings;
const CONNECTIONS = config.BENCH_CONNECTIONS;
const DURATION = config.BENCH_SECONDS;
const INGEST_DURATION = config.BENCH_INGEST_SECONDS;
const log = (line: string) => console.log(`[bench] ${line}`);
const BENCH_SECRET = "bench-ingest-secret-0123456789abcdef";
const BENCH_AUTH_SECRET = "bench-auth-secret-0123456789abcdef";
const ONLY = config.BENCH_ONLY;
const runs = (part: "pages" | "ingest" | "pipeline") => !ONLY || ONLY === part;

async function main(): Promise<void> {
  const tempDir = await mkdtemp(path.join(os.tmpdir(), "payout-tracker-bench-"));
  // Ended before `finally` runs (an error exit): the folder goes anyway.
  process.on("exit", () => rmSync(tempDir, { recursive: true, force: true }));
  await chmod(tempDir, 0o755);
  const database = await startEmbeddedPostgres({ dataDir: path.join(tempDir, "pg"), log });
  let app: ReturnType<typeof startNext> | undefined;
  try {
    if (runs("pipeline")) {
      await reportPipeline(database.url);
      if (ONLY) {
        return;
      }
    }
    await runMigrations(database.url);
    const db = createDb(database.url, 4);
    const started = Date.now();
    const seeded = await seed(db, { scale: 100 });
    log(
      `seeded ${seeded.payouts} payouts for ${seeded.customers} customers in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    const customer = await db.customer.findUniqueOrThrow({
      where: { externalId: "cus_demo" },
      select: { id: true, email: true },
    });
    // Signed in like a customer who opened a magic link: a database session.
    const session = await createSession(db, await userForIdentity(db, { email: customer.email ?? "" }));
    const payout = await db.payout.findFirstOrThrow({
      where: { customerId: customer.id, stage: "PROCESSING" },
      select: { reference: true },
    });

    await ensureBuild(log);
    const port = await freePort();
    app = startNext(port, {
      DATABASE_URL: database.url,
      EMBEDDED_DATABASE: "1",
      // as under `npm start` (next start runs with NODE_ENV=production, which implies no demo mode)
      DEMO_MODE: "1",
      PORT: String(port),
      INGEST_SIGNING_SECRET: BENCH_SECRET,
      AUTH_SECRET: BENCH_AUTH_SECRET,
      INGEST_RATE_LIMIT_PER_MINUTE: "10000000",
    });
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/about`, 60_000);

    const cookie = { cookie: `pt_session=${session.token}` };
    const pageUrl = `${base}/payouts/${payout.reference}`;
    await warm(pageUrl, cookie);
    await warm(`${base}/about`, {});

    if (runs("pages")) {
      log(`${CONNECTIONS} connections, ${DURATION} s each, 2-core machine`);
      const load = { connections: CONNECTIONS, seconds: DURATION };
      const dynamicPage = await loadPage("payout page", pageUrl, cookie, load);
      const staticPage = await loadPage("static page", `${base}/about`, {}, load);
      printTable("page", [dynamicPage, staticPage]);
      const ratio = dynamicPage.requestsPerSecond / staticPage.requestsPerSecond;
      console.log(
        `\npayout page / static page throughput: ${(ratio * 100).toFixed(1)} % (target ≥ 40 %: ${ratio >= 0.4 ? "met" : "missed"}); payout page p95 ${fmt(dynamicPage.p95)} ms (target ≤ 50 ms: ${dynamicPage.p95 <= 50 ? "met" : "missed"})`,
      );
    }

    if (runs("ingest")) {
      await benchIngest(base, database.url);
    }
    const events = await db.payoutEvent.count({ where: { source: "API" } });
    log(`${events} API events in the database after both ingest runs`);
    await db.$disconnect();
  } finally {
    app?.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 500));
    await database.stop();
    await rm(tempDir, { recursive: true, force: true });
  }
}

async function reportPipeline(serverUrl: string): Promise<void> {
  const events = config.BENCH_PIPELINE_EVENTS;
  const concurrency = config.BENCH_WORKER_CONCURRENCY;
  const workers = config.BENCH_WORKERS;
  const pacedRate = config.BENCH_PIPELINE_RATE;
  // Two runs: as fast as the producers go (the pipeline's capacity), then at the target
  // rate (latency at that load, not the queueing of an overload).
  const flat = await benchPipeline(serverUrl, { events, producers: 20, rate: 100_000, workers, concurrency, log });
  const paced = await benchPipeline(serverUrl, { events, producers: 20, rate: pacedRate, workers, concurrency, log });
  console.log("\npipeline                 events/s  messages/s   p50 ms   p95 ms   p99 ms  duplicates");
  for (const [name, f] of [
    ["flat out", flat],
    [`offered ${pacedRate}/s`, paced],
  ] as const) {
    console.log(
      `${name.padEnd(24)} ${fmt(f.eventsPerSecond).padStart(8)} ${fmt(f.messagesPerSecond).padStart(11)} ${fmt(f.p50).padStart(8)} ${fmt(f.p95).padStart(8)} ${fmt(f.p99).padStart(8)} ${String(f.duplicates).padStart(11)}`,
    );
  }
  console.log(
    `pipeline: ${fmt(flat.messagesPerSecond)} messages/s flat out (target ≥ 300: ${flat.messagesPerSecond >= 300 ? "met" : "missed"}); at ${pacedRate} events/s offered p95 ${fmt(paced.p95)} ms (target ≤ 1,000 ms: ${paced.p95 <= 1000 ? "met" : "missed"}); ${flat.messages + paced.messages} distinct emails for ${flat.events + paced.events} events`,
  );
}

async function benchIngest(base: string, databaseUrl: string): Promise<void> {
  const doc = await fetch(`${base}/api/v1/openapi.json`);
  log(`GET /api/v1/openapi.json: ${doc.status}, cache-control: ${doc.headers.get("cache-control")}`);
  await doc.arrayBuffer();

  // Warm the route (first compile of its chunks, prepared statements) before measuring.
  await loadIngest(base, BENCH_SECRET, new EventMix("warm"), { connections: 10, seconds: 2 });
  log(`ingest: ${CONNECTIONS} connections, ${INGEST_DURATION} s, signed events (≈60 % new payouts, 40 % moves)`);
  const ingest = await loadIngest(base, BENCH_SECRET, new EventMix("api"), {
    connections: CONNECTIONS,
    seconds: INGEST_DURATION,
  });
  log(`raw SQL baseline: ${CONNECTIONS} pg clients, ${INGEST_DURATION} s, one transaction per event`);
  const raw = await rawBaseline(databaseUrl, new EventMix("raw"), {
    concurrency: CONNECTIONS,
    seconds: INGEST_DURATION,
  });

  const non200 = Object.entries(ingest.statuses).filter(([status]) => status !== "200");
  console.log("\ningest               events/s   p50 ms   p95 ms   p99 ms");
  console.log(
    `${"POST /api/v1/events".padEnd(20)} ${fmt(ingest.eventsPerSecond).padStart(8)} ${fmt(ingest.p50).padStart(8)} ${fmt(ingest.p95).padStart(8)} ${fmt(ingest.p99).padStart(8)}`,
  );
  console.log(
    `${"raw SQL (pg)".padEnd(20)} ${fmt(raw.eventsPerSecond).padStart(8)} ${fmt(raw.p50).padStart(8)} ${fmt(raw.p95).padStart(8)} ${fmt(raw.p99).padStart(8)}`,
  );
  console.log(
    `\ningest: ${ingest.statuses[200] ?? 0} × 200 in ${ingest.seconds.toFixed(1)} s (${Object.entries(ingest.results)
      .map(([result, n]) => `${result} ${n}`)
      .join(
        ", ",
      )}); non-200: ${non200.length === 0 ? "none" : non200.map(([s, n]) => `${s} × ${n}`).join(", ")}; connection errors/timeouts: ${ingest.errors}`,
  );
  console.log(`raw SQL: ${raw.events} events in ${raw.seconds.toFixed(1)} s`);
  const share = ingest.eventsPerSecond / raw.eventsPerSecond;
  console.log(
    `ingest API: ${fmt(ingest.eventsPerSecond)} events/s (target ≥ 1,000: ${ingest.eventsPerSecond >= 1000 ? "met" : "missed"}); ${(share * 100).toFixed(1)} % of the raw SQL rate (target ≥ 30 %: ${share >= 0.3 ? "met" : "missed"})`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
