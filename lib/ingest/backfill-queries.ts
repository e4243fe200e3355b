import "server-only";
import type { Db } from "../db/client";
import { STALLED_AFTER_MS } from "./backfill";
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

/**
 * One run with its report. `resumable`: FAILED, or APPLYING without progress for
 * STALLED_AFTER_MS (the process applying it has died).
 */
export async function getBackfillRun(db: Db, id: string, now: Date = new Date()) {
  const run = await db.backfillRun.findUnique({ where: { id }, select: { ...runSummary, report: true } });
  if (!run) {
    return null;
  }
  const names = await staffNames(db, [run.staffId]);
  const report: TBackfillReport = readReport(run.report);
  const stalled = run.status === "APPLYING" && now.getTime() - run.updatedAt.getTime() > STALLED_AFTER_MS;
  return {
    ...run,
    report,
    uploadedBy: names.get(run.staffId) ?? "unknown",
    resumable: run.status === "FAILED" || stalled,
  };
}
export type BackfillRunView = NonNullable<Awaited<ReturnType<typeof getBackfillRun>>>;
