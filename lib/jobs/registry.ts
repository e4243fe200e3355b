import type { Task, TaskList } from "graphile-worker";
import { redact } from "../notifications/redact";
import { applyBackfillJob } from "./apply-backfill";
import { checkAlertsJob } from "./check-alerts";
import type { JobContext, JobDefinition, ScheduleSwitch } from "./define";
import { feedbackEmailJob } from "./feedback-email";
import { inquiryReplyEmailJob } from "./inquiry-reply-email";
import { learnEtaJob } from "./learn-eta";
import { notifyJob } from "./notify";
import { offerFeedbackJob } from "./offer-feedback";
import { purgeMessagesJob } from "./purge-messages";
import { shiftNoticeEtasJob } from "./shift-notice-etas";
import { sweepDelaysJob } from "./sweep-delays";

/** Every job the worker runs. A new job: a file in lib/jobs/, its name in names.ts, a line here. */
export const JOBS: readonly JobDefinition[] = [
  notifyJob,
  shiftNoticeEtasJob,
  inquiryReplyEmailJob,
  offerFeedbackJob,
  feedbackEmailJob,
  checkAlertsJob,
  learnEtaJob,
  purgeMessagesJob,
  sweepDelaysJob,
  applyBackfillJob,
];

/** The job's payload does not match its schema: the job fails at once, with the issues, and is not tried again. */
export class InvalidPayloadError extends Error {}

/**
 * graphile-worker's task for a definition: the payload is checked first. A payload that
 * does not fit would fail the same way on every try, so the job is given its last try
 * (max_attempts = attempts) before it fails: it stays in the queue with the reason as
 * last_error for an operator to see, and is not retried for days.
 */
function task(job: JobDefinition, context: Omit<JobContext, "helpers">): Task {
  return async (raw, helpers) => {
    const parsed = job.payload.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .map((issue) => `${issue.path.join(".") || "payload"}: ${issue.message}`)
        .join("; ");
      const message = `job ${job.name} #${helpers.job.id}: invalid payload (${issues})`;
      context.log(redact(message));
      await helpers.withPgClient((client) =>
        client.query("update graphile_worker._private_jobs set max_attempts = attempts where id = $1", [
          helpers.job.id,
        ]),
      );
      throw new InvalidPayloadError(message);
    }
    await job.handler(parsed.data, { ...context, helpers });
  };
}

export function taskList(context: Omit<JobContext, "helpers">, jobs: readonly JobDefinition[] = JOBS): TaskList {
  return Object.fromEntries(jobs.map((job) => [job.name, task(job, context)]));
}

/** graphile-worker's crontab for the periodic jobs the switches turn on (`?max=1`: one run per slot). */
export function crontab(on: Record<ScheduleSwitch, boolean>, jobs: readonly JobDefinition[] = JOBS): string {
  return jobs
    .flatMap(({ name, schedule }) =>
      schedule && on[schedule.when]
        ? [`${schedule.at} ${name} ?max=1${schedule.fill ? `&fill=${schedule.fill}` : ""}`]
        : [],
    )
    .join("\n");
}
