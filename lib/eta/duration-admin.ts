import { z } from "zod";
import { recordAudit } from "../audit/log";
import type { Db } from "../db/client";
import { prismaSql } from "../db/sql";
import { DEFAULT_STAGE_HOURS, PAYOUT_METHODS, resolveDurations, TIMED_STAGES } from "./durations";
import { loadEtaModel } from "./model-cache";

export const ZDurationChange = z.object({
  method: z.enum(PAYOUT_METHODS),
  stage: z.enum(TIMED_STAGES),
  /** null = back to the learned or default value */
  hours: z
    .number("Enter a number of hours.")
    .min(0.25, "At least 0.25 hours (15 minutes).")
    .max(2000, "At most 2,000 hours.")
    .nullable(),
});

/** Every (method, stage) with its default, learned and configured hours and the value in use. */
export async function listDurations(db: Db) {
  const rows = await db.etaStageDuration.findMany();
  const effective = resolveDurations(rows);
  return PAYOUT_METHODS.map((method) => ({
    method,
    stages: TIMED_STAGES.map((stage) => {
      const row = rows.find((r) => r.method === method && r.stage === stage);
      return {
        stage,
        defaultHours: DEFAULT_STAGE_HOURS[method][stage],
        learned:
          row?.learnedP50Hours != null && row.learnedP90Hours != null
            ? { p50: row.learnedP50Hours, p90: row.learnedP90Hours, p95: row.learnedP95Hours }
            : null,
        samples: row?.samples ?? 0,
        configuredHours: row?.configuredHours ?? null,
        effective: effective[method][stage],
      };
    }),
  }));
}

/** An admin sets or clears the promised (p90) working hours of one stage; audited; this process uses it at once, others within a minute. */
export async function setDuration(
  db: Db,
  staffId: string,
  change: z.output<typeof ZDurationChange>,
): Promise<{ ok: true }> {
  await db.$transaction(async (tx) => {
    const before = await tx.etaStageDuration.findUnique({
      where: { method_stage: { method: change.method, stage: change.stage } },
    });
    await tx.etaStageDuration.upsert({
      where: { method_stage: { method: change.method, stage: change.stage } },
      create: { method: change.method, stage: change.stage, configuredHours: change.hours },
      update: { configuredHours: change.hours },
    });
    await recordAudit(tx, {
      staffId,
      action: "ETA_DURATION_SET",
      target: `${change.method} ${change.stage}`,
      before: { configuredHours: before?.configuredHours ?? null },
      after: { configuredHours: change.hours },
    });
    await loadEtaModel(prismaSql(tx));
  });
  return { ok: true };
}
