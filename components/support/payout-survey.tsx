import { NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations } from "next-intl/server";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { surveyToken } from "@/lib/support/feedback";
import { SurveyForm } from "./survey-form";

/** The survey offered for this completed payout, if one was: the same form as behind the email's link. */
export async function PayoutSurvey({ customerId, payoutId }: { customerId: string; payoutId: string }) {
  const secret = env.AUTH_SECRET;
  const survey = secret
    ? await getDb().feedbackSurvey.findFirst({
        where: { customerId, payoutId, trigger: "COMPLETED" },
        select: { id: true, csat: true, nps: true, comment: true },
      })
    : null;
  if (!survey || !secret) {
    return null;
  }
  const t = await getTranslations("feedback");
  const messages = await getMessages();
  return (
    <section aria-labelledby="survey-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="survey-heading" className="text-lg font-semibold">
        {t("title")}
      </h2>
      <NextIntlClientProvider messages={{ feedback: messages.feedback }}>
        <SurveyForm
          token={surveyToken(secret, survey.id)}
          csat={survey.csat}
          nps={survey.nps}
          comment={survey.comment}
        />
      </NextIntlClientProvider>
    </section>
  );
}
