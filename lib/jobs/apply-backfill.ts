import { z } from "zod";
import { applyBackfillRun } from "../ingest/backfill-apply";
import { defineJob } from "./define";
import { JOB } from "./names";

/**
 * An admin's CSV back-fill (lib/ingest/backfill.ts, applied by lib/ingest/backfill-apply.ts), queued by "Apply" or "Resume" in the
 * transaction that marks the run APPLYING. A worker that dies mid-run loses the job to
 * another (the heartbeat), which continues after the last recorded progress; a failed try
 * is tried again, and the last one leaves the run FAILED with the reason.
 */
export const applyBackfillJob = defineJob({
  name: JOB.applyBackfill,
  payload: z.object({ runId: z.string().min(1).max(40) }),
  handler: async ({ runId }, { db, pool, helpers, log }) => {
    const outcome = await applyBackfillRun(db(), pool, runId, {
      lastAttempt: helpers.job.attempts >= helpers.job.max_attempts,
    });
    log(`back-fill ${runId}: ${outcome}`);
  },
});
