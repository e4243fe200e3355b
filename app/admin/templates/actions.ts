"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/actions/client";
import { getDb } from "@/lib/db/client";
import { saveTemplate, ZTemplateChange } from "@/lib/templates/store";

export const saveTemplateAction = adminAction.inputSchema(ZTemplateChange).action(async ({ parsedInput, ctx }) => {
  const result = await saveTemplate(getDb(), ctx.staff.id, parsedInput);
  if (result.ok) {
    revalidatePath("/admin/templates");
  }
  return result;
});
