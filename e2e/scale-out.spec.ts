import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { freePort } from "../lib/db/embedded-postgres";
import { signPayload } from "../lib/ingest/signature";
import { type SmtpListener, startSmtpListener } from "../test/fakes/smtp-listener";
import { expect, test } from "./fixtures";

// Issue 16, "Scale-out, proven": two more web processes (`next start` from the e2e build, on
// ports of their own) and two standalone workers (`npm run worker`), all on the e2e database,
// under a stream of ingest events. Mid-run one web process and one worker are SIGKILLed.
// The sender does what a payout system behind a load balancer does: a request that fails
// (connection cut, 503) is sent again, same event id, to the other web process.
// Then: every event is stored exactly once, every payout reached its last stage, and every
// message was sent exactly once (one Message-ID per notification, across every SMTP listener).

const ROOT = path.resolve(import.meta.dirname, "..");
const NEXT_BIN = createRequire(import.meta.url).resolve("next/dist/bin/next");
const STAGES = ["REQUESTED", "VERIFYING", "UNDER_REVIEW", "APPROVED", "PROCESSING", "SENT", "COMPLETED"] as const;
const CUSTOMERS = 12;

interface State {
  url: string;
  ingestSecret: string;
  authSecret: string;
  smtpUrl: string;
  smtpInspectUrl: string;
  twilio: { url: string; accountSid: string; authToken: string };
  twilioFrom: string;
}

const state = (): State => JSON.parse(readFileSync(path.join(ROOT, "e2e/.state/database.json"), "utf8"));
const children: ChildProcess[] = [];
let listener: SmtpListener;

test.describe.configure({ mode: "serial" });
test.setTimeout(360_000);

test.afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
    }
  }
  await listener?.close();
});

function commonEnv(s: State): NodeJS.ProcessEnv {
  return {
    // as under npm start and the e2e server (next start sets it anyway)
    NODE_ENV: "production",
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    DATABASE_URL: s.url,
    AUTH_SECRET: s.authSecret,
    INGEST_SIGNING_SECRET: s.ingestSecret,
    // The e2e server's mail server and fake Twilio: these workers share the queue with the
    // other specs, and a message they take must reach the inboxes those specs read.
    SMTP_URL: s.smtpUrl,
    TWILIO_ACCOUNT_SID: s.twilio.accountSid,
    TWILIO_AUTH_TOKEN: s.twilio.authToken,
    TWILIO_FROM: s.twilioFrom,
    TWILIO_API_BASE_URL: s.twilio.url,
    MAIL_FROM: "Payout Tracker <payouts@example.com>",
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "warn",
  };
}

