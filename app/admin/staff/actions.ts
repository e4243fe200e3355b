"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/actions/client";
import { renderStaffInvite, sendAccessMessage } from "@/lib/auth/access-messages";
import { accessChannels } from "@/lib/auth/channels";
import { changeStaff, inviteStaff, STAFF_ROLES, ZInvite } from "@/lib/auth/staff";
import { getDb } from "@/lib/db/client";
import { runtimeSettings } from "@/lib/env";

export const inviteStaffAction = adminAction.inputSchema(ZInvite).action(async ({ parsedInput, ctx }) => {
  const db = getDb();
  const result = await inviteStaff(db, ctx.staff, parsedInput);
  if (result.ok) {
    const signInUrl = `${runtimeSettings().appUrl}/sign-in/staff`;
    const email = await renderStaffInvite(ctx.staff.name, parsedInput.role, signInUrl);
    await sendAccessMessage(db, accessChannels(), {
      channel: "EMAIL",
      purpose: "STAFF_INVITE",
      to: parsedInput.email,
      ...email,
    });
    revalidatePath("/admin/staff");
  }
  return result;
});

export const changeStaffAction = adminAction
  .inputSchema(
    z.object({
      id: z.string().min(1).max(64),
      change: z.union([z.object({ role: z.enum(STAFF_ROLES) }), z.object({ remove: z.literal(true) })]),
    }),
  )
  .action(async ({ parsedInput, ctx }) => {
    const result = await changeStaff(getDb(), ctx.staff, parsedInput);
    if (result.ok) {
      revalidatePath("/admin/staff");
    }
    return result;
  });
