"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useAction } from "next-safe-action/hooks";
import { type FormEvent, useId, useState } from "react";
import { SubmitButton } from "@/components/ui/form-buttons";
import type { FormMessage } from "@/components/ui/form-status";
import type { SignInRefusal } from "@/lib/auth/sign-in";
import { requestCodeAction, requestLinkAction, verifyCodeAction } from "./actions";

function useRefusalText() {
  const t = useTranslations("access");
  return (refusal: SignInRefusal | undefined, serverError?: string): string => {
    if (!refusal) {
      return serverError ?? t("failed");
    }
    switch (refusal.error) {
      case "tooMany":
      case "locked":
        return t(refusal.error, { minutes: Math.ceil(refusal.retryAfterSeconds / 60) });
      case "wrongCode":
        return t("wrongCode", { left: refusal.triesLeft });
      default:
        return t(refusal.error);
    }
  };
}

function StatusLine({ status, id }: { status: FormMessage; id: string }) {
  return (
    <p
      id={id}
      role={status && !status.ok ? "alert" : "status"}
      className={status ? (status.ok ? "text-sm text-green-800" : "text-sm font-medium text-red-800") : "sr-only"}
    >
      {status?.text ?? ""}
    </p>
  );
}

const input = "mt-1 block w-full rounded border border-slate-400 px-3 py-2 text-base";
const button = "rounded bg-blue-800 px-4 py-2 font-medium text-white disabled:opacity-60";

export function EmailLinkForm({ audience, next }: { audience: "customer" | "staff"; next?: string }) {
  const t = useTranslations("access");
  const refusalText = useRefusalText();
  const statusId = useId();
  const [status, setStatus] = useState<FormMessage>(null);
  const send = useAction(requestLinkAction, {
    onSettled: ({ result }) => {
      const data = result.data;
      setStatus(
        data?.ok
          ? { text: t("linkSent", { email: data.email }), ok: true }
          : { text: refusalText(data, result.serverError), ok: false },
      );
    },
  });
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setStatus(null);
    send.execute({ email: String(new FormData(e.currentTarget).get("email") ?? ""), audience, next });
  };
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      <div>
        <label htmlFor={`${statusId}-email`} className="font-medium">
          {t("emailLabel")}
        </label>
        <input
          id={`${statusId}-email`}
          name="email"
          type="email"
          autoComplete="email"
          required
          aria-describedby={statusId}
          className={input}
        />
      </div>
      <SubmitButton pending={send.isPending} className={button}>
        {t("sendLink")}
      </SubmitButton>
      <StatusLine status={status} id={statusId} />
    </form>
  );
}

export function SmsCodeForm({ next }: { next?: string }) {
  const t = useTranslations("access");
  const refusalText = useRefusalText();
  const router = useRouter();
  const statusId = useId();
  const [status, setStatus] = useState<FormMessage>(null);
  const [phone, setPhone] = useState<string | null>(null);

  const request = useAction(requestCodeAction, {
    onSettled: ({ result }) => {
      const data = result.data;
      if (data?.ok) {
        setPhone(data.phone);
        setStatus({ text: t("codeSent", { phone: data.phone }), ok: true });
        setTimeout(() => document.getElementById(`${statusId}-code`)?.focus(), 0);
      } else {
        setStatus({ text: refusalText(data, result.serverError), ok: false });
      }
    },
  });
  const verify = useAction(verifyCodeAction, {
    onSettled: ({ result }) => {
      const data = result.data;
      if (data?.ok) {
        router.push(data.next);
        router.refresh();
      } else {
        setStatus({ text: refusalText(data, result.serverError), ok: false });
      }
    },
  });

  const onRequest = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setStatus(null);
    request.execute({ phone: String(new FormData(e.currentTarget).get("phone") ?? "") });
  };
  const onVerify = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setStatus(null);
    verify.execute({ phone: phone ?? "", code: String(new FormData(e.currentTarget).get("code") ?? ""), next });
  };

  return (
    <div className="space-y-3">
      <form onSubmit={onRequest} noValidate className="space-y-3">
        <div>
          <label htmlFor={`${statusId}-phone`} className="font-medium">
            {t("phoneLabel")}
          </label>
          <p id={`${statusId}-hint`} className="text-sm text-slate-700">
            {t("phoneHint")}
          </p>
          <input
            id={`${statusId}-phone`}
            name="phone"
            type="tel"
            autoComplete="tel"
            required
            aria-describedby={`${statusId}-hint ${statusId}`}
            className={input}
          />
        </div>
        <SubmitButton pending={request.isPending} className={button}>
          {t("sendCode")}
        </SubmitButton>
      </form>
      {phone ? (
        <form onSubmit={onVerify} noValidate className="space-y-3">
          <div>
            <label htmlFor={`${statusId}-code`} className="font-medium">
              {t("codeLabel")}
            </label>
            <input
              id={`${statusId}-code`}
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              required
              aria-describedby={statusId}
              className={input}
            />
          </div>
          <SubmitButton pending={verify.isPending} className={button}>
            {t("verify")}
          </SubmitButton>
        </form>
      ) : null}
      <StatusLine status={status} id={statusId} />
    </div>
  );
}
