"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/actions/client";
import { getDb } from "@/lib/db/client";
import { resumeBackfill, type StartBackfillResult, startBackfillApply } from "@/lib/ingest/backfill";

const ZRunId = z.object({ runId: z.string().min(1).max(40) });

// The run goes on in the background of this server process (`started.done` is not
// awaited); the run page follows its progress.
function answer(runId: string, started: StartBackfillResult): { ok: true } | { ok: false; message: string } {
  if (!started.ok) {
    return started;
  }
  revalidatePath(`/admin/backfill/${runId}`);
  return { ok: true };
}

export const applyBackfillAction = adminAction.inputSchema(ZRunId).action(async ({ parsedInput, ctx }) => {
  return answer(parsedInput.runId, await startBackfillApply(getDb(), parsedInput.runId, ctx.staff.id));
});

export const resumeBackfillAction = adminAction.inputSchema(ZRunId).action(async ({ parsedInput, ctx }) => {
  return answer(parsedInput.runId, await resumeBackfill(getDb(), parsedInput.runId, ctx.staff.id));
});
