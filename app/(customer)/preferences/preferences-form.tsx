"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useAction } from "next-safe-action/hooks";
import { type FormEvent, type ReactNode, useState } from "react";
import { SubmitButton } from "@/components/ui/form-buttons";
import type { FormMessage } from "@/components/ui/form-status";
import type { FieldErrors, PreferenceError, PreferenceField, TPreferences } from "@/lib/notifications/preferences";
import type { NotifyLevel } from "@/lib/notifications/rules";
import { savePreferencesAction } from "./actions";

// Listed here, not imported: lib/notifications/rules.ts brings time zone code the browser does not need.
const LEVELS = ["ALL", "IMPORTANT", "NONE"] as const satisfies readonly NotifyLevel[];
const FIELD_ORDER: PreferenceField[] = [
  "emailLevel",
  "smsLevel",
  "quietHoursEnabled",
  "quietHoursStart",
  "quietHoursEnd",
];
const FALLBACK_ERROR: Record<PreferenceField, PreferenceError> = {
  emailLevel: "level",
  smsLevel: "level",
  quietHoursEnabled: "enabled",
  quietHoursStart: "time",
  quietHoursEnd: "time",
};
const KNOWN_ERRORS = new Set<string>(["level", "enabled", "time", "sameTime"]);

type Props = {
  initial: TPreferences;
  /** masked address / number, or null when there is none */
  email: string | null;
  phone: string | null;
  /** the day the customer replied STOP, in their language; null = not opted out */
  smsOptedOutOn: string | null;
  /** the customer's time zone in words */
  timeZone: string;
};

/** Error codes per field, whichever layer (the action's schema check or lib) rejected the input. */
function collectErrors(validation: unknown, data: unknown): FieldErrors {
  const errors: FieldErrors = {};
  if (validation && typeof validation === "object") {
    for (const field of FIELD_ORDER) {
      const messages = (validation as Record<string, unknown>)[field];
      if (Array.isArray(messages) && messages.length > 0) {
        errors[field] = messages.map((m) =>
          KNOWN_ERRORS.has(String(m)) ? (m as PreferenceError) : FALLBACK_ERROR[field],
        );
      }
    }
  }
  if (data && typeof data === "object" && (data as { code?: string }).code === "INVALID") {
    Object.assign(errors, (data as { fieldErrors: FieldErrors }).fieldErrors);
  }
  return errors;
}

/** Where the keyboard goes to fix a field: the input itself, or a group's first radio. */
function focusTarget(field: PreferenceField): string {
  return field === "emailLevel" || field === "smsLevel" ? `${field}-ALL` : field;
}

