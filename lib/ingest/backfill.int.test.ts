import { beforeEach, describe, expect, it } from "vitest";
import { runDueJobs } from "../../test/jobs";
import { testSql } from "../../test/notifications";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import {
  createBackfillRun,
  discardStaleUploads,
  resumeBackfill,
  STALLED_AFTER_MS,
  startBackfillApply,
} from "./backfill";
import { BACKFILL_COLUMNS } from "./backfill-csv";
import { getBackfillRun } from "./backfill-queries";
import { readReport } from "./backfill-report";
import { applyIngested } from "./ingest-event";
import { ZIngestEvent } from "./schema";

const NOW = new Date("2026-11-23T12:00:00Z");
const options = { now: () => NOW };
let staffId = "";

type Row = { id: string; at: string; payout: string; stage: string; reason?: string; customer?: string };

function csv(rows: Row[]): string {
  const lines = rows.map((r) =>
    [
      r.id,
      r.at,
      r.payout,
      r.customer ?? "cus_bf",
      "Ada Lovelace",
      "ada@example.com",
      "",
      "en",
      "Europe/Berlin",
      "125000",
      "EUR",
      "sepa",
      "DE•• 1234",
      r.stage,
      r.reason ?? "",
      "",
    ].join(","),
  );
  return [BACKFILL_COLUMNS.join(","), ...lines].join("\n");
}

/** Two payouts' histories, listed newest first: applying in time order must still work. */
const HISTORY: Row[] = [
  { id: "evt_a3", at: "2026-11-22T12:00:00Z", payout: "po_a", stage: "SENT" },
  { id: "evt_b1", at: "2026-11-21T09:00:00Z", payout: "po_b", stage: "REQUESTED" },
  { id: "evt_a2", at: "2026-11-21T12:00:00Z", payout: "po_a", stage: "PROCESSING" },
  { id: "evt_a1", at: "2026-11-20T12:00:00Z", payout: "po_a", stage: "REQUESTED" },
  { id: "evt_b2", at: "2026-11-22T09:00:00Z", payout: "po_b", stage: "APPROVED" },
];

async function dryRun(text: string) {
  const created = await createBackfillRun(getDb(), { staffId, fileName: "history.csv", csv: text });
  if (!created.ok) {
    throw new Error(created.message);
  }
  return created.runId;
}

/** "Apply", then the worker runs the queued job. */
async function apply(runId: string) {
  const queued = await startBackfillApply(getDb(), runId, staffId, options);
  if (!queued.ok) {
    throw new Error(queued.message);
  }
  await runDueJobs();
  return getDb().backfillRun.findUniqueOrThrow({ where: { id: runId } });
}

beforeEach(async () => {
  await resetDatabase();
  const staff = await getDb().staffUser.create({
    data: { email: "ada@example.com", name: "Ada Admin", role: "ADMIN" },
  });
  staffId = staff.id;
});

describe("back-fill dry run", () => {
  it("counts valid and invalid rows, reports row errors and known event ids, and writes no payout", async () => {
    const known = ZIngestEvent.parse({
      id: "evt_a1",
      type: "payout.updated",
      occurred_at: "2026-11-20T12:00:00Z",
      payout: {
        external_id: "po_a",
        customer: { external_id: "cus_bf", name: "Ada", locale: "en", timezone: "UTC" },
        amount_minor: 125000,
        currency: "EUR",
        method: "sepa",
        destination: { label: "x" },
        stage: "REQUESTED",
      },
    });
    expect((await applyIngested(getDb(), known, NOW)).status).toBe(200);
    const before = { payouts: await getDb().payout.count(), events: await getDb().payoutEvent.count() };

    const text = csv([...HISTORY, { id: "evt_bad", at: "tomorrow", payout: "po_c", stage: "LOST" }]);
    const runId = await dryRun(text);
    const run = await getBackfillRun(getDb(), runId, NOW);
    expect(run).toMatchObject({
      status: "VALIDATED",
      fileName: "history.csv",
      uploadedBy: "Ada Admin",
      totalRows: 6,
      validRows: 5,
      invalidRows: 1,
      processedRows: 0,
      resumable: false,
    });
    expect(run?.report.existingEventIds).toBe(1);
    expect(run?.report.errors).toEqual([
      { row: 7, field: "occurred_at", message: expect.any(String) },
      { row: 7, field: "stage", message: expect.stringContaining("REQUESTED") },
    ]);
    expect({ payouts: await getDb().payout.count(), events: await getDb().payoutEvent.count() }).toEqual(before);
  });

  it("refuses a file it cannot read and stores nothing", async () => {
    const created = await createBackfillRun(getDb(), { staffId, fileName: "x.csv", csv: "event_id,colour\n1,red\n" });
    expect(created).toMatchObject({ ok: false, message: expect.stringContaining("missing columns") });
    expect(await getDb().backfillRun.count()).toBe(0);
  });
});

