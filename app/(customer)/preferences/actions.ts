"use server";

import { revalidatePath } from "next/cache";
import { flattenValidationErrors } from "next-safe-action";
import { actionClient } from "@/lib/actions/client";
import { getCurrentCustomer } from "@/lib/auth/session";
import { type UpdatePreferencesResult, updatePreferences, ZPreferences } from "@/lib/notifications/preferences";

export type SavePreferencesResult = UpdatePreferencesResult | { ok: false; code: "SIGNED_OUT" };

// Whose preferences change comes from the session, never from the input.
export const savePreferencesAction = actionClient
  .inputSchema(ZPreferences, {
    handleValidationErrorsShape: async (errors) => flattenValidationErrors(errors).fieldErrors,
  })
  .action(async ({ parsedInput }): Promise<SavePreferencesResult> => {
    const customer = await getCurrentCustomer();
    if (!customer) {
      return { ok: false, code: "SIGNED_OUT" };
    }
    const result = await updatePreferences(customer.id, parsedInput);
    if (result.ok) {
      revalidatePath("/preferences");
    }
    return result;
  });
