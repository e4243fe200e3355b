-- ETAs as promises (issue #13): stage durations as distributions of working time, the
-- operations team's working hours and the quantile promised per method, and per payout and
-- event how the shown ETA is stated (a date or a time) and who set it.

CREATE TYPE "EtaSource" AS ENUM ('MODEL', 'PLATFORM', 'ADMIN', 'NOTICE', 'SWEEPER');
-- UPDATE: no basis for a promise, the time is when the customer hears from us next.
CREATE TYPE "EtaPrecision" AS ENUM ('TIME', 'DATE', 'UPDATE');

ALTER TABLE "eta_stage_durations"
  DROP COLUMN "learned_p80_hours",
  ADD COLUMN "learned_p50_hours" DOUBLE PRECISION,
  ADD COLUMN "learned_p90_hours" DOUBLE PRECISION,
  ADD COLUMN "learned_p95_hours" DOUBLE PRECISION;

CREATE TABLE "eta_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "ops_time_zone" TEXT NOT NULL DEFAULT 'Europe/Berlin',
    "ops_days" INTEGER[] NOT NULL DEFAULT ARRAY[1, 2, 3, 4, 5],
    "ops_start_minute" INTEGER NOT NULL DEFAULT 480,
    "ops_end_minute" INTEGER NOT NULL DEFAULT 1080,
    "quantiles" JSONB NOT NULL DEFAULT '{}',
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "eta_settings_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "eta_settings_single_row" CHECK ("id" = 1)
);

ALTER TABLE "payouts"
  ADD COLUMN "eta_precision" "EtaPrecision",
  ADD COLUMN "eta_source" "EtaSource",
  ADD COLUMN "eta_typical_at" TIMESTAMPTZ(3),
  ADD COLUMN "eta_notified_at" TIMESTAMPTZ(3);

ALTER TABLE "payout_events"
  ADD COLUMN "eta_precision" "EtaPrecision",
  ADD COLUMN "eta_source" "EtaSource";

-- Existing ETAs were stated as times by the model.
UPDATE "payouts" SET "eta_precision" = 'TIME', "eta_source" = CASE WHEN "eta_reason" IS NULL THEN 'MODEL'::"EtaSource" ELSE 'SWEEPER'::"EtaSource" END WHERE "eta_at" IS NOT NULL;
UPDATE "payout_events" SET "eta_precision" = 'TIME' WHERE "eta_at" IS NOT NULL;
