"use client";

import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { ActionButton, PRIMARY_BUTTON, SECONDARY_BUTTON, SubmitButton } from "@/components/ui/form-buttons";
import { FormFeedback, type FormFeedbackMessage } from "@/components/ui/form-status";
import { actionTemplateProblem, fillActionUrl } from "@/lib/payouts/action-url";
import type { GuidanceReason, GuidedStage } from "@/lib/payouts/guidance-rules";
import { resetGuidanceAction, saveGuidanceAction } from "./actions";

const FIELDS = [
  "whereMoneyEn",
  "whereMoneyDe",
  "nextEn",
  "nextDe",
  "actionLabelEn",
  "actionLabelDe",
  "actionUrl",
] as const;
type Fields = Record<(typeof FIELDS)[number], string>;

const EMPTY = Object.fromEntries(FIELDS.map((name) => [name, ""])) as Fields;

type Props = {
  stage: GuidedStage;
  reason: GuidanceReason;
  /** the admins' current row ("" = built-in) */
  initial: Fields;
  /** what an empty field gives the customer: shown as the placeholder */
  fallback: Fields;
  custom: boolean;
  hosts: readonly string[];
  appHost: string | null;
  /** the payout the link preview fills in */
  sample: { reference: string; externalId: string; label: string };
};

const TEXTS: { name: keyof Fields; label: string; max: number; long: boolean }[] = [
  { name: "whereMoneyEn", label: "Where the money is (English)", max: 240, long: true },
  { name: "whereMoneyDe", label: "Where the money is (German)", max: 240, long: true },
  { name: "nextEn", label: "What happens next (English)", max: 240, long: true },
  { name: "nextDe", label: "What happens next (German)", max: 240, long: true },
  { name: "actionLabelEn", label: "Button label (English)", max: 40, long: false },
  { name: "actionLabelDe", label: "Button label (German)", max: 40, long: false },
];

/** One stage and reason's guidance: texts in both languages, the default link, a live preview of it. */
export function GuidanceForm({ stage, reason, initial, fallback, custom, hosts, appHost, sample }: Props) {
  const router = useRouter();
  const [fields, setFields] = useState<Fields>(initial);
  const [message, setMessage] = useState<FormFeedbackMessage>(null);
  const onDone = (ok: boolean, text: string[]) => {
    setMessage({ text, ok });
    if (ok) {
      router.refresh();
    }
  };
  const save = useAction(saveGuidanceAction, {
    onSettled: ({ result }) => {
      const data = result.data;
      if (data?.ok) {
        onDone(true, ["Saved. Customers read it from now on."]);
      } else if (data && !data.ok) {
        onDone(
          false,
          data.problems.map((p) => p.message),
        );
      } else {
        const errors = result.validationErrors as Record<string, { _errors?: string[] }> | undefined;
        const first = errors
          ? Object.entries(errors).flatMap(([field, e]) => (e?._errors ?? []).map((m) => `${field}: ${m}`))
          : [];
        onDone(false, first.length > 0 ? first : [result.serverError ?? "Could not save."]);
      }
    },
  });
  // A reset empties the boxes too: a second Save must not bring the old custom text back.
  const reset = useAction(resetGuidanceAction, {
    onSettled: ({ result }) => {
      if (result.data?.ok) {
        setFields(EMPTY);
        onDone(true, ["Reset. Customers read the built-in texts again."]);
      } else {
        onDone(false, [result.serverError ?? "Could not reset."]);
      }
    },
  });

  const url = fields.actionUrl.trim();
  const problem = url === "" ? null : actionTemplateProblem(url, hosts, appHost);
  const effectiveUrl = url === "" ? fallback.actionUrl : url;
  const preview =
    effectiveUrl !== "" && (url === "" || problem === null)
      ? fillActionUrl(effectiveUrl, { reference: sample.reference, externalId: sample.externalId })
      : null;
  const label = (fields.actionLabelEn.trim() || fallback.actionLabelEn).trim();
  const busy = save.isPending || reset.isPending;
  const resetTexts = () => {
    setMessage(null);
    reset.execute({ stage, reason });
  };

  return (
    <form
      noValidate
      className="mt-2 space-y-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        setMessage(null);
        save.execute({ stage, reason, ...fields });
      }}
    >
      <p className="text-slate-700">
        Leave a field empty to use the text shown in grey (built-in, or the stage&apos;s own row).
      </p>
      <div className="grid gap-3 md:grid-cols-2">
        {TEXTS.map((f) => (
          <div key={f.name} className="flex flex-col gap-1">
            <label htmlFor={`g-${f.name}`}>{f.label}</label>
            {f.long ? (
              <textarea
                id={`g-${f.name}`}
                name={f.name}
                rows={2}
                maxLength={f.max}
                value={fields[f.name]}
                placeholder={fallback[f.name]}
                onChange={(e) => setFields({ ...fields, [f.name]: e.target.value })}
                className="rounded border border-slate-400 p-2"
              />
            ) : (
              <input
                id={`g-${f.name}`}
                name={f.name}
                maxLength={f.max}
                value={fields[f.name]}
                placeholder={fallback[f.name]}
                onChange={(e) => setFields({ ...fields, [f.name]: e.target.value })}
                className="rounded border border-slate-400 px-2 py-1"
              />
            )}
          </div>
        ))}
      </div>
      <label className="flex flex-col gap-1">
        Default link (used when the payout system sent none)
        <input
          name="actionUrl"
          maxLength={2048}
          value={fields.actionUrl}
          placeholder={fallback.actionUrl || "https://app.example.com/payouts/{external_id}?ref={reference}"}
          aria-describedby="link-check"
          onChange={(e) => setFields({ ...fields, actionUrl: e.target.value })}
          className="rounded border border-slate-400 px-2 py-1 font-mono"
        />
      </label>
      <div id="link-check" aria-live="polite" className="space-y-1">
        <p className="text-slate-700">
          Placeholders: <code>{"{reference}"}</code> <code>{"{external_id}"}</code> (filled in URL-encoded).
        </p>
        {problem ? <p className="text-red-800">Link: {problem}.</p> : null}
        <figure className="rounded border border-slate-200 bg-slate-50 p-2">
          <figcaption className="text-xs font-semibold uppercase tracking-wide text-slate-600">
            Preview for {sample.label}
          </figcaption>
          {preview && label ? (
            <p data-testid="link-preview" className="mt-1 break-all">
              <span className="mr-2 inline-block rounded bg-slate-900 px-2 py-0.5 text-white">{label}</span>
              {preview}
            </p>
          ) : (
            <p data-testid="link-preview" className="mt-1 text-slate-700">
              No button unless the payout system sends a link with the payout.
            </p>
          )}
        </figure>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <SubmitButton pending={busy} className={PRIMARY_BUTTON}>
          Save
        </SubmitButton>
        {custom ? (
          <ActionButton pending={busy} className={SECONDARY_BUTTON} onClick={resetTexts}>
            Reset to the built-in texts
          </ActionButton>
        ) : null}
        <FormFeedback message={message} />
      </div>
    </form>
  );
}
