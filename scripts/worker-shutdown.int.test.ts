import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../lib/db/embedded-postgres";
import { startWorker } from "../lib/jobs/worker";
import { smtpChannel } from "../lib/notifications/channels/email";
import { outboxSmsChannel } from "../lib/notifications/channels/sms";
import { bareChildEnvironment } from "../test/child-env";
import { testDatabaseUrl } from "../test/database-url";
import { type SmtpListener, startSmtpListener } from "../test/fakes/smtp-listener";
import { applyTo, createNotifiedCustomer, createQuietPayout, eventually, testSql } from "../test/notifications";
import { resetDatabase } from "../test/reset-database";

// `npm run worker` as operators run it: its own /metrics on WORKER_METRICS_PORT behind
// METRICS_TOKEN, JSON log lines without addresses, and SIGTERM under load: the jobs in hand
// are finished, nothing is left locked or half-sent, the process exits 0.

const ROOT = path.resolve(import.meta.dirname, "..");
const TOKEN = "worker-metrics-token-0123";
const N = 30;
let listener: SmtpListener;
let child: ChildProcess | null = null;

beforeAll(async () => {
  listener = await startSmtpListener();
  await resetDatabase();
});

afterAll(async () => {
  if (child?.pid && child.exitCode === null) {
    process.kill(-child.pid, "SIGKILL");
  }
  await listener.close();
});

/** The worker's own node process (tsx runs the script in a child): signals go to it directly. */
function workerPid(tsx: ChildProcess): number {
  const pid = Number(readFileSync(`/proc/${tsx.pid}/task/${tsx.pid}/children`, "utf8").trim().split(/\s+/)[0]);
  if (!pid) {
    throw new Error("tsx has no child process");
  }
  return pid;
}

describe("npm run worker", () => {
  it("serves its metrics, logs JSON without addresses, on SIGTERM finishes its jobs and exits 0; the next worker sends nothing twice", {
    timeout: 60_000,
  }, async () => {
    const port = await freePort();
    const output: string[] = [];
    child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["scripts/worker.ts"], {
      cwd: ROOT,
      env: {
        ...bareChildEnvironment(),
        NODE_ENV: "test",
        DATABASE_URL: testDatabaseUrl(),
        SMTP_URL: listener.url,
        MAIL_FROM: "Payout Tracker <payouts@example.com>",
        APP_URL: "https://payouts.example.com",
        AUTH_SECRET: "worker-test-auth-secret-0123456789",
        WORKER_CONCURRENCY: "4",
        WORKER_METRICS_PORT: String(port),
        METRICS_TOKEN: TOKEN,
        SWEEP_DELAYS: "0",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
    child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => child?.once("exit", (code) => resolve(code)));
    await eventually(async () => (output.join("").includes("metrics on") ? true : undefined), {
      timeoutMs: 20_000,
      message: "the worker started",
    });

    const anonymous = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(anonymous.status).toBe(401);

    // Slow sends, so that SIGTERM arrives while jobs are in hand.
    listener.delayMs = 500;
    const customers = [];
    for (let i = 0; i < N; i++) {
      const customer = await createNotifiedCustomer({ phone: null });
      customers.push(customer);
      await applyTo((await createQuietPayout(customer.id)).id, { stage: "VERIFYING" });
    }
    await eventually(async () => (listener.messages.length >= 3 ? true : undefined), { message: "sending began" });

    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toMatch(/payout_tracker_notifications_total\{channel="email",outcome="sent"\} [1-9]/);
    expect(text).toMatch(/payout_tracker_workers_live [1-9]/);

    if (!child.pid) {
      throw new Error("no pid");
    }
    process.kill(workerPid(child), "SIGTERM");
    expect(await exited).toBe(0);

    // Nothing half-done: every message is SENT or still QUEUED for the next worker, none SENDING,
    // no job locked by the stopped process, its heartbeat withdrawn.
    const states = await testSql().rows<{ status: string; n: number }>(
      "select status::text as status, count(*)::int as n from notifications group by 1",
    );
    expect(states.map((s) => s.status).sort()).toEqual(expect.arrayContaining(["SENT"]));
    expect(states.find((s) => s.status === "SENDING")).toBeUndefined();
    const locked = await testSql().rows<{ n: number }>(
      "select count(*)::int as n from graphile_worker._private_jobs where locked_at is not null",
    );
    expect(locked[0]?.n).toBe(0);
    const beats = await testSql().rows<{ n: number }>("select count(*)::int as n from worker_heartbeats");
    expect(beats[0]?.n).toBe(0);
    const sent = states.find((s) => s.status === "SENT")?.n ?? 0;
    // stopped mid-run: what it had not started went back to the queue
    expect(states.find((s) => s.status === "QUEUED")?.n ?? 0).toBeGreaterThan(0);
    expect(listener.messages.length).toBe(sent);

    // JSON lines, each with a level, none with a customer's address.
    const lines = output.join("").split("\n").filter(Boolean);
    for (const line of lines) {
      expect(() => JSON.parse(line)).not.toThrow();
    }
    for (const customer of customers) {
      expect(output.join("")).not.toContain(customer.email as string);
    }
    expect(lines.some((line) => JSON.parse(line).msg === "stopped")).toBe(true);

    // The next worker finishes the rest and sends nothing twice.
    const next = await startWorker({
      connectionString: testDatabaseUrl(),
      concurrency: 4,
      email: smtpChannel(listener.url, "Payout Tracker <payouts@example.com>"),
      sms: outboxSmsChannel(),
      appUrl: "https://payouts.example.com",
      log: () => {},
    });
    try {
      await eventually(
        async () => {
          const left = await testSql().rows<{ n: number }>(
            "select count(*)::int as n from notifications where status <> 'SENT'",
          );
          return left[0]?.n === 0 ? true : undefined;
        },
        { timeoutMs: 20_000, message: "every message sent" },
      );
    } finally {
      await next.stop();
    }
    const total = await testSql().rows<{ n: number }>("select count(*)::int as n from notifications");
    expect(listener.messages.length).toBe(total[0]?.n);
    expect(new Set(listener.messages.map((m) => m.messageId)).size).toBe(total[0]?.n);
  });
});
