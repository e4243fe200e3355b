"use client";

import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import type { FormEvent } from "react";
import { choiceOf, choicesOf, submitFields } from "@/components/admin/form-values";
import { useFormMessage } from "@/components/admin/use-form-message";
import { SubmitButton } from "@/components/ui/form-buttons";
import { FormFeedback } from "@/components/ui/form-status";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { PAYOUT_METHODS } from "@/lib/eta/durations";
import { REASON_CODES } from "@/lib/payouts/stages";
import { endNoticeAction, publishNoticeAction } from "./actions";

type Option = { value: string; label: string };
/** `methods`, `reasons`: each code with its name; the form sends the codes. */
type Props = { methods: Option[]; reasons: Option[]; defaultStart: string; defaultEnd: string };

export function PublishNotice({ methods, reasons, defaultStart, defaultEnd }: Props) {
  const feedback = useFormMessage();
  const publish = useAction(publishNoticeAction, {
    onSettled: ({ result }) => feedback.settle(result, "Published.", "Could not publish."),
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    submitFields(publish.execute, {
      methods: choicesOf(PAYOUT_METHODS, form.getAll("methods")),
      countries: String(form.get("countries") ?? ""),
      startsAt: String(form.get("startsAt") ?? ""),
      endsAt: String(form.get("endsAt") ?? ""),
      messageEn: String(form.get("messageEn") ?? ""),
      messageDe: String(form.get("messageDe") ?? ""),
      etaShiftHours: Number(form.get("etaShiftHours") ?? 0),
      reasonCode: choiceOf(REASON_CODES, form.get("reasonCode")),
    });
  };
  return (
    <form
      onSubmit={submit}
      className="space-y-3 rounded border border-slate-200 bg-white p-4 text-sm"
      aria-labelledby="publish-heading"
    >
      <h2 id="publish-heading" className="font-semibold">
        Publish a notice
      </h2>
      <fieldset>
        <legend>Payout methods</legend>
        <div className="flex flex-wrap gap-3">
          {methods.map((m) => (
            <label key={m.value} className="flex items-center gap-1">
              <input type="checkbox" name="methods" value={m.value} /> {m.label}
            </label>
          ))}
        </div>
      </fieldset>
      <TextField
        label="Countries (ISO codes, e.g. DE, AT; empty = all). A customer's country is that of their mobile number."
        name="countries"
        placeholder="all countries"
        width="max-w-xs"
      />
      <div className="flex flex-wrap gap-3">
        <TextField label="Starts (UTC)" type="datetime-local" name="startsAt" defaultValue={defaultStart} />
        <TextField label="Ends (UTC)" type="datetime-local" name="endsAt" defaultValue={defaultEnd} />
        <TextField
          label="ETA shift (business hours)"
          type="number"
          name="etaShiftHours"
          min={0}
          max={240}
          defaultValue={0}
        />
        <SelectField
          label="Reason shown with a shifted ETA"
          name="reasonCode"
          options={reasons}
          defaultValue="HIGH_VOLUME"
          className="flex flex-col"
        />
      </div>
      <label className="flex flex-col">
        Text for English-speaking customers
        <textarea name="messageEn" rows={2} maxLength={300} className="rounded border border-slate-400 px-2 py-1" />
      </label>
      <label className="flex flex-col">
        Text for German-speaking customers
        <textarea
          name="messageDe"
          rows={2}
          maxLength={300}
          lang="de"
          className="rounded border border-slate-400 px-2 py-1"
        />
      </label>
      <SubmitButton
        pending={publish.isPending}
        className="rounded bg-slate-900 px-3 py-1.5 font-medium text-white disabled:opacity-60"
      >
        Publish notice
      </SubmitButton>
      <FormFeedback message={feedback.message} testId="notice-feedback" />
    </form>
  );
}

export function EndNotice({ id }: { id: string }) {
  const router = useRouter();
  const end = useAction(endNoticeAction, { onSettled: () => router.refresh() });
  return (
    <button
      type="button"
      disabled={end.isPending}
      onClick={() => end.execute({ id })}
      className="rounded border border-slate-400 px-2 py-1 text-xs font-medium disabled:opacity-60"
    >
      End now
    </button>
  );
}
