import { timingSafeEqual } from "node:crypto";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Sql } from "../db/sql";
import { operationalState } from "./queue-stats";

/** The process's metrics (prom-client). Names start with `payout_tracker_`. */
export interface AppMetrics {
  registry: Registry;
  httpRequests: Counter<"route" | "method" | "status">;
  httpDuration: Histogram<"route" | "method" | "status">;
  ingestResults: Counter<"result">;
  ingestLatency: Histogram;
  notifications: Counter<"channel" | "outcome">;
}

// One registry per process, not per bundle: Next.js may load this module once per route.
const globalForMetrics = globalThis as unknown as {
  __payoutTrackerMetrics?: AppMetrics;
  __payoutTrackerDbGauges?: boolean;
};

export function appMetrics(): AppMetrics {
  if (!globalForMetrics.__payoutTrackerMetrics) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: "payout_tracker_" });
    const registers = [registry];
    globalForMetrics.__payoutTrackerMetrics = {
      registry,
      httpRequests: new Counter({
        name: "payout_tracker_http_requests_total",
        help: "HTTP requests answered, by route pattern, method and status",
        labelNames: ["route", "method", "status"],
        registers,
      }),
      httpDuration: new Histogram({
        name: "payout_tracker_http_request_duration_seconds",
        help: "Time to answer an HTTP request (to the response head; a stream's duration is not counted)",
        labelNames: ["route", "method", "status"],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers,
      }),
      ingestResults: new Counter({
        name: "payout_tracker_ingest_results_total",
        help: "Ingest API answers by kind: applied, duplicate, stale, invalid, unauthorized, conflict, too_large, rate_limited, unavailable",
        labelNames: ["result"],
        registers,
      }),
      ingestLatency: new Histogram({
        name: "payout_tracker_ingest_event_to_accepted_seconds",
        help: "From an applied event's occurred_at to our 200 (the payout system's delay plus ours)",
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
        registers,
      }),
      notifications: new Counter({
        name: "payout_tracker_notifications_total",
        help: "Notification attempts by channel and outcome: sent, already, suppressed, held, retry, failed, error",
        labelNames: ["channel", "outcome"],
        registers,
      }),
    };
  }
  return globalForMetrics.__payoutTrackerMetrics;
}

/** The database gauges share one read per scrape (and per second at most). */
const DATABASE_GAUGE_TTL_MS = 1_000;

/**
 * Gauges read from the database at scrape time, for the whole deployment (every process
 * reports the same values: aggregate them with max, not sum): live workers, the job queue,
 * delayed open payouts by method, applied events by source.
 */
export function observeDatabase(sqlFor: () => Sql, options: { deadAfterSeconds: number }): void {
  if (globalForMetrics.__payoutTrackerDbGauges) {
    return;
  }
  globalForMetrics.__payoutTrackerDbGauges = true;
  const { registry } = appMetrics();
  const registers = [registry];
  let cached: { at: number; value: Promise<DatabaseFigures> } | null = null;
  const figures = (): Promise<DatabaseFigures> => {
    if (!cached || Date.now() - cached.at > DATABASE_GAUGE_TTL_MS) {
      const value = readDatabaseFigures(sqlFor(), options.deadAfterSeconds);
      cached = { at: Date.now(), value };
      value.catch(() => {
        cached = null;
      });
    }
    return cached.value;
  };
  new Gauge({
    name: "payout_tracker_database_up",
    help: "1 when the last scrape could read the database",
    registers,
    async collect() {
      this.set(
        await figures().then(
          () => 1,
          () => 0,
        ),
      );
    },
  });
  gaugeFrom(
    "payout_tracker_workers_live",
    "Worker processes with a recent heartbeat",
    [],
    registers,
    figures,
    (f, set) => set({}, f.workers),
  );
  gaugeFrom("payout_tracker_queue_depth", "Jobs due and waiting for a worker", [], registers, figures, (f, set) =>
    set({}, f.queue.depth),
  );
  gaugeFrom(
    "payout_tracker_queue_oldest_job_age_seconds",
    "How long the oldest waiting job has been due",
    [],
    registers,
    figures,
    (f, set) => set({}, f.queue.oldest_job_age_seconds),
  );
  gaugeFrom("payout_tracker_queue_running", "Jobs a worker holds right now", [], registers, figures, (f, set) =>
    set({}, f.queue.running),
  );
  gaugeFrom(
    "payout_tracker_delayed_payouts",
    "Open payouts flagged delayed, by method",
    ["method"],
    registers,
    figures,
    (f, set) => {
      for (const row of f.delayed) {
        set({ method: row.method }, row.count);
      }
    },
  );
  gaugeFrom(
    "payout_tracker_events_applied",
    "Payout events applied since the database began, by source (API, ADMIN, SWEEPER, SEED, BACKFILL)",
    ["source"],
    registers,
    figures,
    (f, set) => {
      for (const row of f.applied) {
        set({ source: row.source }, row.count);
      }
    },
  );
}

interface DatabaseFigures extends Awaited<ReturnType<typeof operationalState>> {
  delayed: { method: string; count: number }[];
  applied: { source: string; count: number }[];
}

async function readDatabaseFigures(sql: Sql, deadAfterSeconds: number): Promise<DatabaseFigures> {
  const [state, delayed, applied] = await Promise.all([
    operationalState(sql, deadAfterSeconds),
    sql.rows<{ method: string; count: number }>(
      `select method::text as method, count(*)::int as count from payouts
        where delayed and stage not in ('COMPLETED', 'FAILED', 'RETURNED', 'CANCELED') group by method`,
    ),
    sql.rows<{ source: string; count: number }>(
      `select source::text as source, count(*)::int as count from payout_events where outcome = 'APPLIED' group by source`,
    ),
  ]);
  return { ...state, delayed, applied };
}

function gaugeFrom<L extends string>(
  name: string,
  help: string,
  labelNames: L[],
  registers: Registry[],
  figures: () => Promise<DatabaseFigures>,
  fill: (f: DatabaseFigures, set: (labels: Partial<Record<L, string>>, value: number) => void) => void,
): void {
  new Gauge<L>({
    name,
    help,
    labelNames,
    registers,
    async collect() {
      this.reset();
      const f = await figures().catch(() => null);
      if (f) {
        fill(f, (labels, value) => this.set(labels as Partial<Record<L, string | number>>, value));
      }
    },
  });
}

/** `Authorization: Bearer <METRICS_TOKEN>`, compared in constant time; no token configured = open. */
export function metricsAuthorized(authorization: string | null, token: string | undefined): boolean {
  if (!token) {
    return true;
  }
  const given = Buffer.from(/^Bearer\s+(.+)$/i.exec(authorization ?? "")?.[1]?.trim() ?? "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The Prometheus text exposition of this process's registry. */
export async function metricsResponse(authorization: string | null, token: string | undefined): Promise<Response> {
  if (!metricsAuthorized(authorization, token)) {
    return new Response("Unauthorized\n", {
      status: 401,
      headers: { "content-type": "text/plain; charset=utf-8", "www-authenticate": 'Bearer realm="metrics"' },
    });
  }
  const { registry } = appMetrics();
  return new Response(await registry.metrics(), {
    headers: { "content-type": registry.contentType, "cache-control": "no-store" },
  });
}
