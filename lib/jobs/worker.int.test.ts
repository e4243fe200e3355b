import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeTwilio, startFakeTwilio } from "../../test/fakes/fake-twilio";
import { type SmtpListener, startSmtpListener } from "../../test/fakes/smtp-listener";
import {
  applyTo,
  createNotifiedCustomer,
  createQuietPayout,
  eventually,
  jobs,
  notificationsOf,
  testSql,
} from "../../test/notifications";
import { resetDatabase } from "../../test/reset-database";
import { startTestWorker, workerSettled } from "../../test/worker";
import { smtpChannel } from "../notifications/channels/email";
import { JOB } from "./names";
import { type RunningWorker, reapSilentWorkers, requeueStranded, type WorkerOptions } from "./worker";

// The notification worker end to end: graphile-worker picks up the jobs applyEvent added,
// the dispatcher sends over SMTP and through the Twilio SDK, heartbeats keep jobs of dead
// processes from staying locked.

let listener: SmtpListener;
let fake: FakeTwilio;
const running: RunningWorker[] = [];
const logs: string[] = [];

beforeAll(async () => {
  listener = await startSmtpListener();
  fake = await startFakeTwilio({ callbackDelayMs: 10 });
});

afterAll(async () => {
  await Promise.all(running.map((w) => w.stop()));
  await listener.close();
  await fake.close();
});

beforeEach(async () => {
  await resetDatabase();
  listener.clear();
  listener.resetFaults();
  fake.clear();
  logs.length = 0;
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((w) => w.stop()));
});

async function worker(extra: Partial<WorkerOptions> = {}): Promise<RunningWorker> {
  const started = await startTestWorker(
    { listener, fake },
    { heartbeatMs: 200, deadAfterMs: 1500, sendingLeaseMs: 1000, log: (line) => logs.push(line), ...extra },
  );
  running.push(started);
  return started;
}

async function statuses(): Promise<Record<string, number>> {
  const rows = await testSql().rows<{ channel: string; status: string; n: number }>(
    `select channel::text as channel, status::text as status, count(*)::int as n from notifications
      group by 1, 2 order by 1, 2`,
  );
  return Object.fromEntries(rows.map((r) => [`${r.channel} ${r.status}`, r.n]));
}

