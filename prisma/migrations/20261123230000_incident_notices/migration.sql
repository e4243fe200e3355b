-- CreateTable
CREATE TABLE "incident_notices" (
    "id" TEXT NOT NULL,
    "staff_id" TEXT NOT NULL,
    "methods" "PayoutMethod"[],
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "message_en" TEXT NOT NULL,
    "message_de" TEXT NOT NULL,
    "eta_shift_hours" INTEGER NOT NULL DEFAULT 0,
    "reason_code" "ReasonCode" NOT NULL DEFAULT 'HIGH_VOLUME',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "shifted_at" TIMESTAMPTZ(3),

    CONSTRAINT "incident_notices_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "incident_notices_ends_at_idx" ON "incident_notices"("ends_at");

