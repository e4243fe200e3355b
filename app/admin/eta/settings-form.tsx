"use client";

import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { type FormEvent, useState } from "react";
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
  const router = useRouter();
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const save = useAction(saveEtaSettingsAction, {
    onSettled: ({ result }) => {
      if (result.data?.ok) {
        setMessage({ text: "Saved.", ok: true });
        router.refresh();
        return;
      }
      const errors = result.validationErrors as Record<string, { _errors?: string[] }> | undefined;
      const first = errors ? Object.values(errors).flatMap((e) => e?._errors ?? [])[0] : undefined;
      setMessage({ text: first ?? result.serverError ?? "Could not save.", ok: false });
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const quantiles = Object.fromEntries(
      methods.map(({ value: method }) => [method, Number(String(form.get(`q-${method}`) ?? "").replace(",", "."))]),
    ) as Record<PayoutMethod, number>;
    setMessage(null);
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
        <label className="flex flex-col">
          Time zone
          <input
            name="zone"
            defaultValue={settings.opsTimeZone}
            className="w-44 rounded border border-slate-400 px-2 py-1"
          />
        </label>
        <label className="flex flex-col">
          From
          <input
            name="start"
            defaultValue={settings.opsStart}
            className="w-20 rounded border border-slate-400 px-2 py-1"
          />
        </label>
        <label className="flex flex-col">
          Until
          <input name="end" defaultValue={settings.opsEnd} className="w-20 rounded border border-slate-400 px-2 py-1" />
        </label>
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
          <label key={method} className="flex flex-col">
            {label}
            <input
              name={`q-${method}`}
              inputMode="decimal"
              defaultValue={settings.quantiles[method]}
              className="w-20 rounded border border-slate-400 px-2 py-1"
            />
          </label>
        ))}
      </fieldset>
      <div className="flex items-center gap-2">
        <button type="submit" className="rounded border border-slate-500 px-3 py-1" disabled={save.isPending}>
          Save settings
        </button>
        <span
          role={message && !message.ok ? "alert" : "status"}
          className={message?.ok ? "text-green-800" : "text-red-800"}
        >
          {message?.text ?? ""}
        </span>
      </div>
    </form>
  );
}
