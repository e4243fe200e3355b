-- The "usually arrives" time after each event, for the calibration on /admin/accuracy.
ALTER TABLE "payout_events" ADD COLUMN "eta_typical_at" TIMESTAMPTZ(3);
