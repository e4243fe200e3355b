"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/actions/client";
import { getDb } from "@/lib/db/client";
import { endNotice, publishNotice, ZNotice } from "@/lib/notices/notices";

export const publishNoticeAction = adminAction.inputSchema(ZNotice).action(async ({ parsedInput, ctx }) => {
  const result = await publishNotice(getDb(), parsedInput, ctx.staff.id);
  if (result.ok) {
    revalidatePath("/admin/notices");
  }
  return result;
});

export const endNoticeAction = adminAction
  .inputSchema(z.object({ id: z.string().min(1).max(64) }))
  .action(async ({ parsedInput, ctx }) => {
    const result = await endNotice(getDb(), parsedInput.id, ctx.staff.id);
    if (result.ok) {
      revalidatePath("/admin/notices");
    }
    return result;
  });
