"use client";

import { useAction } from "next-safe-action/hooks";
import { type FormEvent, useId } from "react";
import type { ActionAnswer } from "@/components/admin/form-values";
import { useFormMessage } from "@/components/admin/use-form-message";
import { FormStatus } from "@/components/ui/form-status";
import { TextField } from "@/components/ui/text-field";
import type { AppLocale } from "@/i18n/locale";
import { deleteFaqAction, saveFaqAction } from "./actions";

type Entry = { id?: string; topic: string; locale: AppLocale; question: string; answer: string; position: number };

/** Edit (or, without an id, add) one FAQ entry. */
/** `topics`: each stage or reason topic's code and its name. */
export function FaqForm({ entry, topics }: { entry: Entry; topics: { value: string; label: string }[] }) {
  const id = useId();
  const feedback = useFormMessage();
  const settled = ({ result }: { result: ActionAnswer & { data?: { ok: boolean } } }) =>
    feedback.settle(result, "Saved.", "Could not save.");
  const save = useAction(saveFaqAction, { onSettled: settled });
  const remove = useAction(deleteFaqAction, { onSettled: settled });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    feedback.clear();
    save.execute({
      id: entry.id,
      topic: String(f.get("topic")),
      locale: String(f.get("locale")) as "en",
      question: String(f.get("question") ?? ""),
      answer: String(f.get("answer") ?? ""),
      position: Number(f.get("position") ?? 0),
    });
  };
  return (
    <form onSubmit={submit} noValidate className="space-y-2 rounded border border-slate-200 bg-white p-3 text-sm">
      <div className="flex flex-wrap gap-3">
        <label className="flex flex-col">
          Stage or reason
          <select name="topic" defaultValue={entry.topic} className="rounded border border-slate-400 px-2 py-1">
            {topics.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          Language
          <select name="locale" defaultValue={entry.locale} className="rounded border border-slate-400 px-2 py-1">
            <option value="en">English</option>
            <option value="de">German</option>
          </select>
        </label>
        <TextField
          label="Order"
          name="position"
          type="number"
          min={0}
          max={99}
          defaultValue={entry.position}
          width="w-16"
        />
      </div>
      <label htmlFor={`${id}-q`} className="block">
        Question
      </label>
      <input
        id={`${id}-q`}
        name="question"
        defaultValue={entry.question}
        className="block w-full rounded border border-slate-400 px-2 py-1"
      />
      <label htmlFor={`${id}-a`} className="block">
        Answer
      </label>
      <textarea
        id={`${id}-a`}
        name="answer"
        rows={3}
        defaultValue={entry.answer}
        className="block w-full rounded border border-slate-400 p-2"
      />
      <div className="flex gap-2">
        <button type="submit" className="rounded bg-slate-900 px-3 py-1 text-white" disabled={save.isPending}>
          {entry.id ? "Save" : "Add entry"}
        </button>
        {entry.id ? (
          <button
            type="button"
            className="rounded border border-red-400 px-3 py-1 text-red-800"
            onClick={() => entry.id && remove.execute({ id: entry.id })}
            disabled={remove.isPending}
          >
            Delete
          </button>
        ) : null}
      </div>
      <FormStatus message={feedback.message} />
    </form>
  );
}
