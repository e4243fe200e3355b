import { getDb } from "../lib/db/client";

/** Empties every table of the test file's database (between tests). */
export async function resetDatabase(): Promise<void> {
  await getDb().$executeRawUnsafe(
    "truncate table payout_events, payouts, customers, staff_users, rate_limit_buckets, backfill_runs restart identity cascade",
  );
}
