"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { staffAction } from "@/lib/actions/client";
import { getDb } from "@/lib/db/client";
import { resolveInquiry, staffReply, ZReply } from "@/lib/support/inquiries";

// SUPPORT and ADMIN both answer questions; who answers comes from the session.
export const staffReplyAction = staffAction
  .inputSchema(ZReply.extend({ resolve: z.boolean().default(false) }))
  .action(async ({ parsedInput, ctx }) => {
    const result = await staffReply(getDb(), ctx.staff.id, parsedInput);
    if (result.ok) {
      revalidatePath(`/admin/support/${parsedInput.inquiryId}`);
    }
    return result;
  });

export const resolveAction = staffAction
  .inputSchema(z.object({ inquiryId: z.string().min(1).max(64) }))
  .action(async ({ parsedInput, ctx }) => {
    const result = await resolveInquiry(getDb(), ctx.staff.id, parsedInput.inquiryId);
    revalidatePath(`/admin/support/${parsedInput.inquiryId}`);
    return result;
  });
