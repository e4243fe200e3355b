"use client";

import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { type FormEvent, useState } from "react";
import { choiceOf, choicesOf, submitFields } from "@/components/admin/form-values";
import { PAYOUT_METHODS } from "@/lib/eta/durations";
import { REASON_CODES } from "@/lib/payouts/stages";
import { endNoticeAction, publishNoticeAction } from "./actions";

type Option = { value: string; label: string };
/** `methods`, `reasons`: each code with its name; the form sends the codes. */
type Props = { methods: Option[]; reasons: Option[]; defaultStart: string; defaultEnd: string };

/** The first field error of a rejected input, in words (also inside lists, such as one bad country code). */
function firstError(errors: unknown): string | undefined {
  if (!errors || typeof errors !== "object") {
    return undefined;
  }
  const own = (errors as { _errors?: string[] })._errors?.[0];
  if (own) {
    return own;
  }
  for (const [key, value] of Object.entries(errors as Record<string, unknown>)) {
    const nested = key === "_errors" ? undefined : firstError(value);
    if (nested) {
      return nested;
    }
  }
  return undefined;
}

export function PublishNotice({ methods, reasons, defaultStart, defaultEnd }: Props) {
  const router = useRouter();
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const publish = useAction(publishNoticeAction, {
    onSettled: ({ result }) => {
      if (result.data?.ok) {
        setMessage({ text: "Published.", ok: true });
        router.refresh();
      } else {
        setMessage({
          text:
            (result.data && !result.data.ok ? result.data.message : undefined) ??
            result.serverError ??
            firstError(result.validationErrors) ??
            (result.validationErrors ? "Some fields are invalid; check the form." : undefined) ??
            "Could not publish.",
          ok: false,
        });
      }
    },
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
      <label className="flex flex-col">
        Countries (ISO codes, e.g. DE, AT; empty = all). A customer's country is that of their mobile number.
        <input
          name="countries"
          placeholder="all countries"
          className="max-w-xs rounded border border-slate-400 px-2 py-1"
        />
      </label>
      <div className="flex flex-wrap gap-3">
        <label className="flex flex-col">
          Starts (UTC)
          <input
            type="datetime-local"
            name="startsAt"
            defaultValue={defaultStart}
            className="rounded border border-slate-400 px-2 py-1"
          />
        </label>
        <label className="flex flex-col">
          Ends (UTC)
          <input
            type="datetime-local"
            name="endsAt"
            defaultValue={defaultEnd}
            className="rounded border border-slate-400 px-2 py-1"
          />
        </label>
        <label className="flex flex-col">
          ETA shift (business hours)
          <input
            type="number"
            name="etaShiftHours"
            min={0}
            max={240}
            defaultValue={0}
            className="rounded border border-slate-400 px-2 py-1"
          />
        </label>
        <label className="flex flex-col">
          Reason shown with a shifted ETA
          <select name="reasonCode" defaultValue="HIGH_VOLUME" className="rounded border border-slate-400 px-2 py-1">
            {reasons.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
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
      <button
        type="submit"
        disabled={publish.isPending}
        className="rounded bg-slate-900 px-3 py-1.5 font-medium text-white disabled:opacity-60"
      >
        Publish notice
      </button>
      {message ? (
        <p
          role={message.ok ? "status" : "alert"}
          data-testid="notice-feedback"
          className={message.ok ? "text-green-800" : "text-red-800"}
        >
          {message.text}
        </p>
      ) : null}
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
