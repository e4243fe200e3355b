-- CreateTable
CREATE TABLE "eta_stage_durations" (
    "method" "PayoutMethod" NOT NULL,
    "stage" "Stage" NOT NULL,
    "configured_hours" DOUBLE PRECISION,
    "learned_p80_hours" DOUBLE PRECISION,
    "samples" INTEGER NOT NULL DEFAULT 0,
    "learned_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "eta_stage_durations_pkey" PRIMARY KEY ("method","stage")
);

