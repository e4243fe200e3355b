-- AlterTable
ALTER TABLE "feedback_surveys" ADD COLUMN     "channel" "NotificationChannel" NOT NULL DEFAULT 'EMAIL';

