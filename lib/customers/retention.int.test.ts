import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "../../test/database-url";
import {
  applyTo,
  createNotifiedCustomer,
  createQuietPayout,
  eventually,
  notificationsOf,
  testSql,
} from "../../test/notifications";
import { resetDatabase } from "../../test/reset-database";
import { type RunningWorker, startWorker } from "../jobs/worker";
import { outboxEmailChannel } from "../notifications/channels/email";
import { outboxSmsChannel } from "../notifications/channels/sms";
import { purgeOldMessages } from "./retention";

let running: RunningWorker | null = null;

beforeEach(resetDatabase);
afterEach(async () => {
  await running?.stop();
  running = null;
});

/** Two messages about one payout: one sent `ageDays` ago, with its text stored. */
async function sentMessages(ageDays: number) {
  const customer = await createNotifiedCustomer();
  const payout = await createQuietPayout(customer.id);
  await applyTo(payout.id, { stage: "VERIFYING" });
  const rows = await notificationsOf(payout.id);
  await testSql().run(
    `update notifications set status = 'SENT', transport = 'smtp', destination = 'ada@example.com', subject = 'Your payout',
            body_text = 'Hello Ada', body_html = '<p>Hello Ada</p>', sent_at = now() - make_interval(days => $2)
      where payout_id = $1`,
    [payout.id, ageDays],
  );
  return { payout, ids: rows.map((r) => r.id) };
}

async function accessMessage(ageDays: number, destination: string) {
  await testSql().run(
    `insert into access_messages (id, channel, purpose, destination, transport, body_text, status, created_at)
     values (gen_random_uuid()::text, 'EMAIL', 'SIGN_IN_LINK', $1, 'outbox', 'Sign in: https://x/t/abc', 'SENT',
             now() - make_interval(days => $2))`,
    [destination, ageDays],
  );
}

async function texts(payoutId: string) {
  return testSql().rows<{ status: string; subject: string | null; body_text: string | null; body_html: string | null }>(
    "select status::text as status, subject, body_text, body_html from notifications where payout_id = $1",
    [payoutId],
  );
}

describe("message retention (MESSAGE_RETENTION_DAYS)", () => {
  it("deletes the texts of messages older than the period and keeps the record that they were sent", async () => {
    const old = await sentMessages(181);
    const recent = await sentMessages(179);
    await accessMessage(200, "old@example.com");
    await accessMessage(3, "new@example.com");

    const result = await purgeOldMessages(testSql(), 180);
    expect(result.messageBodies).toBe(old.ids.length);
    expect(result.accessMessages).toBe(1);
    for (const row of await texts(old.payout.id)) {
      expect(row).toEqual({ status: "SENT", subject: null, body_text: null, body_html: null });
    }
    for (const row of await texts(recent.payout.id)) {
      expect(row.body_text).toBe("Hello Ada");
    }
    const left = await testSql().rows<{ destination: string }>("select destination from access_messages");
    expect(left).toEqual([{ destination: "new@example.com" }]);
    // a second run finds nothing more
    expect(await purgeOldMessages(testSql(), 180)).toEqual({
      messageBodies: 0,
      accessMessages: 0,
      deliveryReports: 0,
      customersReErased: 0,
    });
  });

  it("runs as the worker's purge-messages job with the configured period", async () => {
    const old = await sentMessages(40);
    const url = testDatabaseUrl();
    running = await startWorker({
      connectionString: url,
      concurrency: 2,
      email: outboxEmailChannel(),
      sms: outboxSmsChannel(),
      appUrl: "https://payouts.example.com",
      retentionDays: 30,
      log: () => {},
    });
    await testSql().run("select graphile_worker.add_job('purge-messages', '{}')");
    await eventually(async () => ((await texts(old.payout.id)).every((r) => r.body_text === null) ? true : undefined), {
      message: "the old texts deleted",
    });
  });
});