describe("startWorker", () => {
  it("sends what applyEvent queued: 20 events, exactly 20 emails, routine SMS suppressed", async () => {
    const w = await worker();
    // Customers with both channels; routine news, so the SMS level (IMPORTANT by default) suppresses the SMS.
    const payouts = [];
    for (let i = 0; i < 20; i++) {
      const customer = await createNotifiedCustomer();
      payouts.push(await createQuietPayout(customer.id));
    }
    await Promise.all(payouts.map((p) => applyTo(p.id, { stage: "VERIFYING" })));

    const mails = await listener.waitForCount(20, { timeoutMs: 10_000 });
    const settled = await eventually(
      async () => {
        const s = await statuses();
        return s["EMAIL SENT"] === 20 && s["SMS SUPPRESSED"] === 20 && (await jobs()).length === 0 ? s : undefined;
      },
      { message: "all notifications settled and the queue empty" },
    );
    expect(settled).toEqual({ "EMAIL SENT": 20, "SMS SUPPRESSED": 20 });
    // A last message, queued after all the others: once it has arrived and the worker has
    // settled again, a duplicate of any of the 20 would have arrived too.
    const last = await createNotifiedCustomer({ phone: null });
    await applyTo((await createQuietPayout(last.id)).id, { stage: "VERIFYING" });
    await listener.waitFor((m) => m.envelopeTo.includes(last.email ?? ""));
    await workerSettled(w);

    const ours = listener.messages.filter((m) => !m.envelopeTo.includes(last.email ?? ""));
    expect(ours).toHaveLength(20);
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(20);
    expect(new Set(ours.flatMap((m) => m.envelopeTo)).size).toBe(20);
    expect(fake.messages).toHaveLength(0);
    expect(logs.filter((line) => line.includes("failed") || line.includes("retry"))).toEqual([]);
  });

  it("sends an urgent SMS through the Twilio SDK", async () => {
    await worker();
    const customer = await createNotifiedCustomer({ email: null });
    const payout = await createQuietPayout(customer.id, "VERIFYING");
    await applyTo(payout.id, { stage: "ACTION_REQUIRED", reasonCode: "VERIFICATION_INCOMPLETE" });
    const sms = await fake.waitFor((m) => m.to === customer.phone, { timeoutMs: 5_000 });
    expect(sms.body).toContain(payout.reference);
    await eventually(async () => ((await notificationsOf(payout.id))[0]?.status === "SENT" ? true : undefined));
  });

  it("vouches in its heartbeat for the id graphile-worker locks jobs with", async () => {
    const w = await worker();
    listener.delayMs = 1_200;
    const customer = await createNotifiedCustomer({ phone: null });
    const payout = await createQuietPayout(customer.id);
    await applyTo(payout.id, { stage: "VERIFYING" });
    const locked = await eventually(async () => {
      const rows = await testSql().rows<{ locked_by: string }>(
        "select locked_by from graphile_worker.jobs where locked_by is not null",
      );
      return rows[0]?.locked_by;
    });
    const beats = await testSql().rows<{ pool_id: string; worker_ids: string[] }>(
      "select pool_id, worker_ids from worker_heartbeats",
    );
    expect(beats).toEqual([{ pool_id: w.poolId, worker_ids: [locked] }]);
    // A send that takes longer than deadAfterMs is not taken from a live worker (it beats every 200 ms):
    // once the job has been held longer than the reaper's limit, the reaper leaves it alone.
    await eventually(
      async () => {
        const rows = await testSql().rows<{ held: boolean }>(
          "select locked_at < now() - interval '600 milliseconds' as held from graphile_worker.jobs where locked_by = $1",
          [locked],
        );
        return rows[0]?.held ? true : undefined;
      },
      { message: "the job held for 600 ms" },
    );
    await reapSilentWorkers(testSql(), 500, () => {});
    const still = await testSql().rows<{ locked_by: string | null }>("select locked_by from graphile_worker.jobs");
    expect(still.map((r) => r.locked_by)).toEqual([locked]);
    await listener.waitForCount(1);
  });

  it("stop() finishes the job in hand, says goodbye and takes no more jobs", async () => {
    const w = await worker();
    listener.delayMs = 300;
    const customer = await createNotifiedCustomer({ phone: null });
    const payout = await createQuietPayout(customer.id);
    await applyTo(payout.id, { stage: "VERIFYING" });
    await eventually(async () => ((await notificationsOf(payout.id))[0]?.status === "SENDING" ? true : undefined));

    await w.stop();
    running.splice(running.indexOf(w), 1);
    expect((await notificationsOf(payout.id))[0]?.status).toBe("SENT");
    expect(await testSql().rows("select 1 from worker_heartbeats")).toEqual([]);

    listener.delayMs = 0;
    await applyTo(payout.id, { stage: "UNDER_REVIEW" });
    expect((await jobs()).map((j) => j.attempts)).toEqual([0]);
    // The next message waits for a worker: the stopped one, which had a head start, never
    // takes it; the next one does (it sends from an address of its own).
    const next = await worker({ email: smtpChannel(listener.url, "Next worker <next@example.com>") });
    const [, second] = await listener.waitForCount(2);
    expect(second?.envelopeFrom).toBe("next@example.com");
    await workerSettled(next);
    expect(listener.messages.map((m) => m.envelopeFrom)).toEqual(["payouts@example.com", "next@example.com"]);
    expect((await notificationsOf(payout.id)).map((n) => n.status)).toEqual(["SENT", "SENT"]);
  });
});

