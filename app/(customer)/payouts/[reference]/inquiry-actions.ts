"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionClient } from "@/lib/actions/client";
import { getCurrentCustomer } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { recordFaqRead } from "@/lib/support/faq";
import { askAboutPayout, customerReply, ZAsk, ZReply } from "@/lib/support/inquiries";

// Whose question it is comes from the session, never from the input.
export const askAction = actionClient.inputSchema(ZAsk).action(async ({ parsedInput }) => {
  const customer = await getCurrentCustomer();
  if (!customer) {
    return { ok: false as const, code: "NOT_FOUND" as const, message: "Signed out." };
  }
  const result = await askAboutPayout(getDb(), customer.id, parsedInput);
  if (result.ok) {
    revalidatePath(`/payouts/${parsedInput.reference}`);
  }
  return result;
});

export const customerReplyAction = actionClient.inputSchema(ZReply).action(async ({ parsedInput }) => {
  const customer = await getCurrentCustomer();
  if (!customer) {
    return { ok: false as const, code: "NOT_FOUND" as const, message: "Signed out." };
  }
  return customerReply(getDb(), customer.id, parsedInput);
});

export const faqReadAction = actionClient
  .inputSchema(z.object({ reference: z.string().max(40), faqId: z.string().max(64) }))
  .action(async ({ parsedInput }) => {
    const customer = await getCurrentCustomer();
    if (!customer) {
      return { ok: false as const };
    }
    return recordFaqRead(getDb(), customer.id, parsedInput.reference, parsedInput.faqId);
  });
