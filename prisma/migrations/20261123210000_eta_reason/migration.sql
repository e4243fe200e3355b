-- AlterTable
ALTER TABLE "payouts" ADD COLUMN     "eta_reason" "ReasonCode";

-- AlterTable
ALTER TABLE "payout_events" ADD COLUMN     "eta_reason" "ReasonCode";

