"use client";

import { useTranslations } from "next-intl";
import { useAction } from "next-safe-action/hooks";
import { type FormEvent, useId, useState } from "react";
import { SubmitButton } from "@/components/ui/form-buttons";
import { type FormMessage, FormStatus } from "@/components/ui/form-status";
import { answerSurveyAction } from "./survey-actions";

const NPS_SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

type Props = { token: string; csat: number | null; nps: number | null; comment: string | null };

/** CSAT 1–5, NPS 0–10 and a comment; the survey page and a completed payout's page both show it. */
export function SurveyForm({ token, csat, nps, comment }: Props) {
  const t = useTranslations("feedback");
  const id = useId();
  const [status, setStatus] = useState<FormMessage>(null);
  const answer = useAction(answerSurveyAction, {
    onSettled: ({ result }) =>
      setStatus(
        result.data?.ok
          ? { text: t("thanks"), ok: true }
          : { text: result.validationErrors ? t("invalid") : t("failed"), ok: false },
      ),
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const score = form.get("csat");
    if (!score) {
      setStatus({ text: t("invalid"), ok: false });
      return;
    }
    setStatus(null);
    const npsValue = form.get("nps");
    answer.execute({
      token,
      csat: Number(score),
      nps: npsValue === null ? undefined : Number(npsValue),
      comment: String(form.get("comment") ?? ""),
    });
  };
  return (
    <form onSubmit={submit} noValidate className="space-y-4" data-testid="survey">
      <fieldset>
        <legend className="font-medium">{t("csatLegend")}</legend>
        <div className="mt-2 flex flex-wrap gap-3">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} className="flex items-center gap-1">
              <input type="radio" name="csat" value={n} defaultChecked={csat === n} />
              {n} · {t(`csat.${n}` as "csat.1")}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend className="font-medium">{t("npsLegend")}</legend>
        <div className="mt-2 flex flex-wrap gap-2">
          {NPS_SCORES.map((n) => (
            <label key={n} className="flex items-center gap-1">
              <input type="radio" name="nps" value={n} defaultChecked={nps === n} />
              {n}
            </label>
          ))}
        </div>
      </fieldset>
      <div>
        <label htmlFor={`${id}-c`} className="block font-medium">
          {t("comment")}
        </label>
        <textarea
          id={`${id}-c`}
          name="comment"
          rows={3}
          maxLength={2000}
          defaultValue={comment ?? ""}
          className="mt-1 block w-full rounded border border-slate-400 p-2"
        />
      </div>
      <SubmitButton pending={answer.isPending} className="rounded bg-blue-800 px-4 py-2 font-medium text-white">
        {t("send")}
      </SubmitButton>
      <FormStatus message={status} />
    </form>
  );
}
