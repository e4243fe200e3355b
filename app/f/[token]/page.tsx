import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { NextIntlClientProvider } from "next-intl";
import { getTranslations } from "next-intl/server";
import { SurveyForm } from "@/components/support/survey-form";
import { getDb } from "@/lib/db/client";
import { answerSurvey, surveyByToken } from "@/lib/support/feedback";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata(): Promise<Metadata> {
  return { title: "Feedback", robots: { index: false } };
}

// GET /f/<token>[?csat=1..5] — the survey behind the link in the email; a score in the link
// is recorded at once (one click), and can be changed here.
export default async function SurveyPage({ params, searchParams }: Props) {
  const { token } = await params;
  const db = getDb();
  const survey = await surveyByToken(db, token);
  if (!survey) {
    notFound();
  }
  const customer = await db.customer.findUniqueOrThrow({ where: { id: survey.customerId }, select: { locale: true } });
  const locale = customer.locale;
  const clicked = Number((await searchParams).csat);
  let csat = survey.csat;
  if (Number.isInteger(clicked) && clicked >= 1 && clicked <= 5 && clicked !== survey.csat) {
    await answerSurvey(db, survey.id, { csat: clicked });
    csat = clicked;
  }
  const t = await getTranslations({ locale, namespace: "feedback" });
  const messages = (await import(`../../../messages/${locale}.json`)).default;
  return (
    <main id="main" lang={locale} className="mx-auto max-w-2xl space-y-4 px-4 py-8">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      {csat ? (
        <p role="status" className="text-green-800">
          {t("recorded")}
        </p>
      ) : null}
      <NextIntlClientProvider locale={locale} messages={{ feedback: messages.feedback }}>
        <SurveyForm token={token} csat={csat} nps={survey.nps} comment={survey.comment} />
      </NextIntlClientProvider>
    </main>
  );
}
