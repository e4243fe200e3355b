// The back-fill job's work (lib/jobs/apply-backfill.ts); the upload, Apply and Resume are in backfill.ts.
// No `server-only` here: the worker is a plain node process.
import type pg from "pg";
import type { Db } from "../db/client";
import { withPgTransaction } from "../db/sql";
import { logger } from "../logging/logger";
import { applyBatch, type IngestItem, ingestKeys } from "./apply-batch";
import { type BackfillRow, parseBackfillCsv } from "./backfill-csv";
import { MAX_REPORTED_PROBLEMS, readReport, type TBackfillReport } from "./backfill-report";
import type { IngestResponse } from "./ingest-response";

const log = logger("backfill");

/** Progress is written after this many rows, or after a second, whichever comes first. */
const CHUNK_ROWS = 100;
/** Rows applied in one transaction at most (consecutive rows with distinct event ids, customers and payouts). */
const BATCH_ROWS = 100;
const CHUNK_MS = 1_000;

export interface ApplyBackfillOptions {
  /** the clock; injected by tests */
  now?: () => Date;
  chunkRows?: number;
  /** the job's last try: an error leaves the run FAILED instead of being thrown for a retry */
  lastAttempt?: boolean;
}

/** A run that cannot go on however often it is tried (its stored file no longer reads). */
class BackfillStopped extends Error {}

export type ApplyBackfillOutcome = "completed" | "failed" | "taken-over" | "not-applying";

/**
 * The job's work (lib/jobs/apply-backfill.ts): applies an APPLYING run from its last
 * recorded progress. It takes the run over with a fresh lease, so a worker that died
 * mid-run (its job handed to another by the heartbeat) or a stalled one stops at its next
 * progress write. An unexpected error is thrown for the job to be tried again, except on
 * the last try (`lastAttempt`) or when trying again cannot help: then the run ends FAILED
 * with the reason, for an admin to resume.
 */
export async function applyBackfillRun(
  db: Db,
  pool: pg.Pool,
  runId: string,
  options: ApplyBackfillOptions = {},
): Promise<ApplyBackfillOutcome> {
  const now = options.now ?? (() => new Date());
  const lease = now();
  const taken = await db.backfillRun.updateMany({
    where: { id: runId, status: "APPLYING", csv: { not: "" } },
    data: { updatedAt: lease },
  });
  if (taken.count === 0) {
    log.info(`back-fill ${runId}: not applying (finished, or no longer stored); nothing to do`);
    return "not-applying";
  }
  const worker = new ApplyWorker(db, pool, runId, lease, now, options.chunkRows ?? CHUNK_ROWS);
  try {
    return (await worker.run()) ? "completed" : "taken-over";
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 1_000);
    if (!(error instanceof BackfillStopped) && !options.lastAttempt) {
      log.warn(`back-fill ${runId}: this try failed, the job tries again: ${message}`);
      throw error;
    }
    log.error({ err: error }, `back-fill ${runId} failed`);
    try {
      await worker.fail(message);
    } catch (recordError) {
      // Nothing else to do: the run stays APPLYING and becomes resumable once stalled.
      log.error({ err: recordError }, `back-fill ${runId}: could not record the failure`);
    }
    return "failed";
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
    /** the rows are applied on plain pg connections of this pool, through the one door */
    private readonly pool: pg.Pool,
    private readonly runId: string,
    private lease: Date,
    private readonly now: () => Date,
    private readonly chunkRows: number,
  ) {}

  /** true when the run completed here; false when another process took it over */
  async run(): Promise<boolean> {
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
      throw new BackfillStopped(`The stored file can no longer be read: ${parsed.message}`);
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
        answers = await this.apply(batch.map((r) => ({ event: r.event, now })));
      } catch {
        // Nothing of the batch was written: row by row, so that the failing row is named.
      }
      for (const [k, { row, event }] of batch.entries()) {
        let answer = answers?.[k];
        if (!answer) {
          try {
            [answer] = await this.apply([{ event, now: this.now() }]);
            if (!answer) {
              throw new Error("applyBatch returned no answer");
            }
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
          return false;
        }
        sinceFlush = 0;
        flushedAt = performance.now();
      }
    }
    if (!(await this.write({ status: "COMPLETED", csv: "", finishedAt: this.now() }))) {
      return false;
    }
    log.info({ counters: this.counters }, `back-fill ${this.runId}: completed`);
    return true;
  }

  /** One transaction; events with distinct ids, customers and payouts (nextBatch). */
  private apply(items: IngestItem[]): Promise<IngestResponse[]> {
    return withPgTransaction(this.pool, (sql) => applyBatch(sql, items, "BACKFILL"));
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
      log.warn(`back-fill ${this.runId}: taken over by another process; this one stops`);
      return false;
    }
    this.lease = lease;
    return true;
  }
}
