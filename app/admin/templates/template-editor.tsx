"use client";

import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useMemo, useRef, useState } from "react";
import { createTranslator } from "use-intl/core";
import { ActionButton, PRIMARY_BUTTON, SECONDARY_BUTTON } from "@/components/ui/form-buttons";
import { FormFeedback, type FormFeedbackMessage } from "@/components/ui/form-status";
import type { AppLocale } from "@/i18n/locale";
import { smsSegments, toGsm7 } from "@/lib/notifications/gsm7";
import {
  checkTemplate,
  fillTemplate,
  MAX_SMS_SEGMENTS,
  PLACEHOLDERS,
  type TemplateValues,
} from "@/lib/templates/templates";
import { saveTemplateAction } from "./actions";

type Props = {
  channel: "PAGE" | "EMAIL" | "SMS";
  topic: string;
  locale: AppLocale;
  /** the admin's current text, or the built-in one to start from */
  initial: string;
  /** the built-in text: what the box holds again after a reset */
  builtIn: string;
  custom: boolean;
  /** channel, topic and language in words */
  title: string;
  /** the catalog's ICU plural for "1 segment" / "2 segments" (admin.count.segments) */
  segmentsMessage: string;
  /** a demo payout's values, for the live preview */
  demo: TemplateValues;
  demoLabel: string;
};

export function TemplateEditor({
  channel,
  topic,
  locale,
  initial,
  builtIn,
  custom,
  title,
  segmentsMessage,
  demo,
  demoLabel,
}: Props) {
  const router = useRouter();
  const [body, setBody] = useState(initial);
  const [message, setMessage] = useState<FormFeedbackMessage>(null);
  const t = useMemo(
    () => createTranslator({ locale: "en", messages: { count: { segments: segmentsMessage } } }),
    [segmentsMessage],
  );
  // Whether the request in flight is a reset: a reset puts the built-in text back in the box,
  // so that a second Save does not bring the old custom text back.
  const resetting = useRef(false);
  const save = useAction(saveTemplateAction, {
    onSettled: ({ result }) => {
      const data = result.data;
      if (data?.ok) {
        if (resetting.current) {
          setBody(builtIn);
        }
        setMessage({
          text: [
            resetting.current
              ? "Reset. Customers read the built-in text again within 2 seconds."
              : "Saved. Customers see it within 2 seconds.",
          ],
          ok: true,
        });
        router.refresh();
      } else if (data && !data.ok) {
        setMessage({ text: data.problems.map((p) => p.message), ok: false });
      } else {
        setMessage({ text: [result.serverError ?? "Could not save."], ok: false });
      }
    },
  });

  /** Saves the text in the box, or (`reset`) none: customers read the built-in text again. */
  const send = (reset: boolean) => {
    setMessage(null);
    resetting.current = reset;
    save.execute({ channel, topic, locale, body: reset ? null : body });
  };

  const problems = checkTemplate(body);
  const preview = problems.length === 0 ? fillTemplate(body, demo) : null;
  const sms = channel === "SMS" && preview !== null ? smsSegments(toGsm7(preview)) : null;

  return (
    <div className="space-y-3">
      <label htmlFor="template-body" className="block font-medium">
        Text ({title})
      </label>
      <p id="placeholders" className="text-sm text-slate-700">
        Placeholders: {PLACEHOLDERS.map((p) => `{${p}}`).join(" ")}
      </p>
      <textarea
        id="template-body"
        value={body}
        onChange={(e) => setBody(e.target.value)}
        rows={channel === "SMS" ? 4 : 6}
        aria-describedby="placeholders template-check"
        className="block w-full max-w-3xl rounded border border-slate-400 p-2 font-mono text-sm"
      />
      <div id="template-check" aria-live="polite" className="text-sm">
        {problems.length > 0 ? (
          <ul className="list-disc pl-5 text-red-800">
            {problems.map((p) => (
              <li key={p.message}>{p.message}</li>
            ))}
          </ul>
        ) : null}
        {sms ? (
          <p data-testid="sms-counter" className={sms.segments > MAX_SMS_SEGMENTS ? "text-red-800" : "text-slate-700"}>
            Preview: {sms.characters} {sms.encoding} characters, {t("count.segments", { count: sms.segments })} (at most{" "}
            {MAX_SMS_SEGMENTS}; checked again with the longest values when you save)
          </p>
        ) : null}
      </div>
      {preview !== null ? (
        <figure className="max-w-3xl rounded border border-slate-200 bg-slate-50 p-3">
          <figcaption className="text-xs font-semibold uppercase tracking-wide text-slate-600">
            Live preview · {demoLabel}
          </figcaption>
          <p data-testid="template-preview" className="mt-1 whitespace-pre-wrap">
            {channel === "SMS" ? toGsm7(preview) : preview}
          </p>
        </figure>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <ActionButton pending={save.isPending} className={PRIMARY_BUTTON} onClick={() => send(false)}>
          Save
        </ActionButton>
        {custom ? (
          <ActionButton pending={save.isPending} className={SECONDARY_BUTTON} onClick={() => send(true)}>
            Reset to the built-in text
          </ActionButton>
        ) : null}
      </div>
      <FormFeedback message={message} />
    </div>
  );
}
