"use client";

import { useAction } from "next-safe-action/hooks";
import type { FormEvent } from "react";
import { useFormMessage } from "@/components/admin/use-form-message";
import { FormStatus } from "@/components/ui/form-status";
import { TextField } from "@/components/ui/text-field";
import type { PayoutMethod } from "@/lib/eta/durations";
import type { EtaSettingsView } from "@/lib/eta/settings-admin";
import { saveEtaSettingsAction } from "./actions";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** The operations team's working hours (review stages advance only in them) and the quantile each method promises. */
export function EtaSettingsForm({
  settings,
  methods,
}: {
  settings: EtaSettingsView;
  /** each method's code and its name */
  methods: readonly { value: PayoutMethod; label: string }[];
}) {
  const feedback = useFormMessage();
  const save = useAction(saveEtaSettingsAction, {
    onSettled: ({ result }) => feedback.settle(result, "Saved.", "Could not save."),
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const quantiles = Object.fromEntries(
      methods.map(({ value: method }) => [method, Number(String(form.get(`q-${method}`) ?? "").replace(",", "."))]),
    ) as Record<PayoutMethod, number>;
    feedback.clear();
    save.execute({
      opsTimeZone: String(form.get("zone") ?? "").trim(),
      opsDays: form.getAll("days").map(Number),
      opsStart: String(form.get("start") ?? ""),
      opsEnd: String(form.get("end") ?? ""),
      quantiles,
    });
  };
  return (
    <form onSubmit={submit} noValidate className="space-y-3 rounded border border-slate-200 bg-white p-3 text-sm">
      <fieldset className="flex flex-wrap items-end gap-3">
        <legend className="mb-1 font-semibold">Operations working hours (review stages)</legend>
        <TextField label="Time zone" name="zone" defaultValue={settings.opsTimeZone} width="w-44" />
        <TextField label="From" name="start" defaultValue={settings.opsStart} width="w-20" />
        <TextField label="Until" name="end" defaultValue={settings.opsEnd} width="w-20" />
        <fieldset className="flex flex-wrap gap-2">
          <legend className="sr-only">Working days</legend>
          {DAYS.map((day, i) => (
            <label key={day} className="flex items-center gap-1">
              <input type="checkbox" name="days" value={i} defaultChecked={settings.opsDays.includes(i)} />
              {day}
            </label>
          ))}
        </fieldset>
      </fieldset>
      <fieldset className="flex flex-wrap gap-3">
        <legend className="mb-1 font-semibold">Share of payouts that arrive by the ETA shown (quantile)</legend>
        {methods.map(({ value: method, label }) => (
          <TextField
            key={method}
            label={label}
            name={`q-${method}`}
            inputMode="decimal"
            defaultValue={settings.quantiles[method]}
            width="w-20"
          />
        ))}
      </fieldset>
      <div className="flex items-center gap-2">
        <button type="submit" className="rounded border border-slate-500 px-3 py-1" disabled={save.isPending}>
          Save settings
        </button>
        <FormStatus message={feedback.message} as="span" />
      </div>
    </form>
  );
}
