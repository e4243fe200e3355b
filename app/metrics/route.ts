import { getPgPool } from "@/lib/db/client";
import { poolSql } from "@/lib/db/sql";
import { env } from "@/lib/env";
import { withHttpMetrics } from "@/lib/ops/http-metrics";
import { metricsResponse, observeDatabase } from "@/lib/ops/metrics";

export const dynamic = "force-dynamic";

// GET /metrics — Prometheus text (prom-client): this process's HTTP, ingest and runtime
// metrics, plus gauges read from the database (queue, workers, delayed payouts, applied
// events). With METRICS_TOKEN set, only `Authorization: Bearer <token>` gets them.
export const GET = withHttpMetrics("/metrics", async (request: Request) => {
  observeDatabase(() => poolSql(getPgPool()), { deadAfterSeconds: env.WORKER_DEAD_AFTER_SECONDS });
  return metricsResponse(request.headers.get("authorization"), env.METRICS_TOKEN);
});
