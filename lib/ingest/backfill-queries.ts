import "server-only";
import type { Db } from "../db/client";
import { backfillJobKey, STALLED_AFTER_MS } from "./backfill";
import { readReport, type TBackfillReport } from "./backfill-report";

const runSummary = {
  id: true,
  fileName: true,
  staffId: true,
  status: true,
  totalRows: true,
  validRows: true,
  invalidRows: true,
  processedRows: true,
  applied: true,
  duplicate: true,
  stale: true,
  rejected: true,
  createdAt: true,
  updatedAt: true,
  finishedAt: true,
} as const;

async function staffNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const staff = await db.staffUser.findMany({
    where: { id: { in: [...new Set(ids)] } },
    select: { id: true, name: true },
  });
  return new Map(staff.map((s) => [s.id, s.name]));
}

/** The newest runs, for the back-fill page (never the stored file). */
export async function listBackfillRuns(db: Db, limit = 20) {
  const runs = await db.backfillRun.findMany({ orderBy: { createdAt: "desc" }, take: limit, select: runSummary });
  const names = await staffNames(
    db,
    runs.map((r) => r.staffId),
  );
  return runs.map((run) => ({ ...run, uploadedBy: names.get(run.staffId) ?? "unknown" }));
}

/** The run's job in the queue, if any: its tries and the last one's error. */
export interface BackfillJobView {
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  /** a worker holds it now */
  running: boolean;
}

/**
 * One run with its report. `resumable`: FAILED, or APPLYING without progress for
 * STALLED_AFTER_MS (the job ran out of tries or hangs). `waitingForWorker`: APPLYING while
 * no worker process is alive (no heartbeat within `deadAfterSeconds`, e.g. START_WORKER=0
 * and no `npm run worker`): nothing applies it until one starts.
 */
export async function getBackfillRun(db: Db, id: string, now: Date = new Date(), deadAfterSeconds = 30) {
  const run = await db.backfillRun.findUnique({ where: { id }, select: { ...runSummary, report: true } });
  if (!run) {
    return null;
  }
  const names = await staffNames(db, [run.staffId]);
  const report: TBackfillReport = readReport(run.report);
  const stalled = run.status === "APPLYING" && now.getTime() - run.updatedAt.getTime() > STALLED_AFTER_MS;
  const [queue] = await db.$queryRawUnsafe<{ workers: number; job: BackfillJobView | null }[]>(
    `select (select count(*)::int from worker_heartbeats where seen_at >= now() - make_interval(secs => $1)) as workers,
            (select json_build_object('attempts', attempts, 'maxAttempts', max_attempts, 'lastError', last_error,
                                      'running', locked_at is not null)
               from graphile_worker.jobs where key = $2) as job`,
    deadAfterSeconds,
    backfillJobKey(id),
  );
  return {
    ...run,
    report,
    uploadedBy: names.get(run.staffId) ?? "unknown",
    resumable: run.status === "FAILED" || stalled,
    waitingForWorker: run.status === "APPLYING" && (queue?.workers ?? 0) === 0,
    job: queue?.job ?? null,
  };
}
export type BackfillRunView = NonNullable<Awaited<ReturnType<typeof getBackfillRun>>>;
