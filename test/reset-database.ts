import { getDb } from "../lib/db/client";

/** Empties every table of the test file's database (between tests). */
export async function resetDatabase(): Promise<void> {
  await getDb().$executeRawUnsafe(
    `truncate table faq_reads, feedback_surveys, ops_alerts, inquiry_messages, inquiries, incident_notices, eta_stage_durations, message_template_versions, audit_entries, tracking_links, notifications, payout_events, payouts, customers, staff_users, rate_limit_buckets, backfill_runs,
       worker_heartbeats, delivery_receipts, guidance_overrides, eta_settings, auth_users, auth_verification_tokens, sign_in_codes, sign_in_failures, access_messages, graphile_worker._private_jobs, graphile_worker._private_job_queues restart identity cascade`,
  );
}
