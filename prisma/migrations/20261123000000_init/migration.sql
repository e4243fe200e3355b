-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Stage" AS ENUM ('REQUESTED', 'VERIFYING', 'UNDER_REVIEW', 'APPROVED', 'PROCESSING', 'SENT', 'COMPLETED', 'ACTION_REQUIRED', 'ON_HOLD', 'FAILED', 'RETURNED', 'CANCELED');

-- CreateEnum
CREATE TYPE "ReasonCode" AS ENUM ('VERIFICATION_INCOMPLETE', 'COMPLIANCE_REVIEW', 'FRAUD_SCREENING', 'INSUFFICIENT_FUNDS', 'TECHNICAL_ERROR', 'BANK_HOLIDAY', 'HIGH_VOLUME', 'BANK_REJECTED', 'INVALID_ACCOUNT', 'OTHER');

-- CreateEnum
CREATE TYPE "PayoutMethod" AS ENUM ('SEPA', 'SWIFT', 'ACH', 'FASTER_PAYMENTS', 'CARD', 'PAYPAL', 'WALLET');

-- CreateEnum
CREATE TYPE "Locale" AS ENUM ('en', 'de');

-- CreateEnum
CREATE TYPE "EventSource" AS ENUM ('API', 'ADMIN', 'SWEEPER', 'SEED');

-- CreateEnum
CREATE TYPE "EventOutcome" AS ENUM ('APPLIED', 'STALE');

-- CreateEnum
CREATE TYPE "StaffRole" AS ENUM ('ADMIN', 'SUPPORT');

-- CreateTable
CREATE TABLE "customers" (
    "id" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "locale" "Locale" NOT NULL DEFAULT 'en',
    "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payouts" (
    "id" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "method" "PayoutMethod" NOT NULL,
    "destination_label" TEXT NOT NULL,
    "stage" "Stage" NOT NULL,
    "paused_from" "Stage",
    "reason_code" "ReasonCode",
    "note" TEXT,
    "delayed" BOOLEAN NOT NULL DEFAULT false,
    "delay_reason" "ReasonCode",
    "eta_at" TIMESTAMPTZ(3),
    "original_eta_at" TIMESTAMPTZ(3),
    "stage_entered_at" TIMESTAMPTZ(3) NOT NULL,
    "last_event_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "payouts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payout_events" (
    "id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "payout_id" TEXT NOT NULL,
    "outcome" "EventOutcome" NOT NULL,
    "from_stage" "Stage",
    "stage" "Stage" NOT NULL,
    "reason_code" "ReasonCode",
    "delayed" BOOLEAN NOT NULL DEFAULT false,
    "delay_reason" "ReasonCode",
    "note" TEXT,
    "source" "EventSource" NOT NULL,
    "actor_id" TEXT,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "eta_at" TIMESTAMPTZ(3),

    CONSTRAINT "payout_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_users" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "StaffRole" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_users_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "customers_external_id_key" ON "customers"("external_id");

-- CreateIndex
CREATE INDEX "customers_email_idx" ON "customers"("email");

-- CreateIndex
CREATE INDEX "customers_name_idx" ON "customers"("name");

-- CreateIndex
CREATE UNIQUE INDEX "payouts_external_id_key" ON "payouts"("external_id");

-- CreateIndex
CREATE UNIQUE INDEX "payouts_reference_key" ON "payouts"("reference");

-- CreateIndex
CREATE INDEX "payouts_customer_id_created_at_idx" ON "payouts"("customer_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "payouts_created_at_idx" ON "payouts"("created_at" DESC);

-- CreateIndex
CREATE INDEX "payouts_stage_created_at_idx" ON "payouts"("stage", "created_at" DESC);

-- CreateIndex
CREATE INDEX "payouts_method_created_at_idx" ON "payouts"("method", "created_at" DESC);

-- CreateIndex
CREATE INDEX "payouts_delayed_created_at_idx" ON "payouts"("delayed", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "payout_events_event_id_key" ON "payout_events"("event_id");

-- CreateIndex
CREATE INDEX "payout_events_payout_id_occurred_at_idx" ON "payout_events"("payout_id", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "staff_users_email_key" ON "staff_users"("email");

-- AddForeignKey
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payout_events" ADD CONSTRAINT "payout_events_payout_id_fkey" FOREIGN KEY ("payout_id") REFERENCES "payouts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

