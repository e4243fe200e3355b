/**
 * `npm run bench`: speed figures, reported, never asserted.
 * Page: the customer payout page against a static page of the same production
 * build (autocannon, 50 connections, 20 s each) on a fresh embedded PostgreSQL
 * seeded with 20,000 payouts. Target on 2 cores: payout page ≥ 40 % of the static
 * page's requests/s, p95 ≤ 50 ms.
 */
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { createDb } from "../lib/db/client";
import { freePort, startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { runMigrations } from "../lib/db/migrate";
import { seed } from "../lib/seed/seed";
import { ensureBuild, startNext } from "./lib/next-app";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_SECONDS ?? 20);
const log = (line: string) => console.log(`[bench] ${line}`);
const BENCH_SECRET = "bench-ingest-secret-0123456789abcdef";

interface Figures {
  label: string;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function load(label: string, url: string, headers: Record<string, string>): Promise<Figures> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers }, (error, done) =>
      error ? reject(error) : resolve(done),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
    });
  });
  latencies.sort((a, b) => a - b);
  return {
    label,
    requestsPerSecond: result.requests.total / DURATION,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function warm(url: string, headers: Record<string, string>): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const response = await fetch(url, { headers });
    if (!response.ok) {
      throw new Error(`warm-up of ${url} answered ${response.status}`);
    }
    await response.arrayBuffer();
  }
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) {
        return;
      }
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "n/a");

async function main(): Promise<void> {
  const tempDir = await mkdtemp(path.join(os.tmpdir(), "payout-tracker-bench-"));
  await chmod(tempDir, 0o755);
  const database = await startEmbeddedPostgres({ dataDir: path.join(tempDir, "pg"), log });
  let app: ReturnType<typeof startNext> | undefined;
  try {
    await runMigrations(database.url);
    const db = createDb(database.url, 4);
    const started = Date.now();
    const seeded = await seed(db, { scale: 100 });
    log(
      `seeded ${seeded.payouts} payouts for ${seeded.customers} customers in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    const customer = await db.customer.findUniqueOrThrow({ where: { externalId: "cus_demo" }, select: { id: true } });
    const payout = await db.payout.findFirstOrThrow({
      where: { customerId: customer.id, stage: "PROCESSING" },
      select: { reference: true },
    });
    await db.$disconnect();

    await ensureBuild(log);
    const port = await freePort();
    app = startNext(port, {
      DATABASE_URL: database.url,
      EMBEDDED_DATABASE: "1",
      PORT: String(port),
      INGEST_SIGNING_SECRET: BENCH_SECRET,
      INGEST_RATE_LIMIT_PER_MINUTE: "10000000",
    });
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/about`, 60_000);

    const cookie = { cookie: `pt_demo_customer=${customer.id}` };
    const pageUrl = `${base}/payouts/${payout.reference}`;
    await warm(pageUrl, cookie);
    await warm(`${base}/about`, {});

    log(`${CONNECTIONS} connections, ${DURATION} s each, 2-core machine`);
    const dynamicPage = await load("payout page", pageUrl, cookie);
    const staticPage = await load("static page", `${base}/about`, {});

    console.log("\npage                 req/s     p50 ms   p95 ms   p99 ms   errors  non-2xx");
    for (const f of [dynamicPage, staticPage]) {
      console.log(
        `${f.label.padEnd(18)} ${fmt(f.requestsPerSecond).padStart(8)} ${fmt(f.p50).padStart(8)} ${fmt(f.p95).padStart(8)} ${fmt(f.p99).padStart(8)} ${String(f.errors).padStart(8)} ${String(f.non2xx).padStart(8)}`,
      );
    }
    const ratio = dynamicPage.requestsPerSecond / staticPage.requestsPerSecond;
    console.log(
      `\npayout page / static page throughput: ${(ratio * 100).toFixed(1)} % (target ≥ 40 %: ${ratio >= 0.4 ? "met" : "missed"}); payout page p95 ${fmt(dynamicPage.p95)} ms (target ≤ 50 ms: ${dynamicPage.p95 <= 50 ? "met" : "missed"})`,
    );
  } finally {
    app?.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 500));
    await database.stop();
    await rm(tempDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
