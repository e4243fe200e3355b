"use client";

import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { type FormEvent, useState } from "react";
import { changeStaffAction, inviteStaffAction } from "./actions";

type Message = { text: string; ok: boolean } | null;
/** Each role's name (lib/format/admin-labels.ts, from the page). */
type RoleNames = Record<"ADMIN" | "SUPPORT", string>;

/** What went wrong, in words: the action's own answer, a role refusal, or the first invalid field. */
function problem(
  result: { data?: unknown; serverError?: string; validationErrors?: unknown },
  fallback: string,
): string {
  const data = result.data as { ok?: boolean; message?: string } | undefined;
  if (data && data.ok === false && data.message) {
    return data.message;
  }
  if (result.serverError) {
    return result.serverError;
  }
  for (const value of Object.values((result.validationErrors ?? {}) as Record<string, { _errors?: string[] }>)) {
    if (value?._errors?.[0]) {
      return value._errors[0];
    }
  }
  return fallback;
}

function Status({ message }: { message: Message }) {
  return (
    <p role={message && !message.ok ? "alert" : "status"} className={message?.ok ? "text-green-800" : "text-red-800"}>
      {message?.text ?? ""}
    </p>
  );
}

export function InviteStaff({ roles }: { roles: RoleNames }) {
  const router = useRouter();
  const [message, setMessage] = useState<Message>(null);
  const invite = useAction(inviteStaffAction, {
    onSettled: ({ result }) => {
      if (result.data?.ok) {
        setMessage({ text: "Invited: they can sign in at /sign-in/staff with that address.", ok: true });
        router.refresh();
      } else {
        setMessage({ text: problem(result, "Could not invite."), ok: false });
      }
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setMessage(null);
    invite.execute({
      email: String(form.get("email") ?? ""),
      name: String(form.get("name") ?? ""),
      role: String(form.get("role") ?? "") as "ADMIN",
    });
  };
  return (
    <form onSubmit={submit} noValidate className="space-y-3 rounded border border-slate-200 bg-white p-4 text-sm">
      <h2 className="font-semibold">Invite a staff member</h2>
      <div className="flex flex-wrap gap-3">
        <label className="flex flex-col">
          Email
          <input name="email" type="email" required className="rounded border border-slate-400 px-2 py-1" />
        </label>
        <label className="flex flex-col">
          Name
          <input name="name" required className="rounded border border-slate-400 px-2 py-1" />
        </label>
        <label className="flex flex-col">
          Role
          <select name="role" defaultValue="SUPPORT" className="rounded border border-slate-400 px-2 py-1">
            <option value="SUPPORT">{roles.SUPPORT} (reads payouts and messages)</option>
            <option value="ADMIN">{roles.ADMIN} (changes payouts, notices, staff)</option>
          </select>
        </label>
      </div>
      <button
        type="submit"
        className="rounded bg-slate-900 px-3 py-1.5 font-medium text-white"
        disabled={invite.isPending}
      >
        Send invitation
      </button>
      <Status message={message} />
    </form>
  );
}

export function StaffRowActions({
  id,
  email,
  role,
  roles,
}: {
  id: string;
  email: string;
  role: "ADMIN" | "SUPPORT";
  roles: RoleNames;
}) {
  const router = useRouter();
  const [message, setMessage] = useState<Message>(null);
  const change = useAction(changeStaffAction, {
    onSettled: ({ result }) => {
      if (result.data?.ok) {
        setMessage({ text: "Saved.", ok: true });
        router.refresh();
      } else {
        setMessage({ text: problem(result, "Could not change this account."), ok: false });
      }
    },
  });
  const other = role === "ADMIN" ? "SUPPORT" : "ADMIN";
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button
        type="button"
        className="rounded border border-slate-400 px-2 py-1"
        onClick={() => change.execute({ id, change: { role: other } })}
        disabled={change.isPending}
        aria-label={`Make ${email} ${roles[other]}`}
      >
        Make {roles[other]}
      </button>
      <button
        type="button"
        className="rounded border border-red-400 px-2 py-1 text-red-800"
        onClick={() => change.execute({ id, change: { remove: true } })}
        disabled={change.isPending}
        aria-label={`Remove access for ${email}`}
      >
        Remove access
      </button>
      <Status message={message} />
    </div>
  );
}