export function PreferencesForm({ initial, email, phone, smsOptedOutOn, timeZone }: Props) {
  const t = useTranslations("preferences");
  const router = useRouter();
  const [status, setStatus] = useState<FormMessage>(null);
  const [errors, setErrors] = useState<FieldErrors>({});

  const save = useAction(savePreferencesAction, {
    onSettled: ({ result }) => {
      const fieldErrors = collectErrors(result.validationErrors, result.data);
      const invalid = FIELD_ORDER.filter((f) => fieldErrors[f]?.length);
      setErrors(fieldErrors);
      if (invalid.length > 0) {
        setStatus({ text: t("notSaved"), ok: false });
        document.getElementById(focusTarget(invalid[0] as PreferenceField))?.focus();
      } else if (result.data?.ok) {
        setStatus({ text: t("saved"), ok: true });
        router.refresh();
      } else {
        setStatus({ text: result.data?.code === "SIGNED_OUT" ? t("signedOut") : t("failed"), ok: false });
      }
    },
  });

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setStatus(null);
    save.execute({
      emailLevel: String(form.get("emailLevel") ?? "") as NotifyLevel,
      smsLevel: String(form.get("smsLevel") ?? "") as NotifyLevel,
      quietHoursEnabled: form.get("quietHoursEnabled") === "on",
      quietHoursStart: String(form.get("quietHoursStart") ?? ""),
      quietHoursEnd: String(form.get("quietHoursEnd") ?? ""),
    });
  };

  const errorText = (field: PreferenceField) => {
    const codes = errors[field];
    return codes?.length ? codes.map((code) => t(`errors.${code}`)).join(" ") : null;
  };
  const describedBy = (...ids: (string | false | null | undefined)[]) => ids.filter(Boolean).join(" ") || undefined;

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <LevelFieldset
        name="emailLevel"
        legend={t("email.legend")}
        defaultValue={initial.emailLevel}
        error={errorText("emailLevel")}
      >
        <p className="text-sm text-slate-700">{email ? t("email.to", { address: email }) : t("email.none")}</p>
      </LevelFieldset>

      <LevelFieldset
        name="smsLevel"
        legend={t("sms.legend")}
        defaultValue={initial.smsLevel}
        error={errorText("smsLevel")}
        noticeId={smsOptedOutOn ? "sms-opted-out" : undefined}
      >
        <p className="text-sm text-slate-700">{phone ? t("sms.to", { number: phone }) : t("sms.none")}</p>
        {smsOptedOutOn ? (
          <div
            id="sms-opted-out"
            data-testid="sms-opted-out"
            className="mt-2 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
          >
            <p className="font-semibold">{t("sms.optedOutTitle")}</p>
            <p className="mt-1">{t("sms.optedOut", { date: smsOptedOutOn })}</p>
          </div>
        ) : null}
      </LevelFieldset>

      <fieldset
        className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
        aria-describedby={describedBy(
          "quiet-hint",
          errors.quietHoursEnabled?.length ? "quietHoursEnabled-error" : null,
        )}
      >
        <legend className="float-left w-full text-lg font-semibold">{t("quiet.legend")}</legend>
        <div className="clear-both pt-1">
          <p id="quiet-hint" className="text-sm text-slate-700">
            {t("quiet.hint")}
          </p>
          <div className="mt-3 flex items-start gap-2">
            <input
              type="checkbox"
              id="quietHoursEnabled"
              name="quietHoursEnabled"
              defaultChecked={initial.quietHoursEnabled}
              className="mt-1 h-4 w-4 shrink-0"
            />
            <label htmlFor="quietHoursEnabled">{t("quiet.enabled")}</label>
          </div>
          <FieldError id="quietHoursEnabled-error" text={errorText("quietHoursEnabled")} />
          <div className="mt-3 flex flex-wrap gap-4">
            {(["quietHoursStart", "quietHoursEnd"] as const).map((field) => {
              const error = errorText(field);
              return (
                <div key={field}>
                  <label htmlFor={field} className="block text-sm font-medium">
                    {t(field === "quietHoursStart" ? "quiet.start" : "quiet.end")}
                  </label>
                  <input
                    type="time"
                    id={field}
                    name={field}
                    defaultValue={initial[field]}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={describedBy(error && `${field}-error`, "quiet-time-zone")}
                    className={`mt-1 rounded border bg-white px-2 py-1 ${error ? "border-red-700" : "border-slate-500"}`}
                  />
                  <FieldError id={`${field}-error`} text={error} />
                </div>
              );
            })}
          </div>
          <p id="quiet-time-zone" className="mt-2 text-sm text-slate-700">
            {t("quiet.timeZone", { timeZone })}
          </p>
        </div>
      </fieldset>

      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton
          pending={save.isPending}
          className="rounded bg-slate-900 px-4 py-2 font-medium text-white disabled:opacity-60"
        >
          {t("save")}
        </SubmitButton>
        <p
          role="status"
          data-testid="preferences-status"
          className={`text-sm ${status?.ok ? "text-green-800" : "text-red-800"}`}
        >
          {status?.text}
        </p>
      </div>
    </form>
  );
}

function LevelFieldset({
  name,
  legend,
  defaultValue,
  error,
  noticeId,
  children,
}: {
  name: "emailLevel" | "smsLevel";
  legend: string;
  defaultValue: NotifyLevel;
  error: string | null;
  /** a notice that applies to the whole group (SMS stopped), read out with its name */
  noticeId?: string;
  children: ReactNode;
}) {
  const t = useTranslations("preferences");
  const errorId = `${name}-error`;
  const describedBy = [noticeId, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-describedby={describedBy}>
      <legend className="float-left w-full text-lg font-semibold">{legend}</legend>
      <div className="clear-both pt-1">
        {children}
        <div className="mt-3 space-y-2">
          {LEVELS.map((level) => {
            const id = `${name}-${level}`;
            const hintId = level === "IMPORTANT" ? `${name}-important-hint` : undefined;
            return (
              <div key={level} className="flex items-start gap-2">
                <input
                  type="radio"
                  id={id}
                  name={name}
                  value={level}
                  defaultChecked={defaultValue === level}
                  aria-describedby={hintId}
                  className="mt-1 h-4 w-4 shrink-0"
                />
                <div>
                  <label htmlFor={id}>{t(`level.${level}`)}</label>
                  {hintId ? (
                    <p id={hintId} className="text-sm text-slate-700">
                      {t("level.importantHint")}
                    </p>
                  ) : null}
                </div>
              </div>
            );
          })}
        </div>
        <FieldError id={errorId} text={error} />
      </div>
    </fieldset>
  );
}

function FieldError({ id, text }: { id: string; text: string | null }) {
  if (!text) {
    return null;
  }
  return (
    <p id={id} className="mt-1 text-sm text-red-800">
      {text}
    </p>
  );
}
