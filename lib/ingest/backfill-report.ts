import { z } from "zod";

/** How many row errors (dry run) and rejections (apply) a run keeps. */
export const MAX_REPORTED_PROBLEMS = 1_000;

/**
 * BackfillRun.report: the dry run's row errors and duplicate count, the rejections
 * met while applying, and why the run failed. Parsed leniently, so a run written by
 * an older version (or the column's default `[]`) still reads as an empty report.
 */
export const ZBackfillReport = z.object({
  errors: z.array(z.object({ row: z.number(), field: z.string(), message: z.string() })).catch([]),
  /** valid rows whose event_id was already in the database at the dry run */
  existingEventIds: z.number().catch(0),
  rejections: z.array(z.object({ row: z.number(), message: z.string() })).catch([]),
  failure: z.string().nullable().catch(null),
});
export type TBackfillReport = z.infer<typeof ZBackfillReport>;

export function readReport(json: unknown): TBackfillReport {
  const object = typeof json === "object" && json !== null && !Array.isArray(json) ? json : {};
  return ZBackfillReport.parse(object);
}
