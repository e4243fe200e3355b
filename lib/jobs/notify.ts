import { dispatchNotification } from "../notifications/dispatch";
import { redact } from "../notifications/redact";
import { appMetrics } from "../ops/metrics";
import { defineJob, ZIdPayload } from "./define";
import { JOB } from "./names";

/** Notification ids end in their channel (`<event row>:EMAIL`, `…:SMS`). */
function countNotification(id: string, outcome: string): void {
  appMetrics().notifications.inc({ channel: id.endsWith(":SMS") ? "sms" : "email", outcome });
}

/** One message about one event on one channel: claim, render, send, record (lib/notifications/dispatch.ts). */
export const notifyJob = defineJob({
  name: JOB.notify,
  payload: ZIdPayload,
  handler: async ({ id }, { dispatch, helpers, log }) => {
    let outcome: Awaited<ReturnType<typeof dispatchNotification>>;
    try {
      outcome = await dispatchNotification(id, dispatch, {
        attempt: helpers.job.attempts,
        maxAttempts: helpers.job.max_attempts,
      });
    } catch (error) {
      // Not a delivery outcome: the database, a provider lookup, a bug. Said (redacted), then retried.
      countNotification(id, "error");
      log(`notification ${id}: error (${redact(error instanceof Error ? error.message : String(error))})`);
      throw error;
    }
    countNotification(id, outcome.type);
    if (outcome.type === "retry" || outcome.type === "failed") {
      log(`notification ${id}: ${outcome.type} (${redact(outcome.error)})`);
    }
    if (outcome.type === "retry") {
      // graphile-worker tries again with exponential backoff; the reason is on the notification row.
      throw new Error("transient delivery error");
    }
  },
});
