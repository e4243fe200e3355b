"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/actions/client";
import { getDb } from "@/lib/db/client";
import { resetGuidance, saveGuidance, ZGuidanceChange, ZGuidanceKey } from "@/lib/payouts/guidance-admin";

export const saveGuidanceAction = adminAction.inputSchema(ZGuidanceChange).action(async ({ parsedInput, ctx }) => {
  const result = await saveGuidance(getDb(), ctx.staff.id, parsedInput);
  if (result.ok) {
    revalidatePath("/admin/actions");
  }
  return result;
});

export const resetGuidanceAction = adminAction.inputSchema(ZGuidanceKey).action(async ({ parsedInput, ctx }) => {
  const result = await resetGuidance(getDb(), ctx.staff.id, parsedInput);
  revalidatePath("/admin/actions");
  return result;
});
