import "server-only";
import type { Db, Prisma } from "../db/client";
import { ingestKeys } from "./apply-batch";
import { type BackfillRow, parseBackfillCsv } from "./backfill-csv";
import { MAX_REPORTED_PROBLEMS, readReport, type TBackfillReport } from "./backfill-report";
import { applyIngested, applyIngestedBatch, type IngestResponse } from "./ingest-event";

/** Progress is written after this many rows, or after a second, whichever comes first. */
const CHUNK_ROWS = 100;
/** Rows applied in one transaction at most (consecutive rows with distinct event ids, customers and payouts). */
const BATCH_ROWS = 100;
const CHUNK_MS = 1_000;
/** An APPLYING run whose progress has not moved for this long is taken as crashed and may be resumed. */
export const STALLED_AFTER_MS = 5 * 60_000;

export interface BackfillOptions {
  /** the clock; injected by tests */
  now?: () => Date;
  chunkRows?: number;
}

export type CreateBackfillResult = { ok: true; runId: string } | { ok: false; message: string };
export type StartBackfillResult =
  | { ok: true /** settles when the run has finished; never rejects */; done: Promise<void> }
  | { ok: false; message: string };

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

/**
 * Applies a VALIDATED run in the background of this process and returns at once.
 * The flip to APPLYING is one conditional update, so two clicks (or two processes)
 * cannot both start it.
 */
export async function startBackfillApply(
  db: Db,
  runId: string,
  staffId: string,
  options: BackfillOptions = {},
): Promise<StartBackfillResult> {
  const claim = await claimRun(db, runId, { status: "VALIDATED", validRows: { gt: 0 } }, {}, options);
  if (!claim) {
    const run = await db.backfillRun.findUnique({ where: { id: runId }, select: { status: true, validRows: true } });
    const message = !run
      ? "No such back-fill run."
      : run.status !== "VALIDATED"
        ? `This run is already ${run.status.toLowerCase()}; it can be applied only once.`
        : "This file has no valid rows to apply.";
    return { ok: false, message };
  }
  console.info(`back-fill ${runId}: applying, started by staff ${staffId}`);
  return { ok: true, done: claim.start() };
}

/**
 * Continues a run after a crash: a FAILED run, or an APPLYING run whose progress has
 * not moved for STALLED_AFTER_MS (its process died). Rows are applied again from the
 * last recorded progress; rows that had been applied after it answer `duplicate`
 * (every row has an event id), so nothing is applied twice.
 */
export async function resumeBackfill(
  db: Db,
  runId: string,
  staffId: string,
  options: BackfillOptions = {},
): Promise<StartBackfillResult> {
  const stalledBefore = new Date((options.now ?? (() => new Date()))().getTime() - STALLED_AFTER_MS);
  const claim = await claimRun(
    db,
    runId,
    {
      csv: { not: "" }, // a discarded upload cannot be resumed
      OR: [{ status: "FAILED" }, { status: "APPLYING", updatedAt: { lt: stalledBefore } }],
    },
    { finishedAt: null },
    options,
  );
  if (!claim) {
    return {
      ok: false,
      message: `Only a failed run, or one without progress for ${STALLED_AFTER_MS / 60_000} minutes, whose file is still stored, can be resumed.`,
    };
  }
  console.info(`back-fill ${runId}: resumed by staff ${staffId}`);
  return { ok: true, done: claim.start() };
}

/**
 * Takes a run for this process with one conditional update (so two clicks or two
 * processes cannot both take it): APPLYING, with a fresh lease. Null if `where` no
 * longer holds. `start` then applies it in the background.
 */
async function claimRun(
  db: Db,
  runId: string,
  where: Prisma.BackfillRunWhereInput,
  data: Prisma.BackfillRunUpdateManyMutationInput,
  options: BackfillOptions,
): Promise<{ start: () => Promise<void> } | null> {
  const lease = (options.now ?? (() => new Date()))();
  const claimed = await db.backfillRun.updateMany({
    where: { ...where, id: runId },
    data: { ...data, status: "APPLYING", updatedAt: lease },
  });
  return claimed.count === 0 ? null : { start: () => runInBackground(db, runId, lease, options) };
}

async function runInBackground(db: Db, runId: string, lease: Date, options: BackfillOptions): Promise<void> {
  const now = options.now ?? (() => new Date());
  const worker = new ApplyWorker(db, runId, lease, now, options.chunkRows ?? CHUNK_ROWS);
  try {
    await worker.run();
  } catch (error) {
    console.error(`back-fill ${runId} failed:`, error);
    const message = error instanceof Error ? error.message : String(error);
    try {
      await worker.fail(message.slice(0, 1_000));
    } catch (recordError) {
      // Nothing else to do: the run stays APPLYING and becomes resumable once stalled.
      console.error(`back-fill ${runId}: could not record the failure:`, recordError);
    }
  }
}