async function startWeb(s: State): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [NEXT_BIN, "start", "--port", String(port)], {
    cwd: ROOT,
    env: {
      ...commonEnv(s),
      PORT: String(port),
      APP_URL: base,
      DEMO_MODE: "1",
      EMBEDDED_DATABASE: "1",
      START_WORKER: "0",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(child);
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/api/health`)).status === 200) {
        return { child, base };
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`next start on ${port} did not answer /api/health within 60 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function startWorker(s: State): ChildProcess {
  // node itself (not tsx's launcher): the pid is the worker's, for the SIGKILL
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    cwd: ROOT,
    env: {
      ...commonEnv(s),
      APP_URL: "https://payouts.example.com",
      WORKER_CONCURRENCY: "4",
      // The e2e server's own worker beats every 5 s and shares the queue: a dead-after below
      // that would take it for dead (and a short lease would re-send what it is sending).
      WORKER_DEAD_AFTER_SECONDS: "15",
      NOTIFY_SENDING_LEASE_SECONDS: "10",
      SWEEP_DELAYS: "0",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(child);
  return child;
}

function eventBody(customer: number, stage: (typeof STAGES)[number], at: Date, runId: string) {
  return {
    id: `evt_scale_${runId}_${customer}_${stage}`,
    type: "payout.updated",
    occurred_at: at.toISOString(),
    payout: {
      external_id: `po_scale_${runId}_${customer}`,
      customer: {
        external_id: `cus_scale_${runId}_${customer}`,
        name: `Scale Tester ${customer}`,
        email: `scale.${runId}.${customer}@example.com`,
        phone: null,
        locale: "en",
        timezone: "Europe/Berlin",
      },
      amount_minor: 10_000 + customer,
      currency: "EUR",
      method: "sepa",
      destination: { label: "DE•• 1234" },
      stage,
      reason_code: null,
      note: null,
    },
  };
}

/** Posts one event like a payout system behind a load balancer: on a failure, again to the next process. */
async function send(bases: () => string[], body: unknown, secret: string, turn: number): Promise<string> {
  const raw = Buffer.from(JSON.stringify(body));
  for (let attempt = 0; attempt < 40; attempt++) {
    const live = bases();
    const base = live[(turn + attempt) % live.length];
    try {
      const response = await fetch(`${base}/api/v1/events`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "payout-signature": signPayload(secret, raw, Math.floor(Date.now() / 1000)),
        },
        body: raw,
      });
      if (response.status === 200) {
        return ((await response.json()) as { result: string }).result;
      }
      if (response.status !== 503 && response.status !== 429) {
        throw new Error(`unexpected ${response.status}: ${await response.text()}`);
      }
    } catch (error) {
      if (error instanceof Error && error.message.startsWith("unexpected")) {
        throw error;
      }
      // connection refused or cut: the process died; the load balancer tries the next one
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("no web process accepted the event");
}

test("two web processes and two workers, one of each SIGKILLed mid-run: every event applied once, every message sent once", async ({
  db,
}) => {
  const s = state();
  listener = await startSmtpListener();
  const runId = randomUUID().slice(0, 8);
  const [webA, webB] = await Promise.all([startWeb(s), startWeb(s)]);
  const workerA = startWorker(s);
  startWorker(s);
  let killedWeb = false;
  const bases = () => (killedWeb ? [webB.base] : [webA.base, webB.base]);

  const t0 = Date.now() - STAGES.length * 60_000;
  let turn = 0;
  // Stage by stage across all customers, each customer's events in order (as a platform sends them).
  for (const [index, stage] of STAGES.entries()) {
    const at = new Date(t0 + index * 60_000);
    const results = await Promise.all(
      Array.from({ length: CUSTOMERS }, (_, customer) =>
        send(bases, eventBody(customer, stage, at, runId), s.ingestSecret, turn++),
      ),
    );
    for (const result of results) {
      expect(["applied", "duplicate"]).toContain(result);
    }
    if (index === 2) {
      // mid-run: one web process and one worker die without a goodbye
      const cut = Array.from({ length: CUSTOMERS }, (_, customer) =>
        send(bases, eventBody(customer, STAGES[3], new Date(t0 + 3 * 60_000), runId), s.ingestSecret, turn++),
      );
      webA.child.kill("SIGKILL");
      workerA.kill("SIGKILL");
      killedWeb = true;
      for (const result of await Promise.all(cut)) {
        expect(["applied", "duplicate"]).toContain(result);
      }
    }
  }

  // Every event stored exactly once, every payout at its last stage.
  const events = await db.payoutEvent.findMany({
    where: { eventId: { startsWith: `evt_scale_${runId}_` } },
    select: { eventId: true, outcome: true },
  });
  expect(events).toHaveLength(CUSTOMERS * STAGES.length);
  expect(new Set(events.map((e) => e.eventId)).size).toBe(CUSTOMERS * STAGES.length);
  expect(events.every((e) => e.outcome === "APPLIED")).toBe(true);
  const payouts = await db.payout.findMany({
    where: { externalId: { startsWith: `po_scale_${runId}_` } },
    select: { id: true, stage: true },
  });
  expect(payouts).toHaveLength(CUSTOMERS);
  expect(payouts.every((p) => p.stage === "COMPLETED")).toBe(true);

  // Every message sent: the surviving worker (and the e2e server's own) take over the dead one's jobs.
  const ids = payouts.map((p) => p.id);
  await expect
    .poll(
      async () =>
        db.notification.count({ where: { payoutId: { in: ids }, channel: "EMAIL", status: { notIn: ["SENT"] } } }),
      // a message the killed worker was sending waits for its job to be unlocked (15 s) and its lease (10 s)
      { timeout: 240_000, intervals: [500] },
    )
    .toBe(0);
  const notifications = await db.notification.findMany({
    where: { payoutId: { in: ids }, channel: "EMAIL" },
    select: { id: true },
  });
  expect(notifications).toHaveLength(CUSTOMERS * STAGES.length);

  // Exactly one message per notification, across this spec's SMTP listener and the e2e server's.
  const received: string[] = listener.messages
    .filter((m) => m.envelopeTo.some((to) => to.startsWith(`scale.${runId}.`)))
    .map((m) => m.messageId);
  for (let customer = 0; customer < CUSTOMERS; customer++) {
    const response = await fetch(
      `${s.smtpInspectUrl}/messages?to=${encodeURIComponent(`scale.${runId}.${customer}@example.com`)}`,
    );
    received.push(...((await response.json()) as { messageId: string }[]).map((m) => m.messageId));
  }
  const expected = new Set(notifications.map((n) => `<${n.id.replace(":", ".")}@payout-tracker>`));
  // (a survey or alert email would carry a Message-ID of its own: only the notifications count)
  const notificationMails = received.filter((id) => id.includes(".EMAIL@payout-tracker>"));
  expect(new Set(notificationMails)).toEqual(expected);
  // A worker killed between the SMTP server's 250 and its own commit is the one documented
  // case of a second copy (same Message-ID, collapsed by receiving systems): at most one here.
  expect(notificationMails.length - expected.size).toBeLessThanOrEqual(1);
});

test("npm run start:web on SIGTERM under ingest load: every event answered 200 is stored, the process exits 0", async ({
  db,
}) => {
  const s = state();
  listener ??= await startSmtpListener();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const web = spawn(process.execPath, ["--import", "tsx", "scripts/start-web.ts"], {
    cwd: ROOT,
    // (start:web counts the database as the operator's own: demo mode is refused with NODE_ENV=production)
    env: { ...commonEnv(s), PORT: String(port), APP_URL: base, MIGRATE_ON_START: "0", DEMO_MODE: "0" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(web);
  const exited = new Promise<number | null>((resolve) => web.once("exit", (code) => resolve(code)));
  await expect
    .poll(async () => (await fetch(`${base}/api/health`).catch(() => null))?.status ?? 0, { timeout: 60_000 })
    .toBe(200);

  const runId = randomUUID().slice(0, 8);
  const answered: string[] = [];
  let stop = false;
  const senders = Array.from({ length: 8 }, async (_, lane) => {
    for (let i = 0; !stop; i++) {
      const body = eventBody(lane * 1000 + i, "REQUESTED", new Date(), runId);
      const raw = Buffer.from(JSON.stringify(body));
      try {
        const response = await fetch(`${base}/api/v1/events`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "payout-signature": signPayload(s.ingestSecret, raw, Math.floor(Date.now() / 1000)),
          },
          body: raw,
        });
        if (response.status === 200) {
          answered.push(body.id);
        }
      } catch {
        return; // the server stopped taking connections
      }
    }
  });
  await expect.poll(() => answered.length, { timeout: 30_000 }).toBeGreaterThan(50);
  // start-web's own process: it forwards SIGTERM to next start and waits for it to drain
  web.kill("SIGTERM");
  expect(await exited).toBe(0);
  stop = true;
  await Promise.all(senders);

  const stored = await db.payoutEvent.findMany({
    where: { eventId: { in: answered } },
    select: { eventId: true },
  });
  expect(stored).toHaveLength(answered.length);
  // none half-written: every stored event of this run has its payout and its notification
  const events = await db.payoutEvent.count({ where: { eventId: { startsWith: `evt_scale_${runId}_` } } });
  const payouts = await db.payout.count({ where: { externalId: { startsWith: `po_scale_${runId}_` } } });
  expect(payouts).toBe(events);
  const notified = await db.notification.count({
    where: { channel: "EMAIL", payout: { externalId: { startsWith: `po_scale_${runId}_` } } },
  });
  expect(notified).toBe(events);
});
