"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/actions/client";
import { countLabel, nameCodes } from "@/lib/format/admin-labels";
import { moveStage, overrideEta, setDelay, ZMoveStage, ZOverrideEta, ZSetDelay } from "@/lib/payouts/admin-commands";
import { revokePayoutLinks, ZRevokeLinks } from "@/lib/tracking/admin";

// The domain's refusals name stages by code (the ingest API answers with them too); the
// console names them in words.
const named = <R extends { ok: true } | { ok: false; message: string }>(result: R): R =>
  result.ok ? result : { ...result, message: nameCodes(result.message) };

export const moveStageAction = adminAction.inputSchema(ZMoveStage).action(async ({ parsedInput, ctx }) => {
  const result = await moveStage(parsedInput, ctx.staff.id);
  if (result.ok) {
    revalidatePath(`/admin/payouts/${parsedInput.reference}`);
  }
  return named(result);
});

export const setDelayAction = adminAction.inputSchema(ZSetDelay).action(async ({ parsedInput, ctx }) => {
  const result = await setDelay(parsedInput, ctx.staff.id);
  if (result.ok) {
    revalidatePath(`/admin/payouts/${parsedInput.reference}`);
  }
  return named(result);
});

export const revokeLinksAction = adminAction.inputSchema(ZRevokeLinks).action(async ({ parsedInput, ctx }) => {
  const result = await revokePayoutLinks(parsedInput.reference, ctx.staff.id);
  if (result.ok) {
    revalidatePath(`/admin/payouts/${parsedInput.reference}`);
    return { ...result, summary: countLabel("revokedLinks", result.revoked) };
  }
  return result;
});

export const overrideEtaAction = adminAction.inputSchema(ZOverrideEta).action(async ({ parsedInput, ctx }) => {
  const result = await overrideEta(parsedInput, ctx.staff.id);
  if (result.ok) {
    revalidatePath(`/admin/payouts/${parsedInput.reference}`);
  }
  return named(result);
});
