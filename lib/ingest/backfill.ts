import "server-only";
import type { Db, Prisma } from "../db/client";
import { JOB } from "../jobs/names";
import { logger } from "../logging/logger";
import { type BackfillRow, parseBackfillCsv } from "./backfill-csv";
import { MAX_REPORTED_PROBLEMS, readReport, type TBackfillReport } from "./backfill-report";

/** An APPLYING run whose progress has not moved for this long is taken as crashed and may be resumed. */
export const STALLED_AFTER_MS = 5 * 60_000;

export interface BackfillOptions {
  /** the clock; injected by tests */
  now?: () => Date;
}

export type CreateBackfillResult = { ok: true; runId: string } | { ok: false; message: string };
export type QueueBackfillResult = { ok: true } | { ok: false; message: string };

/**
 * The dry run: validates the file and stores it as a VALIDATED run with its counts and
 * the first 1,000 row errors. Writes nothing else; a file that cannot be read at all
 * (size, header, rows) is refused and not stored.
 */
/** An uploaded file (names, emails, phones) is not kept longer than this without being applied. */
export const UNAPPLIED_UPLOAD_RETENTION_MS = 7 * 24 * 3_600_000;

/**
 * Discards the stored files of runs left unapplied (VALIDATED) or FAILED for longer than the
 * retention: the run stays listed, FAILED, with the reason. Runs at every upload.
 */
export async function discardStaleUploads(db: Db, now: Date = new Date()): Promise<number> {
  const stale = await db.backfillRun.findMany({
    where: {
      status: { in: ["VALIDATED", "FAILED"] },
      csv: { not: "" },
      updatedAt: { lt: new Date(now.getTime() - UNAPPLIED_UPLOAD_RETENTION_MS) },
    },
    select: { id: true, report: true },
  });
  for (const run of stale) {
    const report: TBackfillReport = {
      ...readReport(run.report),
      failure: "The uploaded file was discarded after 7 days without being applied; upload it again.",
    };
    await db.backfillRun.update({ where: { id: run.id }, data: { csv: "", status: "FAILED", report } });
  }
  return stale.length;
}

export async function createBackfillRun(
  db: Db,
  input: { staffId: string; fileName: string; csv: string },
): Promise<CreateBackfillResult> {
  await discardStaleUploads(db);
  const parsed = parseBackfillCsv(input.csv);
  if (!parsed.ok) {
    return parsed;
  }
  const report: TBackfillReport = {
    errors: parsed.errors.slice(0, MAX_REPORTED_PROBLEMS),
    existingEventIds: await countExistingEventIds(db, parsed.valid),
    rejections: [],
    failure: null,
  };
  const run = await db.backfillRun.create({
    data: {
      staffId: input.staffId,
      fileName: input.fileName.slice(0, 200) || "upload.csv",
      status: "VALIDATED",
      csv: input.csv,
      totalRows: parsed.totalRows,
      validRows: parsed.valid.length,
      invalidRows: parsed.invalidRows,
      report,
    },
    select: { id: true },
  });
  return { ok: true, runId: run.id };
}

async function countExistingEventIds(db: Db, rows: BackfillRow[]): Promise<number> {
  let count = 0;
  for (let i = 0; i < rows.length; i += 5_000) {
    const ids = rows.slice(i, i + 5_000).map((r) => r.event.id);
    count += await db.payoutEvent.count({ where: { eventId: { in: ids } } });
  }
  return count;
}

/** The queue's key for a run's job: one job per run, re-queued (not doubled) by Resume. */
export function backfillJobKey(runId: string): string {
  return `backfill:${runId}`;
}

/**
 * Tries of the job before the run is left FAILED (resumable by an admin). A worker that dies
 * mid-run costs one; the next try continues after the last recorded progress.
 */
export const BACKFILL_JOB_MAX_ATTEMPTS = 5;

/**
 * "Apply": marks a VALIDATED run APPLYING and queues its job (lib/jobs/apply-backfill.ts)
 * in the same transaction, so a run is never APPLYING without a job nor queued twice. The
 * flip is one conditional update: two clicks (or two processes) cannot both start it.
 */
export async function startBackfillApply(
  db: Db,
  runId: string,
  staffId: string,
  options: BackfillOptions = {},
): Promise<QueueBackfillResult> {
  const queued = await queueRun(db, runId, { status: "VALIDATED", validRows: { gt: 0 } }, {}, options);
  if (!queued) {
    const run = await db.backfillRun.findUnique({ where: { id: runId }, select: { status: true, validRows: true } });
    const message = !run
      ? "No such back-fill run."
      : run.status !== "VALIDATED"
        ? `This run is already ${run.status.toLowerCase()}; it can be applied only once.`
        : "This file has no valid rows to apply.";
    return { ok: false, message };
  }
  logger("backfill").info(`back-fill ${runId}: queued, started by staff ${staffId}`);
  return { ok: true };
}

/**
 * Queues a run again: a FAILED run, or an APPLYING run whose progress has not moved for
 * STALLED_AFTER_MS (its job ran out of tries, or hangs). The job continues after the last
 * recorded progress; rows that had been applied after it answer `duplicate` (every row has
 * an event id), so nothing is applied twice.
 */
export async function resumeBackfill(
  db: Db,
  runId: string,
  staffId: string,
  options: BackfillOptions = {},
): Promise<QueueBackfillResult> {
  const stalledBefore = new Date((options.now ?? (() => new Date()))().getTime() - STALLED_AFTER_MS);
  const queued = await queueRun(
    db,
    runId,
    {
      csv: { not: "" }, // a discarded upload cannot be resumed
      OR: [{ status: "FAILED" }, { status: "APPLYING", updatedAt: { lt: stalledBefore } }],
    },
    { finishedAt: null },
    options,
  );
  if (!queued) {
    return {
      ok: false,
      message: `Only a failed run, or one without progress for ${STALLED_AFTER_MS / 60_000} minutes, whose file is still stored, can be resumed.`,
    };
  }
  logger("backfill").info(`back-fill ${runId}: resumed by staff ${staffId}`);
  return { ok: true };
}

/**
 * One transaction: the run becomes APPLYING (if `where` still holds) and its job is queued.
 * The job key replaces a job of the run still waiting (its tries start again), so a run has
 * one job at most.
 */
async function queueRun(
  db: Db,
  runId: string,
  where: Prisma.BackfillRunWhereInput,
  data: Prisma.BackfillRunUpdateManyMutationInput,
  options: BackfillOptions,
): Promise<boolean> {
  const now = (options.now ?? (() => new Date()))();
  return db.$transaction(async (tx) => {
    const claimed = await tx.backfillRun.updateMany({
      where: { ...where, id: runId },
      data: { ...data, status: "APPLYING", updatedAt: now },
    });
    if (claimed.count === 0) {
      return false;
    }
    await tx.$executeRawUnsafe(
      "select graphile_worker.add_job($1, json_build_object('runId', $2::text), job_key := $3, max_attempts := $4)",
      JOB.applyBackfill,
      runId,
      backfillJobKey(runId),
      BACKFILL_JOB_MAX_ATTEMPTS,
    );
    return true;
  });
}