describe("reapSilentWorkers", () => {
  it("unlocks the jobs of silent processes and of workers nobody vouches for, and only those", async () => {
    const sql = testSql();
    await sql.run(
      `insert into worker_heartbeats (pool_id, worker_ids, seen_at) values
         ('proc-dead', array['pool-dead'], now() - interval '10 seconds'),
         ('proc-live', array['pool-live'], now())`,
    );
    for (const id of ["dead", "live", "orphan", "young"]) {
      await sql.run("select graphile_worker.add_job($2, json_build_object('id', $1::text), job_key := $1)", [
        id,
        JOB.notify,
      ]);
    }
    await sql.run(
      `update graphile_worker._private_jobs j set locked_by = 'pool-' || j.key,
              locked_at = now() - case j.key when 'young' then interval '0' else interval '10 seconds' end`,
    );
    const lines: string[] = [];
    await reapSilentWorkers(sql, 1500, (line) => lines.push(line));

    const locks = await sql.rows<{ key: string; locked_by: string | null }>(
      "select key, locked_by from graphile_worker.jobs order by key",
    );
    expect(locks).toEqual([
      { key: "dead", locked_by: null },
      { key: "live", locked_by: "pool-live" },
      { key: "orphan", locked_by: null },
      { key: "young", locked_by: "pool-young" },
    ]);
    expect(await sql.rows("select pool_id from worker_heartbeats")).toEqual([{ pool_id: "proc-live" }]);
    expect(lines).toEqual(["Unlocked the jobs of 2 silent worker(s); other workers take them over."]);
  });
});

describe("requeueStranded", () => {
  it("gives a message left SENDING by an exhausted job a new job, and leaves one with a runnable job alone", async () => {
    const customer = await createNotifiedCustomer({ phone: null });
    const payout = await createQuietPayout(customer.id);
    await applyTo(payout.id, { stage: "VERIFYING" });
    const [row] = await notificationsOf(payout.id);
    const id = row?.id as string;
    await testSql().run(
      "update notifications set status = 'SENDING', sending_at = now() - interval '1 hour' where id = $1",
      [id],
    );
    // Its job still has tries left: nothing to do.
    await requeueStranded(testSql(), 1_000, () => {});
    expect((await jobs()).map((j) => j.key)).toEqual([`notify:${id}`]);

    // Its job used up its tries (the worker of the last one died): a new job finishes it.
    await testSql().run("update graphile_worker._private_jobs set attempts = max_attempts");
    await requeueStranded(testSql(), 1_000, () => {});
    expect((await jobs()).map((j) => j.key).sort()).toEqual([`notify:${id}`, `notify:${id}:stranded`]);
  });
});

describe("the delay sweeper in the worker", () => {
  it("is scheduled every minute, and its job flags an overdue payout and sends the delay email", async () => {
    await worker({ cron: true });
    // graphile-worker records its crontab once its scheduler has started: wait for it.
    const crontabs = await eventually(
      async () => {
        const rows = await testSql().rows<{ identifier: string }>(
          "select identifier from graphile_worker._private_known_crontabs",
        );
        return rows.length > 0 ? rows : undefined;
      },
      { message: "the crontab recorded" },
    );
    expect(crontabs.map((c) => c.identifier)).toEqual(["sweep-delays"]);

    const customer = await createNotifiedCustomer({ phone: null });
    const payout = await createQuietPayout(customer.id, "REQUESTED", new Date(Date.now() - 5 * 86_400_000));
    // What the cron does each minute, now:
    await testSql().run("select graphile_worker.add_job($1)", [JOB.sweepDelays]);
    const sent = await eventually(
      async () => {
        const rows = await notificationsOf(payout.id);
        return rows.some((n) => n.status === "SENT") ? rows : undefined;
      },
      { message: "the delay email sent" },
    );
    expect(sent.map((n) => [n.kind, n.status])).toEqual([["DELAYED", "SENT"]]);
    expect(logs.join("\n")).toContain("delay sweeper: 1 payout(s) newly delayed");
  });
});
