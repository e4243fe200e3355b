import { NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations } from "next-intl/server";
import { AskForm, FaqList, ReplyForm } from "@/app/(customer)/payouts/[reference]/inquiry-forms";
import type { AppLocale } from "@/i18n/locale";
import { getDb } from "@/lib/db/client";
import { formatShort } from "@/lib/format/dates";
import { faqForPayout } from "@/lib/support/faq";
import { inquiriesForPayout } from "@/lib/support/inquiries";

/** The customer's questions about this payout (threads with their status) and the form to ask one. */
export async function InquirySection(props: {
  customerId: string;
  payoutId: string;
  reference: string;
  intlLocale: string;
  timeZone: string;
  locale: AppLocale;
  stage: string;
  reasons: (string | null)[];
}) {
  const t = await getTranslations("support");
  const messages = await getMessages();
  const [inquiries, faq] = await Promise.all([
    inquiriesForPayout(getDb(), props.customerId, props.payoutId),
    faqForPayout(getDb(), props.locale, props.stage, props.reasons),
  ]);
  return (
    <section
      aria-labelledby="support-heading"
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      data-testid="inquiries"
    >
      <h2 id="support-heading" className="text-lg font-semibold">
        {t("heading")}
      </h2>
      <p className="text-sm text-slate-700">{t("intro")}</p>
      <NextIntlClientProvider messages={{ support: messages.support }}>
        {inquiries.map((inquiry) => (
          <article key={inquiry.id} className="mt-4 rounded border border-slate-200 p-3" data-testid="inquiry">
            <p className="text-sm font-medium">
              {t(`categories.${inquiry.category}`)} ·{" "}
              <span data-testid="inquiry-status">{t(`status.${inquiry.status}`)}</span>
            </p>
            <ol className="mt-2 space-y-2">
              {inquiry.messages.map((m) => (
                <li key={m.id} className={m.staffId ? "rounded bg-blue-50 p-2" : "rounded bg-slate-50 p-2"}>
                  <p className="text-xs text-slate-700">
                    {m.staffId ? t("team") : t("you")} ·{" "}
                    <time dateTime={m.createdAt.toISOString()}>
                      {formatShort(m.createdAt, props.intlLocale, props.timeZone)}
                    </time>
                  </p>
                  <p className="whitespace-pre-wrap">{m.body}</p>
                </li>
              ))}
            </ol>
            {inquiry.status !== "RESOLVED" ? <ReplyForm inquiryId={inquiry.id} /> : null}
          </article>
        ))}
        {faq.length > 0 ? (
          <div className="mt-4">
            <h3 className="font-semibold">{t("faqHeading")}</h3>
            <FaqList reference={props.reference} entries={faq} />
          </div>
        ) : null}
        <div className="mt-4">
          <AskForm reference={props.reference} />
        </div>
      </NextIntlClientProvider>
    </section>
  );
}
