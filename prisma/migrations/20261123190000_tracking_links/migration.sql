-- CreateTable
CREATE TABLE "tracking_links" (
    "id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "notification_id" TEXT NOT NULL,
    "payout_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by" TEXT,

    CONSTRAINT "tracking_links_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "tracking_links_token_hash_key" ON "tracking_links"("token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "tracking_links_notification_id_key" ON "tracking_links"("notification_id");

-- CreateIndex
CREATE INDEX "tracking_links_payout_id_idx" ON "tracking_links"("payout_id");

-- AddForeignKey
ALTER TABLE "tracking_links" ADD CONSTRAINT "tracking_links_payout_id_fkey" FOREIGN KEY ("payout_id") REFERENCES "payouts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

