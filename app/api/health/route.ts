import { getPgPool } from "@/lib/db/client";
import { poolSql } from "@/lib/db/sql";
import { env } from "@/lib/env";
import { checkHealth } from "@/lib/ops/health";
import { withHttpMetrics } from "@/lib/ops/http-metrics";

export const dynamic = "force-dynamic";

// GET /api/health — for load balancers and uptime checks (shared/ARCHITECTURE.md, "Operations"):
// 200 while the database answers, 503 when it cannot be reached. No session, no Prisma: one
// query on the plain pool, cheap enough to poll every second.
export const GET = withHttpMetrics("/api/health", async () => {
  const { httpStatus, report } = await checkHealth(poolSql(getPgPool()), {
    deadAfterSeconds: env.WORKER_DEAD_AFTER_SECONDS,
    expectWorkers: true,
  });
  return Response.json(report, {
    status: httpStatus,
    headers: { "cache-control": "no-store", ...(httpStatus === 503 ? { "retry-after": "5" } : {}) },
  });
});
