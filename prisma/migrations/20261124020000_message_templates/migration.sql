-- CreateEnum
CREATE TYPE "TemplateChannel" AS ENUM ('PAGE', 'EMAIL', 'SMS');

-- CreateTable
CREATE TABLE "message_template_versions" (
    "id" TEXT NOT NULL,
    "channel" "TemplateChannel" NOT NULL,
    "topic" TEXT NOT NULL,
    "locale" "Locale" NOT NULL,
    "body" TEXT,
    "created_by_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "message_template_versions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "message_template_versions_channel_topic_locale_created_at_idx" ON "message_template_versions"("channel", "topic", "locale", "created_at" DESC);

