"use client";

import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
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
  const router = useRouter();
  const [body, setBody] = useState("");
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const settle = (
    result: { data?: { ok: boolean; message?: string }; serverError?: string; validationErrors?: unknown },
    done: string,
  ) => {
    if (result.data?.ok) {
      setMessage({ text: done, ok: true });
      setBody("");
      router.refresh();
    } else if (result.validationErrors) {
      setMessage({ text: "Write at least 5 characters (at most 2,000).", ok: false });
    } else {
      setMessage({ text: result.data?.message ?? result.serverError ?? "Could not send.", ok: false });
    }
  };
  const reply = useAction(staffReplyAction, {
    onSettled: ({ result }) => settle(result, "Sent. The customer gets an email."),
  });
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
        <button
          type="button"
          className="rounded bg-slate-900 px-3 py-1.5 font-medium text-white"
          disabled={reply.isPending}
          onClick={() => reply.execute({ inquiryId, message: body, resolve: false })}
        >
          Send reply
        </button>
        <button
          type="button"
          className="rounded border border-slate-500 px-3 py-1.5"
          disabled={reply.isPending}
          onClick={() => reply.execute({ inquiryId, message: body, resolve: true })}
        >
          Send and resolve
        </button>
        {resolved ? null : (
          <button
            type="button"
            className="rounded border border-slate-500 px-3 py-1.5"
            disabled={resolve.isPending}
            onClick={() => resolve.execute({ inquiryId })}
          >
            Resolve without reply
          </button>
        )}
      </div>
      <p role={message && !message.ok ? "alert" : "status"} className={message?.ok ? "text-green-800" : "text-red-800"}>
        {message?.text ?? ""}
      </p>
    </div>
  );
}
