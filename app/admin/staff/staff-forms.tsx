"use client";

import { useAction } from "next-safe-action/hooks";
import type { FormEvent } from "react";
import { useFormMessage } from "@/components/admin/use-form-message";
import { FormStatus } from "@/components/ui/form-status";
import { TextField } from "@/components/ui/text-field";
import { changeStaffAction, inviteStaffAction } from "./actions";

/** Each role's name (lib/format/admin-labels.ts, from the page). */
type RoleNames = Record<"ADMIN" | "SUPPORT", string>;

export function InviteStaff({ roles }: { roles: RoleNames }) {
  const feedback = useFormMessage();
  const invite = useAction(inviteStaffAction, {
    onSettled: ({ result }) =>
      feedback.settle(result, "Invited: they can sign in at /sign-in/staff with that address.", "Could not invite."),
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    feedback.clear();
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
        <TextField label="Email" name="email" type="email" required />
        <TextField label="Name" name="name" required />
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
      <FormStatus message={feedback.message} />
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
  const feedback = useFormMessage();
  const change = useAction(changeStaffAction, {
    onSettled: ({ result }) => feedback.settle(result, "Saved.", "Could not change this account."),
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
      <FormStatus message={feedback.message} />
    </div>
  );
}
