import { type RunningWorker, startWorker, type WorkerOptions } from "../lib/jobs/worker";
import { smtpChannel } from "../lib/notifications/channels/email";
import { twilioChannel } from "../lib/notifications/channels/sms";
import { testDatabaseUrl } from "./database-url";
import type { FakeTwilio } from "./fakes/fake-twilio";
import type { SmtpListener } from "./fakes/smtp-listener";
import { eventually, jobs, testSql } from "./notifications";

// A notification worker as the integration tests run it (lib/jobs, lib/seed): graphile-worker
// on the test file's database, email over SMTP to the test's listener, SMS through the
// Twilio SDK to the fake Twilio.

export const WORKER_APP_URL = "https://payouts.example.com";

/** Starts a worker sending to `listener` and `fake`; `options` override the defaults (4 at once). */
export async function startTestWorker(
  fakes: { listener: SmtpListener; fake: FakeTwilio },
  options: Partial<WorkerOptions> = {},
): Promise<RunningWorker> {
  return startWorker({
    connectionString: testDatabaseUrl(),
    concurrency: 4,
    email: smtpChannel(fakes.listener.url, "Payout Tracker <payouts@example.com>"),
    sms: twilioChannel({
      accountSid: fakes.fake.accountSid,
      authToken: fakes.fake.authToken,
      from: "+15005550006",
      messagingServiceSid: null,
      apiBaseUrl: fakes.fake.url,
      statusCallbackUrl: "http://127.0.0.1:9/api/webhooks/twilio/status",
    }),
    appUrl: WORKER_APP_URL,
    ...options,
  });
}

/**
 * Waits until the worker has nothing left to do: the queue is empty, and its heartbeat —
 * which also re-queues messages left sending — has gone round twice since (the first round
 * may have begun before the queue emptied). Whatever it was going to send is sent by then,
 * and what the heartbeat queued again is in the queue: a test can count both.
 */
export async function workerSettled(worker: RunningWorker, options: { timeoutMs?: number } = {}): Promise<void> {
  await eventually(async () => ((await jobs()).length === 0 ? true : undefined), {
    message: "the queue empty",
    timeoutMs: options.timeoutMs,
  });
  const beat = async () => {
    const rows = await testSql().rows<{ seen_at: Date }>("select seen_at from worker_heartbeats where pool_id = $1", [
      worker.poolId,
    ]);
    return rows[0]?.seen_at.getTime() ?? 0;
  };
  let seen = await beat();
  for (let round = 1; round <= 2; round++) {
    const previous = seen;
    seen = await eventually(
      async () => {
        const at = await beat();
        return at > previous ? at : undefined;
      },
      { message: `heartbeat round ${round} after the queue emptied` },
    );
  }
}
