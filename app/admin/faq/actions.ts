"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/actions/client";
import { getDb } from "@/lib/db/client";
import { deleteFaq, saveFaq, ZFaq } from "@/lib/support/faq";

export const saveFaqAction = adminAction.inputSchema(ZFaq).action(async ({ parsedInput, ctx }) => {
  const result = await saveFaq(getDb(), ctx.staff.id, parsedInput);
  revalidatePath("/admin/faq");
  return result;
});

export const deleteFaqAction = adminAction
  .inputSchema(z.object({ id: z.string().min(1).max(64) }))
  .action(async ({ parsedInput, ctx }) => {
    const result = await deleteFaq(getDb(), ctx.staff.id, parsedInput.id);
    revalidatePath("/admin/faq");
    return result;
  });
