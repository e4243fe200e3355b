"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useAction } from "next-safe-action/hooks";
import { type FormEvent, useId, useRef, useState } from "react";
import { SubmitButton } from "@/components/ui/form-buttons";
import { type FormMessage, FormStatus } from "@/components/ui/form-status";
import { askAction, customerReplyAction, faqReadAction } from "./inquiry-actions";

const CATEGORIES = ["WHERE_IS_MY_MONEY", "WRONG_AMOUNT", "UPDATE_BANK_DETAILS", "DOCUMENTS", "OTHER"] as const;
const KNOWN = new Set(["tooShort", "tooLong", "category"]);

type Result = {
  data?: { ok: boolean; code?: string };
  validationErrors?: unknown;
  serverError?: string;
};

/** The first problem of a refused question or reply, as a catalog key under support.errors. */
function problem(result: Result): string {
  const errors = result.validationErrors as Record<string, { _errors?: string[] }> | undefined;
  for (const field of ["category", "message"]) {
    const first = errors?.[field]?._errors?.[0];
    if (first) {
      return KNOWN.has(first) ? first : field === "category" ? "category" : "tooShort";
    }
  }
  if (
    result.data &&
    !result.data.ok &&
    result.data.code &&
    ["TOO_MANY", "TOO_MANY_REPLIES", "NOT_FOUND"].includes(result.data.code)
  ) {
    return result.data.code;
  }
  return "failed";
}

export function AskForm({ reference }: { reference: string }) {
  const t = useTranslations("support");
  const router = useRouter();
  const id = useId();
  const [status, setStatus] = useState<FormMessage>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const ask = useAction(askAction, {
    onSettled: ({ result }) => {
      if (result.data?.ok) {
        setStatus({ text: t("sent"), ok: true });
        formRef.current?.reset();
        router.refresh();
      } else {
        setStatus({ text: t(`errors.${problem(result)}` as "errors.failed"), ok: false });
      }
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setStatus(null);
    ask.execute({
      reference,
      category: String(form.get("category") ?? "") as (typeof CATEGORIES)[number],
      message: String(form.get("message") ?? ""),
    });
  };
  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-3" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} className="font-semibold">
        {t("ask")}
      </h3>
      <div>
        <label htmlFor={`${id}-c`} className="block text-sm font-medium">
          {t("category")}
        </label>
        <select
          id={`${id}-c`}
          name="category"
          defaultValue=""
          className="mt-1 rounded border border-slate-400 px-2 py-1"
        >
          <option value="" disabled>
            —
          </option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`categories.${c}`)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-m`} className="block text-sm font-medium">
          {t("message")}
        </label>
        <textarea
          id={`${id}-m`}
          name="message"
          rows={4}
          maxLength={2000}
          aria-describedby={`${id}-s`}
          className="mt-1 block w-full rounded border border-slate-400 p-2"
        />
      </div>
      <SubmitButton pending={ask.isPending} className="rounded bg-blue-800 px-4 py-2 font-medium text-white">
        {t("send")}
      </SubmitButton>
      <FormStatus message={status} id={`${id}-s`} />
    </form>
  );
}

export function ReplyForm({ inquiryId }: { inquiryId: string }) {
  const t = useTranslations("support");
  const router = useRouter();
  const id = useId();
  const [status, setStatus] = useState<FormMessage>(null);
  const reply = useAction(customerReplyAction, {
    onSettled: ({ result }) => {
      if (result.data?.ok) {
        setStatus({ text: t("replied"), ok: true });
        router.refresh();
      } else {
        setStatus({ text: t(`errors.${problem(result)}` as "errors.failed"), ok: false });
      }
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setStatus(null);
    reply.execute({ inquiryId, message: String(new FormData(e.currentTarget).get("message") ?? "") });
  };
  return (
    <form onSubmit={submit} noValidate className="mt-2 space-y-2">
      <label htmlFor={`${id}-r`} className="block text-sm font-medium">
        {t("replyLabel")}
      </label>
      <textarea
        id={`${id}-r`}
        name="message"
        rows={2}
        maxLength={2000}
        className="block w-full rounded border border-slate-400 p-2"
      />
      <SubmitButton pending={reply.isPending} className="rounded border border-blue-800 px-3 py-1 text-blue-900">
        {t("reply")}
      </SubmitButton>
      <FormStatus message={status} className="text-sm" />
    </form>
  );
}

/** The help for this payout's stage and reasons; opening an entry is counted once. */
export function FaqList({
  reference,
  entries,
}: {
  reference: string;
  entries: { id: string; question: string; answer: string }[];
}) {
  const read = useAction(faqReadAction);
  const [opened] = useState(() => new Set<string>());
  return (
    <div className="space-y-2" data-testid="faq">
      {entries.map((entry) => (
        <details
          key={entry.id}
          className="rounded border border-slate-200 p-2"
          onToggle={(e) => {
            if ((e.currentTarget as HTMLDetailsElement).open && !opened.has(entry.id)) {
              opened.add(entry.id);
              read.execute({ reference, faqId: entry.id });
            }
          }}
        >
          <summary className="cursor-pointer font-medium">{entry.question}</summary>
          <p className="mt-1 whitespace-pre-wrap text-sm">{entry.answer}</p>
        </details>
      ))}
    </div>
  );
}
