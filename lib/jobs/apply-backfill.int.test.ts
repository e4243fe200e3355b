import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runDueJobs } from "../../test/jobs";
import { testSql } from "../../test/notifications";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import {
  BACKFILL_JOB_MAX_ATTEMPTS,
  backfillJobKey,
  createBackfillRun,
  resumeBackfill,
  startBackfillApply,
} from "../ingest/backfill";
import { BACKFILL_COLUMNS } from "../ingest/backfill-csv";
import { getBackfillRun } from "../ingest/backfill-queries";
import { JOB } from "./names";
import { reapSilentWorkers } from "./worker";

// The CSV back-fill as a job: "Apply" queues it, the worker's runner applies it, and a try
// that stops mid-way (an error, a worker that dies) is finished by the next without
// applying a row twice.

let staffId = "";

/** `count` payouts of as many customers, one REQUESTED event each, a minute apart (file order = time order). */
function csv(count: number): string {
  const start = Date.UTC(2026, 10, 20, 8, 0);
  const lines = Array.from({ length: count }, (_, i) =>
    [
      `evt_${i}`,
      new Date(start + i * 60_000).toISOString(),
      `po_${i}`,
      `cus_${i}`,
      "Ada Lovelace",
      "",
      "",
      "en",
      "UTC",
      "1000",
      "EUR",
      "sepa",
      "DE•• 1234",
      "REQUESTED",
      "",
      "",
    ].join(","),
  );
  return [BACKFILL_COLUMNS.join(","), ...lines].join("\n");
}

async function queuedRun(rows: number): Promise<string> {
  const created = await createBackfillRun(getDb(), { staffId, fileName: "history.csv", csv: csv(rows) });
  if (!created.ok) {
    throw new Error(created.message);
  }
  expect(await startBackfillApply(getDb(), created.runId, staffId)).toEqual({ ok: true });
  return created.runId;
}

interface JobRow {
  task: string;
  attempts: number;
  last_error: string | null;
  locked_by: string | null;
}

async function jobOf(runId: string): Promise<JobRow | undefined> {
  const rows = await testSql().rows<JobRow>(
    "select task_identifier as task, attempts, last_error, locked_by from graphile_worker.jobs where key = $1",
    [backfillJobKey(runId)],
  );
  return rows[0];
}

/**
 * The database refuses the row with this event id twice (the batch with it, then the row
 * alone), then accepts it: a try stops there, the next one gets through.
 */
async function refuseRowTwice(eventId: string): Promise<void> {
  await testSql().run("create sequence if not exists fault_count");
  await testSql().run("select setval('fault_count', 1, false)");
  await testSql().run(
    `create or replace function fault_once() returns trigger language plpgsql as $$
     begin
       if nextval('fault_count') <= 2 then raise exception 'injected fault'; end if;
       return new;
     end $$`,
  );
  await testSql().run(
    `create trigger fault_once before insert on payout_events for each row
       when (new.event_id = '${eventId}') execute function fault_once()`,
  );
}

const run = (id: string) => getDb().backfillRun.findUniqueOrThrow({ where: { id } });

beforeEach(async () => {
  await resetDatabase();
  staffId = (await getDb().staffUser.create({ data: { email: "bf@example.com", name: "Ada Admin", role: "ADMIN" } }))
    .id;
});

afterEach(async () => {
  await testSql().run("drop trigger if exists fault_once on payout_events");
});

