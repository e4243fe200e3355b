-- CreateEnum
CREATE TYPE "InquiryCategory" AS ENUM ('WHERE_IS_MY_MONEY', 'WRONG_AMOUNT', 'UPDATE_BANK_DETAILS', 'DOCUMENTS', 'OTHER');

-- CreateEnum
CREATE TYPE "InquiryStatus" AS ENUM ('OPEN', 'ANSWERED', 'RESOLVED');

-- CreateTable
CREATE TABLE "inquiries" (
    "id" TEXT NOT NULL,
    "payout_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "category" "InquiryCategory" NOT NULL,
    "status" "InquiryStatus" NOT NULL DEFAULT 'OPEN',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "first_response_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by_id" TEXT,

    CONSTRAINT "inquiries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inquiry_messages" (
    "id" TEXT NOT NULL,
    "inquiry_id" TEXT NOT NULL,
    "staff_id" TEXT,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "emailed_at" TIMESTAMPTZ(3),

    CONSTRAINT "inquiry_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "canned_replies" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body_en" TEXT NOT NULL,
    "body_de" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "canned_replies_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "inquiries_status_priority_created_at_idx" ON "inquiries"("status", "priority" DESC, "created_at");

-- CreateIndex
CREATE INDEX "inquiries_customer_id_created_at_idx" ON "inquiries"("customer_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "inquiries_payout_id_idx" ON "inquiries"("payout_id");

-- CreateIndex
CREATE INDEX "inquiry_messages_inquiry_id_created_at_idx" ON "inquiry_messages"("inquiry_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "canned_replies_title_key" ON "canned_replies"("title");

-- AddForeignKey
ALTER TABLE "inquiries" ADD CONSTRAINT "inquiries_payout_id_fkey" FOREIGN KEY ("payout_id") REFERENCES "payouts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inquiries" ADD CONSTRAINT "inquiries_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inquiry_messages" ADD CONSTRAINT "inquiry_messages_inquiry_id_fkey" FOREIGN KEY ("inquiry_id") REFERENCES "inquiries"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Starting canned replies (agents edit the text before sending). No semicolons inside the texts: the migration runner splits statements at them.
INSERT INTO "canned_replies" ("id", "title", "body_en", "body_de") VALUES
  ('canned_on_track', 'On its way',
   'Your payout is on its way and on schedule. You can follow every step on the payout page. We will email you the moment it arrives.',
   'Ihre Auszahlung ist unterwegs und im Zeitplan. Jeden Schritt sehen Sie auf der Seite der Auszahlung. Wir schreiben Ihnen, sobald sie angekommen ist.'),
  ('canned_bank_holiday', 'Bank holiday',
   'A bank holiday is delaying the transfer. Banks process it on the next business day. The expected date on the payout page already includes this.',
   'Ein Bankfeiertag verzögert die Überweisung. Die Banken bearbeiten sie am nächsten Geschäftstag. Das erwartete Datum auf der Seite der Auszahlung berücksichtigt das bereits.'),
  ('canned_documents', 'Documents needed',
   'To continue we need the documents listed on the payout page. Please upload them there. We will continue the same day.',
   'Um fortzufahren, benötigen wir die auf der Seite der Auszahlung genannten Unterlagen. Bitte laden Sie sie dort hoch. Wir machen noch am selben Tag weiter.'),
  ('canned_bank_details', 'Bank details',
   'For your security we cannot change bank details by message. Please update them in your account with your payout provider. New payouts will use them.',
   'Zu Ihrer Sicherheit können wir Bankverbindungen nicht per Nachricht ändern. Bitte ändern Sie sie in Ihrem Konto beim Auszahlungsanbieter. Neue Auszahlungen verwenden sie dann.');
