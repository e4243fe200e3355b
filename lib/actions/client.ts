import { createSafeActionClient } from "next-safe-action";
import { AccessDeniedError, assertRole, requireStaff } from "../auth/session";
import { logger } from "../logging/logger";

/** Known errors are shown to the user; anything else is logged and answered generically. */
function toUserMessage(error: Error): string {
  if (error instanceof AccessDeniedError) {
    return error.message;
  }
  // The message may quote input (notes, ids): log the kind of error only.
  logger("actions").error(`server action failed: ${error.name} ${(error as { code?: string }).code ?? ""}`.trim());
  return "Something went wrong. Nothing was changed; please try again.";
}

export const actionClient = createSafeActionClient({ handleServerError: toUserMessage });

export const staffAction = actionClient.use(async ({ next }) => next({ ctx: { staff: await requireStaff() } }));

export const adminAction = staffAction.use(async ({ next, ctx }) => {
  assertRole(ctx.staff, "ADMIN");
  return next({ ctx });
});
