-- Issue 16: an erased customer (lib/customers/erase.ts) keeps its row and its payouts for
-- accounting, without personal data. erased_at marks it: no message is sent to it again
-- (lib/notifications/dispatch.ts) and the daily retention job keeps it anonymous.
ALTER TABLE "customers" ADD COLUMN "erased_at" TIMESTAMPTZ(3);
-- the staff id of the admin who erased it
ALTER TABLE "customers" ADD COLUMN "erased_by" TEXT;
