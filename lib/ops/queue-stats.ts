import type { Sql } from "../db/sql";

export interface QueueStats {
  /** jobs waiting to run now (due, not taken by a worker, tries left) */
  depth: number;
  /** how long the oldest of them has been due, in seconds; 0 when none waits */
  oldest_job_age_seconds: number;
  /** jobs a worker holds right now */
  running: number;
  /** jobs due later (quiet hours, backoff after a failed try, cron) */
  scheduled: number;
}

export interface OperationalState {
  /** worker processes whose heartbeat is younger than `deadAfterSeconds` */
  workers: number;
  queue: QueueStats;
  /** names of the applied migrations (prisma/migrations) */
  migrations: string[];
}

/**
 * Everything the health check reports, in one statement: a handful of index-only counts on
 * small tables (heartbeats, the job queue, Prisma's migration list), cheap enough to poll
 * every second.
 */
export async function operationalState(sql: Sql, deadAfterSeconds: number): Promise<OperationalState> {
  const rows = await sql.rows<{
    workers: number;
    depth: number;
    oldest: number | null;
    running: number;
    scheduled: number;
    migrations: string[];
  }>(
    `with jobs as (
       select locked_at, run_at from graphile_worker._private_jobs where attempts < max_attempts
     )
     select (select count(*)::int from worker_heartbeats where seen_at >= now() - make_interval(secs => $1)) as workers,
            (select count(*)::int from jobs where locked_at is null and run_at <= now()) as depth,
            (select extract(epoch from now() - min(run_at))::float8 from jobs where locked_at is null and run_at <= now()) as oldest,
            (select count(*)::int from jobs where locked_at is not null) as running,
            (select count(*)::int from jobs where locked_at is null and run_at > now()) as scheduled,
            array(select migration_name from _prisma_migrations
                   where finished_at is not null and rolled_back_at is null order by migration_name) as migrations`,
    [deadAfterSeconds],
  );
  const row = rows[0];
  if (!row) {
    throw new Error("the health query returned no row");
  }
  return {
    workers: row.workers,
    queue: {
      depth: row.depth,
      oldest_job_age_seconds: Math.max(0, Math.round((row.oldest ?? 0) * 10) / 10),
      running: row.running,
      scheduled: row.scheduled,
    },
    migrations: row.migrations,
  };
}
