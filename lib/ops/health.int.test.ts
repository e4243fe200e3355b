import { beforeEach, describe, expect, it } from "vitest";
import { resetDatabase } from "../../test/reset-database";
import { getPgPool } from "../db/client";
import { poolSql } from "../db/sql";
import { checkHealth } from "./health";

const get = async () => {
  const { GET } = await import("../../app/api/health/route");
  const response = await GET(new Request("http://localhost/api/health", { headers: { "x-request-id": "probe-1" } }));
  return { status: response.status, headers: response.headers, body: await response.json() };
};

const sql = () => poolSql(getPgPool());

describe("GET /api/health", () => {
  beforeEach(resetDatabase);

  it("answers 200 with the database, live workers, the queue and the migrations", async () => {
    const { status, headers, body } = await get();
    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("no-store");
    expect(headers.get("x-request-id")).toBe("probe-1");
    expect(body).toMatchObject({
      database: "ok",
      workers: 0,
      queue: { depth: 0, oldest_job_age_seconds: 0 },
      migrations: { pending: [] },
    });
    // every migration of this build is applied (the template database was migrated from them)
    expect(body.migrations.applied).toBeGreaterThan(15);
    expect(body.migrations.latest).toMatch(/^\d{14}_/);
    // no worker alive: still 200 (the database answers), but an operator sees why messages wait
    expect(body.status).toBe("degraded");
    expect(body.problems).toEqual(["no live worker: messages are not being sent"]);
  });

  it("counts live workers by heartbeat and the jobs waiting, with the oldest one's age", async () => {
    await sql().run(
      `insert into worker_heartbeats (pool_id, worker_ids, seen_at) values
         ('pool-live', '{}', now()), ('pool-dead', '{}', now() - interval '10 minutes')`,
    );
    await sql().run(
      `select graphile_worker.add_job('notify', '{"id":"a"}', run_at := now() - interval '90 seconds'),
              graphile_worker.add_job('notify', '{"id":"b"}', run_at := now() - interval '5 seconds'),
              graphile_worker.add_job('notify', '{"id":"c"}', run_at := now() + interval '1 hour')`,
    );
    const { status, body } = await get();
    expect(status).toBe(200);
    expect(body.status).toBe("ok");
    expect(body.workers).toBe(1);
    expect(body.queue.depth).toBe(2);
    expect(body.queue.scheduled).toBe(1);
    expect(body.queue.oldest_job_age_seconds).toBeGreaterThanOrEqual(89);
    expect(body.queue.oldest_job_age_seconds).toBeLessThan(120);
  });

  it("names migrations this build ships that the database lacks", async () => {
    const { httpStatus, report } = await checkHealth(sql(), {
      deadAfterSeconds: 30,
      expectWorkers: false,
      shipped: ["20261123000000_init", "29991231000000_from_the_future"],
    });
    expect(httpStatus).toBe(200);
    expect(report).toMatchObject({
      status: "degraded",
      migrations: { pending: ["29991231000000_from_the_future"] },
      problems: ["1 migration(s) not applied"],
    });
  });

  it("is cheap: a hundred checks in well under a second each", async () => {
    const started = performance.now();
    for (let i = 0; i < 100; i += 1) {
      await checkHealth(sql(), { deadAfterSeconds: 30, expectWorkers: true });
    }
    expect((performance.now() - started) / 100).toBeLessThan(50);
  });
});
