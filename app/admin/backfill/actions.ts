"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/actions/client";
import { getDb } from "@/lib/db/client";
import { type QueueBackfillResult, resumeBackfill, startBackfillApply } from "@/lib/ingest/backfill";

const ZRunId = z.object({ runId: z.string().min(1).max(40) });

// The run is queued as a job (lib/jobs/apply-backfill.ts) in the transaction that marks it
// APPLYING; a worker applies it, and the run page follows its progress.
function answer(runId: string, queued: QueueBackfillResult): QueueBackfillResult {
  if (queued.ok) {
    revalidatePath(`/admin/backfill/${runId}`);
  }
  return queued;
}

export const applyBackfillAction = adminAction.inputSchema(ZRunId).action(async ({ parsedInput, ctx }) => {
  return answer(parsedInput.runId, await startBackfillApply(getDb(), parsedInput.runId, ctx.staff.id));
});

export const resumeBackfillAction = adminAction.inputSchema(ZRunId).action(async ({ parsedInput, ctx }) => {
  return answer(parsedInput.runId, await resumeBackfill(getDb(), parsedInput.runId, ctx.staff.id));
});
