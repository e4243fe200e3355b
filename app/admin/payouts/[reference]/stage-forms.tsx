"use client";

import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { type FormEvent, type ReactNode, type Ref, useRef, useState } from "react";
import { type ActionAnswer, choiceOf, refusalText, submitFields } from "@/components/admin/form-values";
import { SubmitButton } from "@/components/ui/form-buttons";
import { FormFeedback } from "@/components/ui/form-status";
import { SelectField, type SelectOption } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import type { CommandResult } from "@/lib/payouts/admin-commands";
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

type FormName = "move" | "delay" | "eta";
type Answer = { form: FormName; text: string; ok: boolean } | null;

const FIELD = "mt-2 flex flex-col text-sm";
const PRIMARY = "rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60";

const TITLES: Record<FormName, string> = { move: "Move stage", delay: "Delay", eta: "Override ETA" };

/** One of the page's forms: a box named by its heading, the answer to its last submit under it. */
function StageForm({
  ref,
  name,
  answer,
  onSubmit,
  children,
}: {
  ref: Ref<HTMLFormElement>;
  name: FormName;
  answer: Answer;
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
  children: ReactNode;
}) {
  return (
    <form
      ref={ref}
      onSubmit={onSubmit}
      className="rounded border border-slate-200 bg-white p-4"
      aria-labelledby={`${name}-heading`}
    >
      <h2 id={`${name}-heading`} className="font-semibold">
        {TITLES[name]}
      </h2>
      {children}
      <FormFeedback message={answer?.form === name ? answer : null} className="mt-2 text-sm" testId="action-feedback" />
    </form>
  );
}

export function StageForms({ reference, nextStages, stages, reasons, delayed, currentStage, formToken }: Props) {
  const router = useRouter();
  // The answer appears under the form that was sent, not under another one.
  const [answer, setAnswer] = useState<Answer>(null);
  // A new token after each success, so that the next change is a new event.
  const [token, setToken] = useState(formToken);
  const forms = {
    move: useRef<HTMLFormElement>(null),
    delay: useRef<HTMLFormElement>(null),
    eta: useRef<HTMLFormElement>(null),
  };
  const settled = (form: FormName) => ({
    onSettled: ({ result }: { result: ActionAnswer & { data?: CommandResult } }) => {
      if (!result.data?.ok) {
        setAnswer({ form, text: refusalText(result, "Could not save."), ok: false });
        return;
      }
      const outcome = result.data.result;
      setAnswer({ form, text: outcome === "applied" ? "Saved." : `Nothing changed (${outcome}).`, ok: true });
      setToken(`admin_${crypto.randomUUID()}`);
      // Empty the form that was sent (its note, reason, time): a second submit starts from scratch.
      forms[form].current?.reset();
      router.refresh();
    },
  });
  const move = useAction(moveStageAction, settled("move"));
  const delay = useAction(setDelayAction, settled("delay"));
  const override = useAction(overrideEtaAction, settled("eta"));
  /** A submit handler that sends the form's fields (with the button pressed) and the event's ids through `send`. */
  const sending =
    (send: (form: FormData, ids: { eventId: string; reference: string }) => void) =>
    (e: FormEvent<HTMLFormElement>) => {
      e.preventDefault();
      setAnswer(null);
      send(new FormData(e.currentTarget, (e.nativeEvent as SubmitEvent).submitter), { eventId: token, reference });
    };
  const submitMove = sending((form, ids) =>
    submitFields(move.execute, {
      ...ids,
      stage: choiceOf(STAGES, form.get("stage")),
      reasonCode: choiceOf(REASON_CODES, form.get("reasonCode")),
      note: String(form.get("note") ?? "") || undefined,
    }),
  );
  const submitDelay = sending((form, ids) => {
    const set = form.get("mode") === "set";
    delay.execute({
      ...ids,
      delayed: set,
      reasonCode: choiceOf(REASON_CODES, form.get("delayReason")),
      eta: set ? String(form.get("delayEta") ?? "") : "",
    });
  });
  const nameOf = (code: string) => stages.find((s) => s.value === code)?.label ?? code;
  const submitOverride = sending((form, ids) =>
    submitFields(override.execute, {
      ...ids,
      eta: String(form.get("eta") ?? ""),
      reasonCode: choiceOf(REASON_CODES, form.get("etaReason")),
    }),
  );

  return (
    <div className="grid gap-4 md:grid-cols-2">
      {/* A new stage brings new allowed moves: start again from their first. */}
      <StageForm key={currentStage} ref={forms.move} name="move" answer={answer} onSubmit={submitMove}>
        <p className="text-xs text-slate-600">
          Allowed next: {nextStages.length ? nextStages.map(nameOf).join(", ") : "none (final)"}
        </p>
        <SelectField
          label="New stage"
          name="stage"
          options={stages
            .filter((s) => s.value !== currentStage)
            .map((s) => ({
              value: s.value,
              label: nextStages.includes(s.value) ? s.label : `${s.label} (not allowed)`,
            }))}
          defaultValue={nextStages[0] ?? stages[0]?.value}
          className={FIELD}
        />
        <SelectField
          label="Reason (for action required, hold, failure, return)"
          name="reasonCode"
          options={reasons}
          empty="None"
          className={FIELD}
        />
        <TextField label="Note shown to the customer (optional)" name="note" maxLength={500} className={FIELD} />
        <SubmitButton pending={move.isPending} className={`mt-3 ${PRIMARY}`}>
          Move stage
        </SubmitButton>
      </StageForm>

      <StageForm ref={forms.delay} name="delay" answer={answer} onSubmit={submitDelay}>
        <p className="text-xs text-slate-600">Currently {delayed ? "delayed" : "on time"}.</p>
        <SelectField label="Delay reason" name="delayReason" options={reasons} empty="Choose…" className={FIELD} />
        <label className={FIELD}>
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
          <SubmitButton
            name="mode"
            value="set"
            pending={delay.isPending}
            className="rounded bg-orange-800 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60"
          >
            Mark delayed
          </SubmitButton>
          <SubmitButton
            name="mode"
            value="clear"
            pending={delay.isPending}
            disabled={!delayed}
            className="rounded border border-slate-400 px-3 py-1.5 text-sm font-medium disabled:opacity-60"
          >
            Clear delay
          </SubmitButton>
        </div>
      </StageForm>

      <StageForm ref={forms.eta} name="eta" answer={answer} onSubmit={submitOverride}>
        <p className="text-xs text-slate-600">The customer sees the new ETA, the original one and the reason.</p>
        <TextField label="New ETA (UTC)" type="datetime-local" name="eta" required className={FIELD} />
        <SelectField
          label="Reason for the new ETA"
          name="etaReason"
          options={reasons}
          empty="Choose…"
          className={FIELD}
        />
        <SubmitButton pending={override.isPending} className={`mt-3 ${PRIMARY}`}>
          Set ETA
        </SubmitButton>
      </StageForm>
    </div>
  );
}