/** The rows from `start` on that can share a transaction: in file order, up to the first that shares a key. */
function nextBatch(rows: readonly BackfillRow[], start: number): BackfillRow[] {
  const batch: BackfillRow[] = [];
  const taken = new Set<string>();
  for (let i = start; i < rows.length && batch.length < BATCH_ROWS; i++) {
    const row = rows[i] as BackfillRow;
    const keys = ingestKeys(row.event);
    if (keys.some((k) => taken.has(k))) {
      break;
    }
    for (const k of keys) {
      taken.add(k);
    }
    batch.push(row);
  }
  return batch;
}

type Counters = { processedRows: number; applied: number; duplicate: number; stale: number; rejected: number };

/**
 * One process's turn at a run. Each progress write is conditional on the lease
 * (updatedAt as last written by this worker): if another process has resumed the
 * run meanwhile, this one notices and stops.
 */
class ApplyWorker {
  private report: TBackfillReport = { errors: [], existingEventIds: 0, rejections: [], failure: null };
  private counters: Counters = { processedRows: 0, applied: 0, duplicate: 0, stale: 0, rejected: 0 };

  constructor(
    private readonly db: Db,
    private readonly runId: string,
    private lease: Date,
    private readonly now: () => Date,
    private readonly chunkRows: number,
  ) {}

  async run(): Promise<void> {
    const run = await this.db.backfillRun.findUniqueOrThrow({
      where: { id: this.runId },
      select: {
        csv: true,
        processedRows: true,
        applied: true,
        duplicate: true,
        stale: true,
        rejected: true,
        report: true,
      },
    });
    const { csv, report, ...counters } = run;
    this.counters = counters;
    this.report = { ...readReport(report), failure: null };
    const parsed = parseBackfillCsv(csv);
    if (!parsed.ok) {
      throw new Error(`The stored file can no longer be read: ${parsed.message}`);
    }
    // Oldest first, so that a payout's history is replayed in order; ties keep file order (stable sort).
    const rows = [...parsed.valid].sort((a, b) => a.event.occurred_at.getTime() - b.event.occurred_at.getTime());
    let sinceFlush = 0;
    let flushedAt = performance.now();
    for (let i = this.counters.processedRows; i < rows.length; ) {
      const batch = nextBatch(rows, i);
      let answers: IngestResponse[] | null = null;
      const now = this.now();
      try {
        answers = await applyIngestedBatch(
          batch.map((r) => ({ event: r.event, now })),
          "BACKFILL",
        );
      } catch {
        // Nothing of the batch was written: row by row, so that the failing row is named.
      }
      for (const [k, { row, event }] of batch.entries()) {
        let answer = answers?.[k];
        if (!answer) {
          try {
            answer = await applyIngested(this.db, event, this.now(), "BACKFILL");
          } catch (error) {
            throw new Error(`Row ${row} (${event.id}): ${error instanceof Error ? error.message : String(error)}`);
          }
        }
        this.count(row, answer);
        this.counters.processedRows = i + k + 1;
      }
      i += batch.length;
      sinceFlush += batch.length;
      if (sinceFlush >= this.chunkRows || performance.now() - flushedAt >= CHUNK_MS) {
        if (!(await this.write({}))) {
          return;
        }
        sinceFlush = 0;
        flushedAt = performance.now();
      }
    }
    await this.write({ status: "COMPLETED", csv: "", finishedAt: this.now() });
    console.info(`back-fill ${this.runId}: completed`, this.counters);
  }

  async fail(message: string): Promise<void> {
    this.report.failure = message;
    await this.write({ status: "FAILED", finishedAt: this.now() });
  }

  private count(row: number, answer: IngestResponse): void {
    if (answer.status === 200) {
      this.counters[answer.body.result] += 1;
      return;
    }
    this.counters.rejected += 1;
    if (this.report.rejections.length < MAX_REPORTED_PROBLEMS) {
      this.report.rejections.push({ row, message: answer.body.message });
    }
  }

  /** Writes progress (and the report) if this worker still holds the run; false if it lost it. */
  private async write(extra: { status?: "COMPLETED" | "FAILED"; csv?: string; finishedAt?: Date }): Promise<boolean> {
    const lease = this.now();
    const written = await this.db.backfillRun.updateMany({
      where: { id: this.runId, status: "APPLYING", updatedAt: this.lease },
      data: { ...this.counters, report: this.report, updatedAt: lease, ...extra },
    });
    if (written.count === 0) {
      console.warn(`back-fill ${this.runId}: taken over by another process; this one stops`);
      return false;
    }
    this.lease = lease;
    return true;
  }
}
