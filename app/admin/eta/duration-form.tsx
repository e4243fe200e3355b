"use client";

import { useAction } from "next-safe-action/hooks";
import type { FormEvent } from "react";
import { useFormMessage } from "@/components/admin/use-form-message";
import { FormStatus } from "@/components/ui/form-status";
import type { PayoutMethod, TimedStage } from "@/lib/eta/durations";
import { setDurationAction } from "./actions";

/** `name`: the method and stage in words, for the field's label. */
type Props = { method: PayoutMethod; stage: TimedStage; name: string; configured: number | null };

/** One stage's configured hours: save a value, or clear it to go back to the learned or default one. */
export function DurationForm({ method, stage, name, configured }: Props) {
  const feedback = useFormMessage();
  const save = useAction(setDurationAction, {
    onSettled: ({ result }) => feedback.settle(result, "Saved.", "Could not save."),
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const raw = String(new FormData(e.currentTarget).get("hours") ?? "").trim();
    feedback.clear();
    save.execute({
      method,
      stage,
      hours: raw === "" ? null : Number(raw.replace(",", ".")),
    });
  };
  const id = `hours-${method}-${stage}`;
  return (
    <form onSubmit={submit} noValidate className="flex flex-wrap items-center gap-2">
      <label htmlFor={id} className="sr-only">
        Configured hours for {name}
      </label>
      <input
        id={id}
        name="hours"
        inputMode="decimal"
        defaultValue={configured ?? ""}
        placeholder="—"
        className="w-20 rounded border border-slate-400 px-2 py-1"
      />
      <button type="submit" className="rounded border border-slate-500 px-2 py-1" disabled={save.isPending}>
        Save
      </button>
      <FormStatus message={feedback.message} as="span" />
    </form>
  );
}
