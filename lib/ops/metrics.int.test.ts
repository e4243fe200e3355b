import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ingestBody, signed, TEST_SECRET } from "../../test/ingest-helpers";
import { resetDatabase } from "../../test/reset-database";
import { getPgPool } from "../db/client";

const TOKEN = "metrics-token-0123456789";

async function routes(env: Record<string, string> = {}) {
  vi.stubEnv("INGEST_SIGNING_SECRET", TEST_SECRET);
  for (const [name, value] of Object.entries(env)) {
    vi.stubEnv(name, value);
  }
  vi.resetModules();
  const metrics = await import("../../app/metrics/route");
  const ingest = await import("../../app/api/v1/events/route");
  return {
    scrape: (authorization?: string) =>
      metrics.GET(new Request("http://localhost/metrics", { headers: authorization ? { authorization } : {} })),
    send: (body: unknown) => {
      const { rawBody, signature } = signed(body, new Date());
      return ingest.POST(
        new Request("http://localhost/api/v1/events", {
          method: "POST",
          body: rawBody,
          headers: { "content-type": "application/json", "payout-signature": signature },
        }),
      );
    },
  };
}

/** The value of one sample line, e.g. value(text, 'payout_tracker_queue_depth') */
function value(text: string, sample: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${sample} `));
  return line === undefined ? undefined : Number(line.slice(sample.length + 1));
}

describe("GET /metrics", () => {
  beforeEach(resetDatabase);
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("counts ingest answers by kind and HTTP requests by route and status, with latency histograms", async () => {
    const { scrape, send } = await routes();
    const before = await (await scrape()).text();
    const applied0 = value(before, 'payout_tracker_ingest_results_total{result="applied"}') ?? 0;
    const ok0 =
      value(before, 'payout_tracker_http_requests_total{route="/api/v1/events",method="POST",status="200"}') ?? 0;

    const event = ingestBody({ occurred_at: new Date(Date.now() - 2_000).toISOString() });
    expect((await send(event)).status).toBe(200);
    expect((await send(event)).status).toBe(200); // duplicate
    expect((await send("{not json")).status).toBe(400);

    // The database gauges are read at most once a second: scrape until they show the event.
    await expect
      .poll(async () => value(await (await scrape()).text(), 'payout_tracker_events_applied{source="API"}'), {
        timeout: 5_000,
      })
      .toBe(1);
    const response = await scrape();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    expect(value(text, 'payout_tracker_ingest_results_total{result="applied"}')).toBe(applied0 + 1);
    expect(value(text, 'payout_tracker_ingest_results_total{result="duplicate"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'payout_tracker_ingest_results_total{result="invalid"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'payout_tracker_http_requests_total{route="/api/v1/events",method="POST",status="200"}')).toBe(
      ok0 + 2,
    );
    expect(text).toMatch(
      /payout_tracker_http_request_duration_seconds_bucket\{le="0\.5",route="\/api\/v1\/events",method="POST",status="400"\} [1-9]/,
    );
    // from the event's occurred_at (2 s ago) to the 200
    expect(text).toMatch(/payout_tracker_ingest_event_to_accepted_seconds_bucket\{le="5"\} [1-9]/);
    expect(value(text, 'payout_tracker_ingest_event_to_accepted_seconds_bucket{le="1"}')).toBe(0);
    // read from the database at scrape time
    expect(value(text, 'payout_tracker_events_applied{source="API"}')).toBe(1);
    expect(value(text, "payout_tracker_database_up")).toBe(1);
    expect(text).toContain("payout_tracker_process_resident_memory_bytes");
  });

  it("reports the queue, live workers and delayed open payouts by method from the database", async () => {
    const { scrape, send } = await routes();
    const delayed = ingestBody({
      payout: { external_id: "po_delayed", stage: "PROCESSING", delay: { reason_code: "HIGH_VOLUME" } },
    });
    expect((await send(delayed)).status).toBe(200);
    const pool = getPgPool();
    await pool.query("insert into worker_heartbeats (pool_id, worker_ids, seen_at) values ('pool-a', '{}', now())");
    await pool.query(
      "select graphile_worker.add_job('notify', '{\"id\":\"x\"}', run_at := now() - interval '30 seconds')",
    );
    // The database gauges are read at most once a second: scrape until they show the heartbeat.
    await expect
      .poll(async () => value(await (await scrape()).text(), "payout_tracker_workers_live"), { timeout: 5_000 })
      .toBe(1);
    const text = await (await scrape()).text();
    expect(value(text, "payout_tracker_workers_live")).toBe(1);
    // the job added above, and the notifications the delayed payout's event queued
    expect(value(text, "payout_tracker_queue_depth")).toBeGreaterThanOrEqual(1);
    expect(value(text, "payout_tracker_queue_oldest_job_age_seconds")).toBeGreaterThanOrEqual(29);
    expect(text).toMatch(/payout_tracker_delayed_payouts\{method="sepa"\} 1\n/i);
  });

  it("with METRICS_TOKEN set, answers only its bearer", async () => {
    const { scrape } = await routes({ METRICS_TOKEN: TOKEN });
    const anonymous = await scrape();
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toContain("Bearer");
    expect(await anonymous.text()).not.toContain("payout_tracker");
    expect((await scrape(`Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await scrape(`Bearer ${TOKEN}`)).status).toBe(200);
  });
});
