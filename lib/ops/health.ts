import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import type { Sql } from "../db/sql";
import { isDatabaseUnavailable } from "../db/sql";
import { operationalState, type QueueStats } from "./queue-stats";

export type HealthReport =
  | {
      status: "ok" | "degraded";
      database: "ok";
      workers: number;
      queue: QueueStats;
      migrations: { applied: number; pending: string[]; latest: string | null };
      /** why the status is "degraded" */
      problems?: string[];
    }
  | { status: "unavailable"; database: "unreachable" | "error"; error: string };

let migrationsOnDisk: string[] | null | undefined;

/** The migrations this build ships (prisma/migrations next to the app); null when they are not deployed with it. */
export function shippedMigrations(root = process.cwd()): string[] | null {
  if (migrationsOnDisk === undefined) {
    const dir = path.join(root, "prisma", "migrations");
    migrationsOnDisk = existsSync(dir)
      ? readdirSync(dir, { withFileTypes: true })
          .filter((entry) => entry.isDirectory() && /^\d{14}_/.test(entry.name))
          .map((entry) => entry.name)
          .sort()
      : null;
  }
  return migrationsOnDisk;
}

/**
 * GET /api/health: 200 while the database answers (with the live workers, the queue and
 * the migrations); "degraded" when no worker is alive or migrations are missing, which a
 * load balancer should not act on but an operator should see. The database unreachable:
 * 503, so that a load balancer takes this process out until it is back.
 */
export async function checkHealth(
  sql: Sql,
  options: { deadAfterSeconds: number; expectWorkers: boolean; shipped?: string[] | null },
): Promise<{ httpStatus: 200 | 503; report: HealthReport }> {
  let state: Awaited<ReturnType<typeof operationalState>>;
  try {
    state = await operationalState(sql, options.deadAfterSeconds);
  } catch (error) {
    const unreachable = isDatabaseUnavailable(error);
    return {
      httpStatus: 503,
      report: {
        status: "unavailable",
        database: unreachable ? "unreachable" : "error",
        // the kind only: a driver message may name the host or the user
        error: unreachable
          ? "the database cannot be reached"
          : `the health query failed (${(error as { code?: string }).code ?? (error as Error).name ?? "error"})`,
      },
    };
  }
  const shipped = options.shipped === undefined ? shippedMigrations() : options.shipped;
  const applied = new Set(state.migrations);
  const pending = (shipped ?? []).filter((name) => !applied.has(name));
  const problems = [
    ...(pending.length > 0 ? [`${pending.length} migration(s) not applied`] : []),
    ...(options.expectWorkers && state.workers === 0 ? ["no live worker: messages are not being sent"] : []),
  ];
  return {
    httpStatus: 200,
    report: {
      status: problems.length > 0 ? "degraded" : "ok",
      database: "ok",
      workers: state.workers,
      queue: state.queue,
      migrations: { applied: state.migrations.length, pending, latest: state.migrations.at(-1) ?? null },
      ...(problems.length > 0 ? { problems } : {}),
    },
  };
}
