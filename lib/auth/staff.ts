import { z } from "zod";
import { recordAudit } from "../audit/log";
import type { Db } from "../db/client";
import type { CurrentStaff } from "./identity";

export const STAFF_ROLES = ["ADMIN", "SUPPORT"] as const;

export const ZInvite = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.")),
  name: z.string().trim().min(1, "Enter a name.").max(100),
  role: z.enum(STAFF_ROLES, "Choose ADMIN or SUPPORT."),
});

export type StaffChangeResult =
  | { ok: true }
  | { ok: false; code: "EXISTS" | "NOT_FOUND" | "LAST_ADMIN" | "SELF"; message: string };

const LAST_ADMIN: StaffChangeResult = {
  ok: false,
  code: "LAST_ADMIN",
  message: "This is the last admin: make someone else an admin first.",
};

/** Lists every staff account, active first. */
export function listStaff(db: Db) {
  return db.staffUser.findMany({
    orderBy: [{ disabledAt: { sort: "asc", nulls: "first" } }, { role: "asc" }, { email: "asc" }],
    select: { id: true, email: true, name: true, role: true, createdAt: true, disabledAt: true },
  });
}

/**
 * Adds a staff account (or gives a removed one access again). The caller sends the
 * invitation; signing in is by magic link to that address.
 */
export async function inviteStaff(
  db: Db,
  actor: CurrentStaff,
  input: z.output<typeof ZInvite>,
): Promise<StaffChangeResult> {
  return db.$transaction(async (tx) => {
    const existing = await tx.staffUser.findUnique({ where: { email: input.email } });
    if (existing && !existing.disabledAt) {
      return { ok: false, code: "EXISTS", message: `${input.email} already has a staff account.` };
    }
    const saved = existing
      ? await tx.staffUser.update({
          where: { id: existing.id },
          data: { name: input.name, role: input.role, disabledAt: null, invitedById: actor.id },
        })
      : await tx.staffUser.create({ data: { ...input, invitedById: actor.id } });
    await recordAudit(tx, {
      staffId: actor.id,
      action: "STAFF_INVITED",
      target: saved.email,
      before: existing ? { role: existing.role, removed: true } : {},
      after: { role: saved.role, name: saved.name },
    });
    return { ok: true } as const;
  });
}

/**
 * Changes a role or removes access. The admins are locked first, so two admins demoting
 * each other at once cannot leave nobody: the second sees the first's change.
 */
export async function changeStaff(
  db: Db,
  actor: CurrentStaff,
  input: { id: string; change: { role: "ADMIN" | "SUPPORT" } | { remove: true } },
): Promise<StaffChangeResult> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`select id from staff_users where role = 'ADMIN' and disabled_at is null for update`;
    const target = await tx.staffUser.findUnique({ where: { id: input.id } });
    if (!target || target.disabledAt) {
      return { ok: false, code: "NOT_FOUND", message: "No such staff account." } as const;
    }
    const removing = "remove" in input.change;
    if (removing && target.id === actor.id) {
      return { ok: false, code: "SELF", message: "You cannot remove your own access." } as const;
    }
    const losesAdmin =
      target.role === "ADMIN" && (removing || ("role" in input.change && input.change.role !== "ADMIN"));
    if (losesAdmin) {
      const admins = await tx.staffUser.count({ where: { role: "ADMIN", disabledAt: null } });
      if (admins <= 1) {
        return LAST_ADMIN;
      }
    }
    const after = removing
      ? { disabledAt: new Date() }
      : { role: (input.change as { role: "ADMIN" | "SUPPORT" }).role };
    await tx.staffUser.update({ where: { id: target.id }, data: after });
    if (removing) {
      // Signed out everywhere: their sessions go with their access.
      await tx.session.deleteMany({ where: { user: { email: target.email } } });
    }
    await recordAudit(tx, {
      staffId: actor.id,
      action: removing ? "STAFF_REMOVED" : "STAFF_ROLE_CHANGED",
      target: target.email,
      before: { role: target.role },
      after: removing ? { removed: true } : { role: (input.change as { role: string }).role },
    });
    return { ok: true } as const;
  });
}
