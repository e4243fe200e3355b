"use client";

import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { type FormEvent, useRef, useState } from "react";
import { choiceOf, submitFields } from "@/components/admin/form-values";
import { SelectField, type SelectOption } from "@/components/ui/select-field";
import { REASON_CODES, STAGES } from "@/lib/payouts/stages";
import { moveStageAction, overrideEtaAction, setDelayAction } from "./actions";

type Props = {
  reference: string;
  nextStages: string[];
  /** every stage, its code as the value and its name as the label */
  stages: SelectOption[];
  reasons: SelectOption[];
  delayed: boolean;
  currentStage: string;
  formToken: string;
};

function Feedback({ message, ok }: { message: string | null; ok: boolean }) {
  if (!message) {
    return null;
  }
  return (
    <p
      role={ok ? "status" : "alert"}
      className={`mt-2 text-sm ${ok ? "text-green-800" : "text-red-800"}`}
      data-testid="action-feedback"
    >
      {message}
    </p>
  );
}

type FormName = "move" | "delay" | "eta";

export function StageForms({ reference, nextStages, stages, reasons, delayed, currentStage, formToken }: Props) {
  const router = useRouter();
  // The answer appears under the form that was sent, not under another one.
  const [message, setMessage] = useState<{ form: FormName; text: string; ok: boolean } | null>(null);
  // A new token after each success, so that the next change is a new event.
  const [token, setToken] = useState(formToken);
  const moveForm = useRef<HTMLFormElement>(null);
  const delayForm = useRef<HTMLFormElement>(null);
  const etaForm = useRef<HTMLFormElement>(null);
  const forms = { move: moveForm, delay: delayForm, eta: etaForm };
  const onDone = (
    form: FormName,
    data: { ok: true; result: string } | { ok: false; message: string } | undefined,
    serverError?: string,
  ) => {
    if (serverError) {
      setMessage({ form, text: serverError, ok: false });
    } else if (data && !data.ok) {
      setMessage({ form, text: data.message, ok: false });
    } else if (data?.ok) {
      setMessage({ form, text: data.result === "applied" ? "Saved." : `Nothing changed (${data.result}).`, ok: true });
      setToken(`admin_${crypto.randomUUID()}`);
      // Empty the form that was sent (its note, reason, time): a second submit starts from scratch.
      forms[form].current?.reset();
      router.refresh();
    }
  };
  const move = useAction(moveStageAction, {
    onSettled: ({ result }) =>
      onDone("move", result.data, result.serverError ?? validationMessage(result.validationErrors)),
  });
  const delay = useAction(setDelayAction, {
    onSettled: ({ result }) =>
      onDone("delay", result.data, result.serverError ?? validationMessage(result.validationErrors)),
  });
  const override = useAction(overrideEtaAction, {
    onSettled: ({ result }) =>
      onDone("eta", result.data, result.serverError ?? validationMessage(result.validationErrors)),
  });
  const feedback = (form: FormName) =>
    message?.form === form ? <Feedback message={message.text} ok={message.ok} /> : null;
  const nameOf = (code: string) => stages.find((s) => s.value === code)?.label ?? code;
  const submitOverride = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setMessage(null);
    const form = new FormData(e.currentTarget);
    submitFields(override.execute, {
      eventId: token,
      reference,
      eta: String(form.get("eta") ?? ""),
      reasonCode: choiceOf(REASON_CODES, form.get("etaReason")),
    });
  };

  const submitMove = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setMessage(null);
    const form = new FormData(e.currentTarget);
    submitFields(move.execute, {
      eventId: token,
      reference,
      stage: choiceOf(STAGES, form.get("stage")),
      reasonCode: choiceOf(REASON_CODES, form.get("reasonCode")),
      note: String(form.get("note") ?? "") || undefined,
    });
  };
  const submitDelay = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setMessage(null);
    const submitter = (e.nativeEvent as SubmitEvent).submitter;
    const form = new FormData(e.currentTarget, submitter);
    const set = form.get("mode") === "set";
    delay.execute({
      eventId: token,
      reference,
      delayed: set,
      reasonCode: choiceOf(REASON_CODES, form.get("delayReason")),
      eta: set ? String(form.get("delayEta") ?? "") : "",
    });
  };

  return (
    <div className="grid gap-4 md:grid-cols-2">
      <form
        // A new stage brings new allowed moves: start again from their first.
        key={currentStage}
        ref={moveForm}
        onSubmit={submitMove}
        className="rounded border border-slate-200 bg-white p-4"
        aria-labelledby="move-heading"
      >
        <h2 id="move-heading" className="font-semibold">
          Move stage
        </h2>
        <p className="text-xs text-slate-600">
          Allowed next: {nextStages.length ? nextStages.map(nameOf).join(", ") : "none (final)"}
        </p>
        <label className="mt-2 flex flex-col text-sm">
          New stage
          <select
            name="stage"
            className="rounded border border-slate-400 px-2 py-1"
            defaultValue={nextStages[0] ?? stages[0]?.value}
          >
            {stages
              .filter((s) => s.value !== currentStage)
              .map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                  {nextStages.includes(s.value) ? "" : " (not allowed)"}
                </option>
              ))}
          </select>
        </label>
        <SelectField
          label="Reason (for action required, hold, failure, return)"
          name="reasonCode"
          options={reasons}
          empty="None"
          className="mt-2 flex flex-col text-sm"
        />
        <label className="mt-2 flex flex-col text-sm">
          Note shown to the customer (optional)
          <input name="note" maxLength={500} className="rounded border border-slate-400 px-2 py-1" />
        </label>
        <button
          type="submit"
          disabled={move.isPending}
          className="mt-3 rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60"
        >
          Move stage
        </button>
        {feedback("move")}
      </form>

      <form
        ref={delayForm}
        onSubmit={submitDelay}
        className="rounded border border-slate-200 bg-white p-4"
        aria-labelledby="delay-heading"
      >
        <h2 id="delay-heading" className="font-semibold">
          Delay
        </h2>
        <p className="text-xs text-slate-600">Currently {delayed ? "delayed" : "on time"}.</p>
        <SelectField
          label="Delay reason"
          name="delayReason"
          options={reasons}
          empty="Choose…"
          className="mt-2 flex flex-col text-sm"
        />
        <label className="mt-2 flex flex-col text-sm">
          New ETA (UTC, optional)
          <input
            type="datetime-local"
            name="delayEta"
            className="rounded border border-slate-400 px-2 py-1"
            aria-describedby="delay-eta-help"
          />
          <span id="delay-eta-help" className="text-xs text-slate-600">
            Empty: computed from the time the stage has taken (the slow end of what remains).
          </span>
        </label>
        <div className="mt-3 flex gap-2">
          <button
            type="submit"
            name="mode"
            value="set"
            disabled={delay.isPending}
            className="rounded bg-orange-800 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60"
          >
            Mark delayed
          </button>
          <button
            type="submit"
            name="mode"
            value="clear"
            disabled={delay.isPending || !delayed}
            className="rounded border border-slate-400 px-3 py-1.5 text-sm font-medium disabled:opacity-60"
          >
            Clear delay
          </button>
        </div>
        {feedback("delay")}
      </form>
      <form
        ref={etaForm}
        onSubmit={submitOverride}
        className="rounded border border-slate-200 bg-white p-4"
        aria-labelledby="eta-heading"
      >
        <h2 id="eta-heading" className="font-semibold">
          Override ETA
        </h2>
        <p className="text-xs text-slate-600">The customer sees the new ETA, the original one and the reason.</p>
        <label className="mt-2 flex flex-col text-sm">
          New ETA (UTC)
          <input type="datetime-local" name="eta" required className="rounded border border-slate-400 px-2 py-1" />
        </label>
        <SelectField
          label="Reason for the new ETA"
          name="etaReason"
          options={reasons}
          empty="Choose…"
          className="mt-2 flex flex-col text-sm"
        />
        <button
          type="submit"
          disabled={override.isPending}
          className="mt-3 rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60"
        >
          Set ETA
        </button>
        {feedback("eta")}
      </form>
    </div>
  );
}

/** The first field error of a rejected input, in words. */
function validationMessage(errors: unknown): string | undefined {
  if (!errors || typeof errors !== "object") {
    return undefined;
  }
  for (const value of Object.values(errors as Record<string, unknown>)) {
    const messages = (value as { _errors?: string[] } | undefined)?._errors;
    if (messages?.[0]) {
      return messages[0];
    }
  }
  return "Some fields are invalid; check the form.";
}
