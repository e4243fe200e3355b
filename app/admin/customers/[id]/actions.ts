"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/actions/client";
import { eraseCustomer } from "@/lib/customers/erase";
import { getDb } from "@/lib/db/client";

const ZEraseCustomer = z.object({
  customerId: z.string().min(1).max(64),
  /** the customer's external id, typed by the admin: an erasure cannot be undone */
  confirm: z.string().trim().max(200),
});

export const eraseCustomerAction = adminAction.inputSchema(ZEraseCustomer).action(async ({ parsedInput, ctx }) => {
  const db = getDb();
  const customer = await db.customer.findUnique({
    where: { id: parsedInput.customerId },
    select: { externalId: true },
  });
  if (!customer) {
    return { ok: false as const, message: "No such customer." };
  }
  if (parsedInput.confirm !== customer.externalId) {
    return { ok: false as const, message: `Type the external id (${customer.externalId}) to confirm.` };
  }
  const result = await eraseCustomer(db, { customerId: parsedInput.customerId, staffId: ctx.staff.id });
  if (!result.ok) {
    return { ok: false as const, message: result.message };
  }
  revalidatePath(`/admin/customers/${parsedInput.customerId}`);
  return {
    ok: true as const,
    message: `Erased. ${result.payoutsKept} payout(s) kept anonymised, ${result.messagesCleared} message(s) cleared, ${result.linksRevoked} tracking link(s) revoked, ${result.sessionsEnded} session(s) ended.`,
  };
});
