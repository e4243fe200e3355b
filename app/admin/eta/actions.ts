"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/actions/client";
import { getDb } from "@/lib/db/client";
import { setDuration, ZDurationChange } from "@/lib/eta/duration-admin";
import { saveEtaSettings, ZEtaSettings } from "@/lib/eta/settings-admin";

export const setDurationAction = adminAction.inputSchema(ZDurationChange).action(async ({ parsedInput, ctx }) => {
  const result = await setDuration(getDb(), ctx.staff.id, parsedInput);
  revalidatePath("/admin/eta");
  return result;
});

export const saveEtaSettingsAction = adminAction.inputSchema(ZEtaSettings).action(async ({ parsedInput, ctx }) => {
  const result = await saveEtaSettings(getDb(), ctx.staff.id, parsedInput);
  revalidatePath("/admin/eta");
  return result;
});