describe("the back-fill job", () => {
  it("is queued by Apply together with the run's APPLYING, and the worker's runner completes it", async () => {
    const runId = await queuedRun(3);
    expect(await run(runId)).toMatchObject({ status: "APPLYING", processedRows: 0 });
    expect(await jobOf(runId)).toMatchObject({ task: JOB.applyBackfill, attempts: 0 });

    const lines = await runDueJobs();
    expect(await run(runId)).toMatchObject({ status: "COMPLETED", processedRows: 3, applied: 3, csv: "" });
    expect(await jobOf(runId)).toBeUndefined();
    expect(lines).toContain(`back-fill ${runId}: completed`);
  });

  it("a try that stops mid-way is finished by the next, without applying any row twice", async () => {
    await refuseRowTwice("evt_150");
    const runId = await queuedRun(250);

    await runDueJobs();
    // Progress was recorded after the first hundred; rows 100–149 were applied after it.
    expect(await run(runId)).toMatchObject({ status: "APPLYING", processedRows: 100, applied: 100 });
    expect(await getDb().payoutEvent.count()).toBe(150);
    const failedTry = await jobOf(runId);
    expect(failedTry).toMatchObject({ attempts: 1, locked_by: null });
    expect(failedTry?.last_error).toContain("Row 152 (evt_150): injected fault");
    const view = await getBackfillRun(getDb(), runId);
    expect(view?.job).toMatchObject({ attempts: 1, maxAttempts: BACKFILL_JOB_MAX_ATTEMPTS, running: false });

    // The retry is due after graphile-worker's backoff; now, for the test.
    await testSql().run("update graphile_worker._private_jobs set run_at = now()");
    await runDueJobs();
    const done = await run(runId);
    expect(done).toMatchObject({ status: "COMPLETED", processedRows: 250, rejected: 0 });
    // The 50 rows applied after the recorded progress answer "duplicate" on the second try.
    expect({ applied: done.applied, duplicate: done.duplicate }).toEqual({ applied: 200, duplicate: 50 });
    expect(await getDb().payoutEvent.count()).toBe(250);
    expect(await getDb().payout.count()).toBe(250);
    expect(await jobOf(runId)).toBeUndefined();
  });

  it("the last try leaves the run FAILED with the reason; Resume queues it again and it completes", async () => {
    await refuseRowTwice("evt_3");
    const runId = await queuedRun(5);
    await testSql().run("update graphile_worker._private_jobs set max_attempts = 1");
    await runDueJobs();
    const failed = await getBackfillRun(getDb(), runId);
    expect(failed).toMatchObject({ status: "FAILED", resumable: true, job: null });
    expect(failed?.report.failure).toBe("Row 5 (evt_3): injected fault");

    expect(await resumeBackfill(getDb(), runId, staffId)).toEqual({ ok: true });
    expect(await jobOf(runId)).toMatchObject({ attempts: 0 });
    await runDueJobs();
    expect(await run(runId)).toMatchObject({ status: "COMPLETED", processedRows: 5, rejected: 0 });
    expect(await getDb().payoutEvent.count()).toBe(5);
  });

  it("a run left APPLYING by a worker that died is taken over by another once the dead one is noticed", async () => {
    await queuedRun(3);
    await runDueJobs(); // the first three rows' events exist …
    const runId = await queuedRun(5);
    // … as if a worker had taken this run's job, applied 3 rows, recorded progress after 2, and died.
    await testSql().run(
      `update graphile_worker._private_jobs set locked_by = 'pool-dead', locked_at = now() - interval '1 minute',
              attempts = 1`,
    );
    await getDb().backfillRun.update({ where: { id: runId }, data: { processedRows: 2, applied: 2 } });
    await runDueJobs(); // a locked job is nobody else's
    expect(await run(runId)).toMatchObject({ status: "APPLYING", processedRows: 2 });

    // No live process vouches for pool-dead: its job goes back to the queue.
    await reapSilentWorkers(testSql(), 30_000, () => {});
    await runDueJobs();
    expect(await run(runId)).toMatchObject({
      status: "COMPLETED",
      processedRows: 5,
      applied: 4,
      duplicate: 1,
      rejected: 0,
    });
    expect(await getDb().payoutEvent.count()).toBe(5);
  });

  it("while no worker process is alive, the run page says the run waits for one", async () => {
    const runId = await queuedRun(2);
    expect(await getBackfillRun(getDb(), runId)).toMatchObject({ status: "APPLYING", waitingForWorker: true });
    await testSql().run("insert into worker_heartbeats (pool_id, worker_ids, seen_at) values ('p', '{}', now())");
    expect(await getBackfillRun(getDb(), runId)).toMatchObject({ waitingForWorker: false });
    await testSql().run("update worker_heartbeats set seen_at = now() - interval '5 minutes'");
    expect(await getBackfillRun(getDb(), runId, new Date(), 30)).toMatchObject({ waitingForWorker: true });
    await runDueJobs();
    expect(await getBackfillRun(getDb(), runId)).toMatchObject({ status: "COMPLETED", waitingForWorker: false });
  });
});
