-- A status callback Twilio sends again (a retry, or a replay) is recorded once per message
-- and status: keep the first copy of each before the unique index is made.
DELETE FROM "delivery_receipts" d
 USING "delivery_receipts" e
 WHERE e."provider" = d."provider" AND e."provider_id" = d."provider_id" AND e."status" = d."status"
   AND (e."received_at", e."id") < (d."received_at", d."id");

-- CreateIndex
CREATE UNIQUE INDEX "delivery_receipts_provider_provider_id_status_key" ON "delivery_receipts"("provider", "provider_id", "status");
