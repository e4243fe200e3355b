-- CreateTable
CREATE TABLE "faq_entries" (
    "id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "locale" "Locale" NOT NULL,
    "question" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by_id" TEXT,

    CONSTRAINT "faq_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "faq_reads" (
    "id" TEXT NOT NULL,
    "faq_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "payout_id" TEXT NOT NULL,
    "read_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "faq_reads_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "faq_entries_topic_locale_position_idx" ON "faq_entries"("topic", "locale", "position");

-- CreateIndex
CREATE INDEX "faq_reads_faq_id_read_at_idx" ON "faq_reads"("faq_id", "read_at");

-- CreateIndex
CREATE UNIQUE INDEX "faq_reads_faq_id_customer_id_payout_id_key" ON "faq_reads"("faq_id", "customer_id", "payout_id");

-- AddForeignKey
ALTER TABLE "faq_reads" ADD CONSTRAINT "faq_reads_faq_id_fkey" FOREIGN KEY ("faq_id") REFERENCES "faq_entries"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Starting FAQ entries (admins edit them on /admin/faq). No semicolons inside the texts: the migration runner splits statements at them.
INSERT INTO "faq_entries" ("id", "topic", "locale", "question", "answer", "position") VALUES
  ('faq_processing_en', 'PROCESSING', 'en', 'Why does processing take a while?', 'We hand your payout to the bank in the next batch before its daily cut-off. After the cut-off, it goes with the first batch of the next business day. The expected time on this page already includes that.', 0),
  ('faq_processing_de', 'PROCESSING', 'de', 'Warum dauert die Bearbeitung?', 'Wir übergeben Ihre Auszahlung der Bank mit dem nächsten Stapel vor ihrem täglichen Annahmeschluss. Danach geht sie mit dem ersten Stapel des nächsten Geschäftstags. Die erwartete Zeit auf dieser Seite berücksichtigt das bereits.', 0),
  ('faq_sent_en', 'SENT', 'en', 'The payout was sent. Why is the money not in my account yet?', 'Banks credit incoming transfers on business days. Depending on the method this takes from minutes (Faster Payments) to two business days (SWIFT). If it has not arrived by the expected time, ask us below.', 0),
  ('faq_sent_de', 'SENT', 'de', 'Die Auszahlung wurde gesendet. Warum ist das Geld noch nicht auf meinem Konto?', 'Banken schreiben eingehende Überweisungen an Geschäftstagen gut. Je nach Zahlungsweg dauert das von Minuten bis zu zwei Geschäftstagen. Ist das Geld zur erwarteten Zeit nicht da, fragen Sie uns unten.', 0),
  ('faq_holiday_en', 'reason:BANK_HOLIDAY', 'en', 'What does a bank holiday change?', 'Banks do not move money on bank holidays. Your payout continues on the next business day, and the expected time shown here has moved accordingly.', 0),
  ('faq_holiday_de', 'reason:BANK_HOLIDAY', 'de', 'Was ändert ein Bankfeiertag?', 'An Bankfeiertagen bewegen Banken kein Geld. Ihre Auszahlung geht am nächsten Geschäftstag weiter, die erwartete Zeit hier ist entsprechend verschoben.', 0),
  ('faq_verify_en', 'reason:VERIFICATION_INCOMPLETE', 'en', 'Which documents do you need?', 'Usually a photo ID and a proof of address from the last three months. Upload them in your account with your payout provider. We continue the same business day.', 0),
  ('faq_verify_de', 'reason:VERIFICATION_INCOMPLETE', 'de', 'Welche Unterlagen brauchen Sie?', 'Meist einen Lichtbildausweis und einen Adressnachweis der letzten drei Monate. Laden Sie sie in Ihrem Konto beim Auszahlungsanbieter hoch. Wir machen am selben Geschäftstag weiter.', 0);
