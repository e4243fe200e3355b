-- CreateEnum
CREATE TYPE "NotifyLevel" AS ENUM ('ALL', 'IMPORTANT', 'NONE');

-- CreateEnum
CREATE TYPE "NotificationChannel" AS ENUM ('EMAIL', 'SMS');

-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('STAGE_CHANGED', 'DELAYED', 'ETA_MOVED');

-- CreateEnum
CREATE TYPE "NotificationStatus" AS ENUM ('QUEUED', 'SENDING', 'SENT', 'DELIVERED', 'FAILED', 'UNDELIVERED', 'SUPPRESSED');

-- AlterEnum
ALTER TYPE "EventSource" ADD VALUE 'BACKFILL';

-- AlterTable
ALTER TABLE "customers" ADD COLUMN     "email_level" "NotifyLevel" NOT NULL DEFAULT 'ALL',
ADD COLUMN     "quiet_hours_end" INTEGER DEFAULT 480,
ADD COLUMN     "quiet_hours_start" INTEGER DEFAULT 1260,
ADD COLUMN     "sms_level" "NotifyLevel" NOT NULL DEFAULT 'IMPORTANT',
ADD COLUMN     "sms_opted_out_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "notifications" (
    "id" TEXT NOT NULL,
    "event_row_id" TEXT NOT NULL,
    "payout_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "channel" "NotificationChannel" NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "important" BOOLEAN NOT NULL,
    "urgent" BOOLEAN NOT NULL,
    "fallback" BOOLEAN NOT NULL DEFAULT false,
    "status" "NotificationStatus" NOT NULL DEFAULT 'QUEUED',
    "transport" TEXT,
    "destination" TEXT,
    "locale" "Locale",
    "subject" TEXT,
    "body_text" TEXT,
    "body_html" TEXT,
    "provider_id" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "suppressed_reason" TEXT,
    "scheduled_for" TIMESTAMPTZ(3),
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sending_at" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(3),
    "delivered_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "worker_heartbeats" (
    "pool_id" TEXT NOT NULL,
    "worker_ids" TEXT[],
    "seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "worker_heartbeats_pkey" PRIMARY KEY ("pool_id")
);

-- CreateTable
CREATE TABLE "delivery_receipts" (
    "id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "provider_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "error_code" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "payload" JSONB NOT NULL,

    CONSTRAINT "delivery_receipts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "notifications_payout_id_idx" ON "notifications"("payout_id");

-- CreateIndex
CREATE INDEX "notifications_provider_id_idx" ON "notifications"("provider_id");

-- CreateIndex
CREATE INDEX "notifications_transport_queued_at_idx" ON "notifications"("transport", "queued_at" DESC);

-- CreateIndex
CREATE INDEX "notifications_status_queued_at_idx" ON "notifications"("status", "queued_at");

-- CreateIndex
CREATE UNIQUE INDEX "notifications_event_row_id_channel_key" ON "notifications"("event_row_id", "channel");

-- CreateIndex
CREATE INDEX "delivery_receipts_provider_id_received_at_idx" ON "delivery_receipts"("provider_id", "received_at");

-- CreateIndex
CREATE INDEX "customers_phone_idx" ON "customers"("phone");

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_event_row_id_fkey" FOREIGN KEY ("event_row_id") REFERENCES "payout_events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_payout_id_fkey" FOREIGN KEY ("payout_id") REFERENCES "payouts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

