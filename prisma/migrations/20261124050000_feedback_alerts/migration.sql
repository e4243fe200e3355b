-- CreateEnum
CREATE TYPE "FeedbackTrigger" AS ENUM ('COMPLETED', 'INQUIRY_RESOLVED');

-- CreateTable
CREATE TABLE "feedback_surveys" (
    "id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "payout_id" TEXT,
    "inquiry_id" TEXT,
    "trigger" "FeedbackTrigger" NOT NULL,
    "token_hash" TEXT NOT NULL,
    "offered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "emailed_at" TIMESTAMPTZ(3),
    "csat" INTEGER,
    "nps" INTEGER,
    "comment" TEXT,
    "answered_at" TIMESTAMPTZ(3),

    CONSTRAINT "feedback_surveys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ops_alerts" (
    "id" TEXT NOT NULL,
    "condition" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "message" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "emailed_at" TIMESTAMPTZ(3),

    CONSTRAINT "ops_alerts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "feedback_surveys_token_hash_key" ON "feedback_surveys"("token_hash");

-- CreateIndex
CREATE INDEX "feedback_surveys_customer_id_offered_at_idx" ON "feedback_surveys"("customer_id", "offered_at" DESC);

-- CreateIndex
CREATE INDEX "feedback_surveys_answered_at_idx" ON "feedback_surveys"("answered_at");

-- CreateIndex
CREATE INDEX "ops_alerts_created_at_idx" ON "ops_alerts"("created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "ops_alerts_condition_hour_key" ON "ops_alerts"("condition", "hour");

