import { beforeEach, describe, expect, it } from "vitest";
import { runDueJobs } from "../../test/jobs";
import { testSql } from "../../test/notifications";
import { resetDatabase } from "../../test/reset-database";
import { JOB } from "./names";
import { crontab, JOBS } from "./registry";

// Every job in the registry, through graphile-worker's runner (runOnce with the worker's task list).

beforeEach(resetDatabase);

interface QueuedJob {
  task: string;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
}

async function queued(): Promise<QueuedJob[]> {
  return testSql().rows<QueuedJob>(
    "select task_identifier as task, attempts, max_attempts, last_error from graphile_worker.jobs order by id",
  );
}

describe("the job registry", () => {
  it("has one definition for every job name, and none without a name", () => {
    expect(JOBS.map((job) => job.name).sort()).toEqual(Object.values(JOB).sort());
  });

  it("schedules the periodic jobs its switches turn on, once per slot", () => {
    expect(crontab({ cron: true, learnEta: false, retentionDays: false })).toBe("* * * * * sweep-delays ?max=1");
    expect(crontab({ cron: false, learnEta: false, retentionDays: false })).toBe("");
    expect(crontab({ cron: true, learnEta: true, retentionDays: true }).split("\n").sort()).toEqual([
      "* * * * * sweep-delays ?max=1",
      "*/10 * * * * offer-feedback ?max=1",
      "*/5 * * * * check-alerts ?max=1",
      "0 * * * * learn-eta ?max=1&fill=1h",
      "30 3 * * * purge-messages ?max=1&fill=1d",
    ]);
  });

  it("fails a job whose payload does not fit, at once and for good, naming the problem; the worker carries on", async () => {
    for (const job of JOBS) {
      await testSql().run("select graphile_worker.add_job($1, $2::json)", [job.name, JSON.stringify({ bogus: 1 })]);
    }
    // After them, a job that fits: the runner is still there to run it.
    await testSql().run("select graphile_worker.add_job($1, '{}'::json)", [JOB.learnEta]);
    const lines = await runDueJobs();

    const failed = await queued();
    expect(failed.map((j) => j.task).sort()).toEqual(JOBS.map((j) => j.name).sort()); // the good one is done and gone
    for (const job of failed) {
      expect(job.attempts, job.task).toBe(1);
      expect(job.max_attempts, job.task).toBe(1); // not tried again
      expect(job.last_error, job.task).toMatch(new RegExp(`^job ${job.task} #\\d+: invalid payload \\(.+\\)`));
    }
    expect(failed.find((j) => j.task === JOB.notify)?.last_error).toContain("id: Invalid input");
    expect(failed.find((j) => j.task === JOB.applyBackfill)?.last_error).toContain("runId:");
    expect(failed.find((j) => j.task === JOB.sweepDelays)?.last_error).toContain('Unrecognized key: "bogus"');
    expect(lines.filter((line) => /^job \S+ #\d+: invalid payload/.test(line))).toHaveLength(JOBS.length);
    expect(lines.some((line) => line.startsWith("ETA learning:"))).toBe(true);
  });

  it("accepts graphile-worker's own note on a periodic job's payload", async () => {
    await testSql().run("select graphile_worker.add_job($1, $2::json)", [
      JOB.learnEta,
      JSON.stringify({ _cron: { ts: new Date().toISOString(), backfilled: false } }),
    ]);
    const lines = await runDueJobs();
    expect(await queued()).toEqual([]);
    expect(lines.some((line) => line.startsWith("ETA learning:"))).toBe(true);
  });
});
