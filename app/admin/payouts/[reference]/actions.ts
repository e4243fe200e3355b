"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/actions/client";
import { moveStage, overrideEta, setDelay, ZMoveStage, ZOverrideEta, ZSetDelay } from "@/lib/payouts/admin-commands";
import { revokePayoutLinks, ZRevokeLinks } from "@/lib/tracking/admin";

export const moveStageAction = adminAction.inputSchema(ZMoveStage).action(async ({ parsedInput, ctx }) => {
  const result = await moveStage(parsedInput, ctx.staff.id);
  if (result.ok) {
    revalidatePath(`/admin/payouts/${parsedInput.reference}`);
  }
  return result;
});

export const setDelayAction = adminAction.inputSchema(ZSetDelay).action(async ({ parsedInput, ctx }) => {
  const result = await setDelay(parsedInput, ctx.staff.id);
  if (result.ok) {
    revalidatePath(`/admin/payouts/${parsedInput.reference}`);
  }
  return result;
});

export const revokeLinksAction = adminAction.inputSchema(ZRevokeLinks).action(async ({ parsedInput, ctx }) => {
  const result = await revokePayoutLinks(parsedInput.reference, ctx.staff.id);
  if (result.ok) {
    revalidatePath(`/admin/payouts/${parsedInput.reference}`);
  }
  return result;
});

export const overrideEtaAction = adminAction.inputSchema(ZOverrideEta).action(async ({ parsedInput, ctx }) => {
  const result = await overrideEta(parsedInput, ctx.staff.id);
  if (result.ok) {
    revalidatePath(`/admin/payouts/${parsedInput.reference}`);
  }
  return result;
});
