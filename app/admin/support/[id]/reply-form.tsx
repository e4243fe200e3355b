"use client";

import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { type ActionAnswer, refusalText } from "@/components/admin/form-values";
import { useFormMessage } from "@/components/admin/use-form-message";
import { ActionButton, PRIMARY_BUTTON, SECONDARY_BUTTON } from "@/components/ui/form-buttons";
import { FormStatus } from "@/components/ui/form-status";
import { resolveAction, staffReplyAction } from "../actions";

type Canned = { id: string; title: string; body: string };

export function StaffReplyForm({
  inquiryId,
  canned,
  resolved,
}: {
  inquiryId: string;
  canned: Canned[];
  resolved: boolean;
}) {
  const [body, setBody] = useState("");
  const feedback = useFormMessage();
  const settle = (result: ActionAnswer & { data?: { ok: boolean } }, done: string) => {
    if (result.data?.ok) {
      setBody("");
      feedback.succeeded(done);
    } else {
      feedback.failed(
        result.validationErrors
          ? "Write at least 5 characters (at most 2,000)."
          : refusalText(result, "Could not send."),
      );
    }
  };
  const reply = useAction(staffReplyAction, {
    onSettled: ({ result }) => settle(result, "Sent. The customer gets an email."),
  });
  const send = (andResolve: boolean) => reply.execute({ inquiryId, message: body, resolve: andResolve });
  const resolve = useAction(resolveAction, { onSettled: ({ result }) => settle(result, "Resolved.") });
  return (
    <div className="space-y-2 rounded border border-slate-200 bg-white p-3 text-sm">
      <label className="flex flex-col">
        Start from a canned reply
        <select
          className="max-w-md rounded border border-slate-400 px-2 py-1"
          defaultValue=""
          onChange={(e) => setBody(canned.find((c) => c.id === e.target.value)?.body ?? body)}
        >
          <option value="">—</option>
          {canned.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col">
        Reply (in the customer&apos;s language)
        <textarea
          value={body}
          onChange={(e) => setBody(e.target.value)}
          rows={5}
          className="rounded border border-slate-400 p-2"
        />
      </label>
      <div className="flex flex-wrap gap-2">
        <ActionButton pending={reply.isPending} className={PRIMARY_BUTTON} onClick={() => send(false)}>
          Send reply
        </ActionButton>
        <ActionButton pending={reply.isPending} className={SECONDARY_BUTTON} onClick={() => send(true)}>
          Send and resolve
        </ActionButton>
        {resolved ? null : (
          <ActionButton
            pending={resolve.isPending}
            className={SECONDARY_BUTTON}
            onClick={() => resolve.execute({ inquiryId })}
          >
            Resolve without reply
          </ActionButton>
        )}
      </div>
      <FormStatus message={feedback.message} />
    </div>
  );
}
