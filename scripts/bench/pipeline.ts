import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { CONNECTION_SETTINGS, createDb } from "../../lib/db/client";
import { runMigrations } from "../../lib/db/migrate";
import { applyEvent } from "../../lib/payouts/apply-event";
import type { Stage } from "../../lib/payouts/stages";
import { startSmtpListener } from "../../test/fakes/smtp-listener";
import { percentile } from "./measure";

export interface PipelineFigures {
  events: number;
  messages: number;
  seconds: number;
  messagesPerSecond: number;
  eventsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  duplicates: number;
}

const MOVES: Stage[] = ["VERIFYING", "UNDER_REVIEW", "APPROVED", "PROCESSING"];

/**
 * The notification pipeline end to end: `events` stage events through applyEvent() (20
 * producers), one `npm run worker` process (graphile-worker, WORKER_CONCURRENCY) sending
 * over pooled SMTP to a local SMTP listener. Latency = the listener accepting the mail −
 * the notification row's queued_at (the event's transaction time).
 */
export async function benchPipeline(
  serverUrl: string,
  options: {
    events: number;
    producers: number;
    /** events per second the producers aim for (open loop), so that latency is not just queueing */
    rate: number;
    /** `npm run worker` processes */
    workers: number;
    concurrency: number;
    log: (line: string) => void;
  },
): Promise<PipelineFigures> {
  const { log } = options;
  const url = new URL(serverUrl);
  url.pathname = "/bench_pipeline";
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query("drop database if exists bench_pipeline with (force)");
  await admin.query("create database bench_pipeline");
  await admin.end();
  const databaseUrl = url.toString();
  await runMigrations(databaseUrl);

  const db = createDb(databaseUrl, options.producers);
  const payoutCount = Math.ceil(options.events / MOVES.length);
  // Customers without an address while their payouts are created (no messages for that), then with one.
  const customers = await Promise.all(
    Array.from({ length: Math.ceil(payoutCount / 4) }, (_, i) =>
      db.customer.create({
        data: {
          externalId: `cus_pipe_${i}`,
          name: `Pipeline Customer ${i}`,
          locale: i % 3 === 0 ? "de" : "en",
          timeZone: "Europe/Berlin",
        },
      }),
    ),
  );
  const start = new Date(Date.now() - 3_600_000);
  const payoutIds: string[] = [];
  for (let i = 0; i < payoutCount; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, payoutCount - i) }, (_, j) =>
        applyEvent(
          {
            eventId: `evt_${randomUUID()}`,
            occurredAt: start,
            source: { kind: "API" },
            stage: "REQUESTED",
            payout: {
              externalId: `po_pipe_${i + j}`,
              create: {
                customerId: customers[(i + j) % customers.length]?.id as string,
                amountMinor: 125_000n,
                currency: "EUR",
                method: "SEPA",
                destinationLabel: "DE•• 1234",
              },
            },
          },
          { db },
        ),
      ),
    );
    for (const result of batch) {
      if (!result.ok) {
        throw new Error(result.message);
      }
      payoutIds.push(result.payoutId);
    }
  }
  await db.$executeRawUnsafe(
    "update customers set email = 'pipe.' || substr(external_id, 10) || '@example.com' where external_id like 'cus_pipe_%'",
  );

  const smtp = await startSmtpListener();
  const workers = Array.from({ length: options.workers }, () =>
    spawnWorker(databaseUrl, smtp.url, options.concurrency),
  );
  await Promise.all(workers.map((worker) => waitForLine(worker, "Notification worker", 60_000)));

  log(
    `pipeline: ${options.events} stage events at up to ${options.rate}/s (${options.producers} producers) → ${options.workers} worker process(es) × ${options.concurrency} at once → SMTP`,
  );
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.producers, ...CONNECTION_SETTINGS });
  const began = Date.now();
  // Lanes by payout, so each payout's moves stay in order.
  const lanes = Array.from({ length: options.producers }, (_, lane) =>
    payoutIds.filter((_, i) => i % options.producers === lane),
  );
  let applied = 0;
  await Promise.all(
    lanes.map(async (ids) => {
      for (const [step, stage] of MOVES.entries()) {
        for (const id of ids) {
          if (applied >= options.events) {
            return;
          }
          applied++;
          // Open loop: event n is not sent before began + n / rate.
          const due = began + (applied * 1000) / options.rate;
          if (due > Date.now()) {
            await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
          }
          const result = await applyEvent(
            {
              eventId: `evt_${randomUUID()}`,
              occurredAt: new Date(start.getTime() + (step + 1) * 60_000),
              source: { kind: "API" },
              stage,
              payout: { id },
            },
            { pool },
          );
          if (!result.ok) {
            throw new Error(result.message);
          }
        }
      }
    }),
  );
  const producedSeconds = (Date.now() - began) / 1000;
  const acceptedWhileProducing = smtp.messages.length;
  await smtp.waitForCount(applied, { timeoutMs: 300_000 });
  const seconds = (Date.now() - began) / 1000;

  const queued = await db.$queryRawUnsafe<{ id: string; queued_at: Date }[]>(
    "select id, queued_at from notifications where channel = 'EMAIL'",
  );
  const queuedAt = new Map(queued.map((n) => [n.id, n.queued_at.getTime()]));
  const seen = new Set<string>();
  let duplicates = 0;
  const latencies: number[] = [];
  for (const mail of smtp.messages) {
    if (seen.has(mail.messageId)) {
      duplicates++;
      continue;
    }
    seen.add(mail.messageId);
    const id = mail.messageId.replace(/^<|@payout-tracker>$/g, "").replace(".", ":");
    const at = queuedAt.get(id);
    if (at !== undefined) {
      latencies.push(mail.receivedAt.getTime() - at);
    }
  }
  latencies.sort((a, b) => a - b);
  const first = smtp.messages[0]?.receivedAt.getTime() ?? began;
  log(
    `pipeline: events applied in ${producedSeconds.toFixed(1)} s (${acceptedWhileProducing} emails accepted by then); first email after ${((first - began) / 1000).toFixed(1)} s`,
  );
  await pool.end();
  await Promise.all(
    workers.map((worker) => {
      worker.kill("SIGTERM");
      return new Promise((resolve) => worker.once("exit", resolve));
    }),
  );
  await smtp.close();
  await db.$disconnect();
  return {
    events: applied,
    messages: seen.size,
    seconds,
    messagesPerSecond: seen.size / seconds,
    eventsPerSecond: applied / producedSeconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    duplicates,
  };
}

function spawnWorker(databaseUrl: string, smtpUrl: string, concurrency: number): ChildProcess {
  const profile = process.env.BENCH_WORKER_PROFILE
    ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_WORKER_PROFILE]
    : [];
  return spawn(process.execPath, [...profile, "--import", "tsx", "scripts/worker.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      SMTP_URL: smtpUrl,
      APP_URL: "https://track.example.com",
      WORKER_CONCURRENCY: String(concurrency),
      AUTH_SECRET: "bench-auth-secret-0123456789abcdef",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
}

function waitForLine(child: ChildProcess, text: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not say "${text}" within ${timeoutMs} ms`)), timeoutMs);
    child.stdout?.on("data", (chunk: Buffer) => {
      if (process.env.BENCH_DEBUG) {
        process.stdout.write(chunk);
      }
      if (chunk.toString().includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => reject(new Error(`worker exited with ${code}`)));
  });
}
