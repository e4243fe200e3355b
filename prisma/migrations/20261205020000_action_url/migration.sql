-- Issue 14: where a customer acts on a stopped payout. The platform's link per payout (and
-- per event, for the history), and the admins' guidance per stage and reason (/admin/actions):
-- where the money is, what happens next, a default link and its button label, in en and de.

ALTER TABLE "payouts" ADD COLUMN "action_url" TEXT;

ALTER TABLE "payout_events" ADD COLUMN "action_url" TEXT;

CREATE TABLE "guidance_overrides" (
    "stage" "Stage" NOT NULL,
    "reason" TEXT NOT NULL,
    "where_money_en" TEXT,
    "where_money_de" TEXT,
    "next_en" TEXT,
    "next_de" TEXT,
    "action_url" TEXT,
    "action_label_en" TEXT,
    "action_label_de" TEXT,
    "updated_by_id" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "guidance_overrides_pkey" PRIMARY KEY ("stage", "reason")
);
