/**
 * The name of every job the worker runs, spelled once. Code that queues a job (in SQL
 * too: pass the name as a parameter) uses these; lib/jobs/registry.ts maps each to its
 * definition. No imports, so any module can use them without an import cycle.
 */
export const JOB = {
  /** one message to one customer on one channel (lib/notifications/dispatch.ts) */
  notify: "notify",
  /** an incident notice's ETA shift, when the notice starts */
  shiftNoticeEtas: "shift-notice-etas",
  /** the email telling a customer that support replied */
  inquiryReplyEmail: "inquiry-reply-email",
  /** every 10 minutes: offer feedback surveys */
  offerFeedback: "offer-feedback",
  /** one feedback survey message */
  feedbackEmail: "feedback-email",
  /** every 5 minutes: the alert conditions */
  checkAlerts: "check-alerts",
  /** hourly: learn stage durations from completed payouts */
  learnEta: "learn-eta",
  /** daily: delete message texts older than MESSAGE_RETENTION_DAYS */
  purgeMessages: "purge-messages",
  /** every minute: flag overdue payouts delayed */
  sweepDelays: "sweep-delays",
  /** an admin's CSV back-fill, applied after the admin clicked "Apply" */
  applyBackfill: "apply-backfill",
} as const;

export type JobName = (typeof JOB)[keyof typeof JOB];
