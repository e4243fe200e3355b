import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeTwilio, startFakeTwilio } from "../../test/fakes/fake-twilio";
import { type SmtpListener, startSmtpListener } from "../../test/fakes/smtp-listener";
import { eventually, jobs, testSql } from "../../test/notifications";
import { resetDatabase } from "../../test/reset-database";
import { startTestWorker, workerSettled } from "../../test/worker";
import { getDb } from "../db/client";
import type { RunningWorker } from "../jobs/worker";
import { seed } from "./seed";

// A first start: the seed writes months of history (messages, questions, surveys, alerts),
// then the worker starts with every periodic job, sending to a real SMTP listener and the
// fake Twilio. The seeded past must send nothing now.

const SECRET = "seed-test-secret-0123456789abcdef";
let listener: SmtpListener;
let fake: FakeTwilio;
let worker: RunningWorker | undefined;
const logs: string[] = [];

beforeAll(async () => {
  listener = await startSmtpListener();
  fake = await startFakeTwilio({ callbackDelayMs: 10 });
  await resetDatabase();
  await seed(getDb(), { linkSecret: SECRET }); // now: as on a real first start
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await listener?.close();
  await fake?.close();
});

/** What the seed left that a worker could act on: rows it sends from, and what they say. */
async function snapshot() {
  return testSql().rows(
    `select 'notifications ' || status::text as what, count(*)::int as n from notifications group by 1
     union all select 'surveys', count(*)::int from feedback_surveys
     union all select 'surveys sent', count(emailed_at)::int from feedback_surveys
     union all select 'alerts', count(*)::int from ops_alerts
     union all select 'alerts emailed', count(emailed_at)::int from ops_alerts
     union all select 'replies emailed', count(emailed_at)::int from inquiry_messages
     union all select 'delayed payouts', count(*)::int from payouts where delayed
     order by 1`,
  );
}

describe("a worker started on a freshly seeded database", () => {
  // learn-eta over months of seeded history took over 20 s once, beside an e2e run: the waits only end a hung run.
  it("sends no email and no SMS: no message, survey, reply or alert of the seeded past goes out", {
    timeout: 90_000,
  }, async () => {
    const seeded = await snapshot();
    expect(await jobs()).toEqual([]);
    worker = await startTestWorker(
      { listener, fake },
      {
        linkSecret: SECRET,
        heartbeatMs: 100,
        deadAfterMs: 1_500,
        sendingLeaseMs: 500,
        cron: true,
        learnEta: true,
        log: (line) => logs.push(line),
      },
    );
    // What the crons run every few minutes, now: offer surveys, check alerts, sweep delays, learn durations.
    for (const task of ["offer-feedback", "check-alerts", "sweep-delays", "learn-eta"]) {
      await testSql().run("select graphile_worker.add_job($1)", [task]);
    }
    // The positive signal: every job ran to completion (learn-eta says it finished), the queue
    // is empty, and the heartbeat, which re-queues messages left sending, went round after that.
    await eventually(async () => (logs.some((l) => l.startsWith("ETA learning:")) ? true : undefined), {
      message: "the periodic jobs done",
      timeoutMs: 60_000,
    });
    await workerSettled(worker, { timeoutMs: 20_000 });

    expect(await jobs()).toEqual([]);
    expect(listener.messages).toEqual([]);
    expect(fake.messages).toEqual([]);
    expect(await snapshot()).toEqual(seeded);
    expect(logs.filter((l) => /alerts:|newly delayed|Re-queued|error/i.test(l))).toEqual([]);
  });
});