describe("back-fill apply", () => {
  it("applies a long interleaved history in batches: every payout's events in time order, none twice", async () => {
    const stages = ["REQUESTED", "VERIFYING", "APPROVED", "PROCESSING", "SENT"];
    const rows: Row[] = [];
    // 60 payouts of 30 customers, five events each, one minute apart, listed in file order by payout.
    for (let p = 0; p < 60; p++) {
      stages.forEach((stage, s) => {
        const minute = s * 60 + p;
        const at = new Date(Date.UTC(2026, 10, 20, 8, 0) + minute * 60_000).toISOString();
        rows.push({ id: `evt_${p}_${s}`, at, payout: `po_${p}`, stage, customer: `cus_${p % 30}` });
      });
    }
    const run = await apply(await dryRun(csv(rows)));
    expect(run).toMatchObject({ status: "COMPLETED", processedRows: 300, applied: 300, stale: 0, rejected: 0 });
    const db = getDb();
    expect(await db.payout.count({ where: { stage: "SENT" } })).toBe(60);
    expect(await db.payoutEvent.count({ where: { source: "BACKFILL", outcome: "APPLIED" } })).toBe(300);
    // each move from the stage before it: applied in time order
    const moves = await db.payoutEvent.findMany({ where: { stage: "SENT" }, select: { fromStage: true } });
    expect(moves.every((m) => m.fromStage === "PROCESSING")).toBe(true);
    expect(await db.notification.count()).toBe(0); // history is never notified
  });

  it("applies the valid rows oldest first through the job queue, then clears the file", async () => {
    const runId = await dryRun(csv([...HISTORY, { id: "evt_bad", at: "x", payout: "po_c", stage: "SENT" }]));
    const run = await apply(runId);
    expect(run).toMatchObject({
      status: "COMPLETED",
      csv: "",
      processedRows: 5,
      applied: 5,
      duplicate: 0,
      stale: 0,
      rejected: 0,
    });
    expect(run.finishedAt).not.toBeNull();

    const a = await getDb().payout.findUniqueOrThrow({ where: { externalId: "po_a" }, include: { events: true } });
    expect(a.stage).toBe("SENT");
    expect(a.events.map((e) => [e.eventId, e.fromStage, e.stage, e.outcome, e.source]).sort()).toEqual([
      ["evt_a1", null, "REQUESTED", "APPLIED", "BACKFILL"],
      ["evt_a2", "REQUESTED", "PROCESSING", "APPLIED", "BACKFILL"],
      ["evt_a3", "PROCESSING", "SENT", "APPLIED", "BACKFILL"],
    ]);
    // History is recorded, but nobody is messaged about it.
    expect(await getDb().notification.count()).toBe(0);
    expect((await getDb().payout.findUniqueOrThrow({ where: { externalId: "po_b" } })).stage).toBe("APPROVED");
    expect(await getDb().payout.count({ where: { externalId: "po_c" } })).toBe(0);
  });

  it("counts an illegal transition as rejected with its reason and carries on", async () => {
    const rows: Row[] = [
      ...HISTORY,
      { id: "evt_a4", at: "2026-11-22T13:00:00Z", payout: "po_a", stage: "VERIFYING" },
      { id: "evt_b3", at: "2026-11-22T14:00:00Z", payout: "po_b", stage: "PROCESSING" },
    ];
    const run = await apply(await dryRun(csv(rows)));
    expect(run).toMatchObject({ status: "COMPLETED", processedRows: 7, applied: 6, rejected: 1 });
    const view = await getBackfillRun(getDb(), run.id, NOW);
    expect(view?.report.rejections).toEqual([
      { row: 7, message: "A payout never moves backwards: SENT cannot go back to VERIFYING." },
    ]);
    expect((await getDb().payout.findUniqueOrThrow({ where: { externalId: "po_b" } })).stage).toBe("PROCESSING");
    expect(await getDb().payoutEvent.count({ where: { eventId: "evt_a4" } })).toBe(0);
  });

  it("records a row older than the payout's newest event as stale", async () => {
    const first = await apply(await dryRun(csv(HISTORY)));
    expect(first.applied).toBe(5);
    const rows: Row[] = [
      { id: "evt_a_late", at: "2026-11-21T13:00:00Z", payout: "po_a", stage: "PROCESSING", customer: "cus_bf" },
    ];
    const run = await apply(await dryRun(csv(rows)));
    expect(run).toMatchObject({ status: "COMPLETED", applied: 0, stale: 1, rejected: 0 });
    const event = await getDb().payoutEvent.findUniqueOrThrow({ where: { eventId: "evt_a_late" } });
    expect(event.outcome).toBe("STALE");
    expect((await getDb().payout.findUniqueOrThrow({ where: { externalId: "po_a" } })).stage).toBe("SENT");
  });

  it("refuses to apply a run twice, also when both clicks arrive at once", async () => {
    const runId = await dryRun(csv(HISTORY));
    const [first, second] = await Promise.all([
      startBackfillApply(getDb(), runId, staffId, options),
      startBackfillApply(getDb(), runId, staffId, options),
    ]);
    expect([first.ok, second.ok].sort()).toEqual([false, true]);
    expect((await testSql().rows("select 1 from graphile_worker.jobs")).length).toBe(1);
    await runDueJobs();
    const again = await startBackfillApply(getDb(), runId, staffId, options);
    expect(again).toEqual({ ok: false, message: "This run is already completed; it can be applied only once." });
    expect((await getDb().backfillRun.findUniqueOrThrow({ where: { id: runId } })).applied).toBe(5);
  });

  it("applying the same file again in a new run yields duplicates only", async () => {
    await apply(await dryRun(csv(HISTORY)));
    const secondId = await dryRun(csv(HISTORY));
    expect((await getBackfillRun(getDb(), secondId, NOW))?.report.existingEventIds).toBe(5);
    const second = await apply(secondId);
    expect(second).toMatchObject({ status: "COMPLETED", applied: 0, duplicate: 5, stale: 0, rejected: 0 });
    expect(await getDb().payoutEvent.count()).toBe(5);
  });

  it("a run whose job is gone is resumable once stalled, and finishes without applying twice", async () => {
    const runId = await dryRun(csv(HISTORY));
    // As if a process had applied the 3 oldest rows, recorded progress after 2, and died.
    await apply(await dryRun(csv(HISTORY.filter((r) => ["evt_a1", "evt_b1", "evt_a2"].includes(r.id)))));
    const db = getDb();
    await db.backfillRun.update({
      where: { id: runId },
      data: { status: "APPLYING", processedRows: 2, applied: 2, updatedAt: new Date(NOW.getTime() - 60_000) },
    });
    expect(await resumeBackfill(db, runId, staffId, options)).toMatchObject({ ok: false });
    expect((await getBackfillRun(db, runId, NOW))?.resumable).toBe(false);

    await db.backfillRun.update({
      where: { id: runId },
      data: { updatedAt: new Date(NOW.getTime() - STALLED_AFTER_MS - 1) },
    });
    expect((await getBackfillRun(db, runId, NOW))?.resumable).toBe(true);
    expect(await resumeBackfill(db, runId, staffId, options)).toEqual({ ok: true });
    await runDueJobs();
    const run = await db.backfillRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: "COMPLETED", processedRows: 5, applied: 4, duplicate: 1, rejected: 0 });
    expect(await db.payoutEvent.count()).toBe(5);
  });

  it("ends FAILED at once when its file no longer reads (no retry can help), and a failed run can be resumed", async () => {
    const runId = await dryRun(csv(HISTORY));
    const db = getDb();
    const good = (await db.backfillRun.findUniqueOrThrow({ where: { id: runId } })).csv;
    await db.backfillRun.update({ where: { id: runId }, data: { csv: "garbage" } });
    expect(await startBackfillApply(db, runId, staffId, options)).toEqual({ ok: true });
    await runDueJobs();
    const failed = await getBackfillRun(db, runId, NOW);
    expect(failed).toMatchObject({ status: "FAILED", resumable: true });
    expect(failed?.report.failure).toContain("The stored file can no longer be read");

    await db.backfillRun.update({ where: { id: runId }, data: { csv: good } });
    expect(await resumeBackfill(db, runId, staffId, options)).toEqual({ ok: true });
    await runDueJobs();
    const done = await getBackfillRun(db, runId, NOW);
    expect(done).toMatchObject({ status: "COMPLETED", applied: 5 });
    expect(done?.report.failure).toBeNull();
  });
});

describe("back-fill retention", () => {
  it("discards a file left unapplied for 7 days, keeping the run listed as FAILED with the reason", async () => {
    const db = getDb();
    const staff = await db.staffUser.create({ data: { email: "retention@example.com", name: "R", role: "ADMIN" } });
    const run = await db.backfillRun.create({
      data: {
        staffId: staff.id,
        fileName: "old.csv",
        status: "VALIDATED",
        csv: "event_id\n1",
        totalRows: 1,
        validRows: 1,
        invalidRows: 0,
      },
    });
    expect(await discardStaleUploads(db, new Date(Date.now() + 6 * 24 * 3_600_000))).toBe(0); // still within 7 days
    const later = new Date(Date.now() + 8 * 24 * 3_600_000);
    expect(await discardStaleUploads(db, later)).toBe(1);
    expect(await discardStaleUploads(db, later)).toBe(0);
    const after = await db.backfillRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(after).toMatchObject({ csv: "", status: "FAILED" });
    expect(readReport(after.report).failure).toContain("discarded after 7 days");
    expect((await resumeBackfill(db, run.id, staff.id)).ok).toBe(false);
  });
});
