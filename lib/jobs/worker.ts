import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { Logger, type Runner, run, type WorkerEvents } from "graphile-worker";
import pg from "pg";
import { CONNECTION_SETTINGS, createDb, type Db } from "../db/client";
import { poolSql, type Sql } from "../db/sql";
import { logger } from "../logging/logger";
import type { EmailChannel, SmsChannel } from "../notifications/channels/types";
import { DEFAULT_SENDING_LEASE_MS, type DispatchDeps } from "../notifications/dispatch";
import { redact } from "../notifications/redact";
import { JOB } from "./names";
import { crontab, taskList } from "./registry";

const workerLog = () => logger("worker");

export interface WorkerOptions {
  connectionString: string;
  concurrency: number;
  email: EmailChannel;
  sms: SmsChannel;
  appUrl: string;
  /** how often this process says it is alive */
  heartbeatMs?: number;
  /** a process silent this long is dead: the jobs its workers held are given to others */
  deadAfterMs?: number;
  sendingLeaseMs?: number;
  /** run the delay sweeper every minute (graphile-worker cron: once per minute across all workers) */
  cron?: boolean;
  /**
   * the periodic jobs besides the sweeper: learn stage durations (hourly), offer feedback
   * surveys (every 10 minutes), check the alert conditions (every 5 minutes)
   */
  learnEta?: boolean;
  /**
   * MESSAGE_RETENTION_DAYS: a daily job deletes message texts and the dev outbox's copies
   * older than this (lib/customers/retention.ts); unset = no such job in this process
   */
  retentionDays?: number;
  /** signs the tracking links in messages (AUTH_SECRET) */
  linkSecret?: string | null;
  linkTtlMs?: number;
  log?: (line: string) => void;
}

export interface RunningWorker {
  poolId: string;
  /** single statements on the worker's own pool (the metrics' database gauges) */
  sql: Sql;
  /** finishes the jobs in hand, then stops */
  stop(): Promise<void>;
}

/**
 * A graphile-worker runner for every job in lib/jobs/registry.ts, plus a heartbeat: graphile-worker
 * unlocks the jobs of a crashed worker only after 4 hours, so every process records that
 * it is alive, and the live ones hand a silent process's jobs back to the queue
 * (`graphile_worker.force_unlock_workers`). Any number of processes, on any machine.
 */
/** Per process; 2 processes × (12 + 16) stay well inside PostgreSQL's default 100 connections. */
const MAX_DISPATCH_CONNECTIONS = 12;

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const log = options.log ?? ((line: string) => workerLog().info(line));
  const deadAfterMs = options.deadAfterMs ?? 30_000;
  // Several beats per dead-after period, or live workers would be taken for dead.
  const heartbeatMs = Math.min(options.heartbeatMs ?? 5_000, deadAfterMs / 3);
  const poolId = `pool-${randomBytes(6).toString("hex")}`;
  // A send holds no connection while it talks to SMTP or Twilio, only its short queries do:
  // a capped pool lets many workers share the server's connection limit.
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: Math.min(Math.max(2, options.concurrency), MAX_DISPATCH_CONNECTIONS),
    ...CONNECTION_SETTINGS,
  });
  pool.on("error", () => {});
  const sql = poolSql(pool);
  const deps: DispatchDeps = {
    sql,
    email: options.email,
    sms: options.sms,
    appUrl: options.appUrl,
    sendingLeaseMs: options.sendingLeaseMs,
    linkSecret: options.linkSecret ?? undefined,
    linkTtlMs: options.linkTtlMs,
  };

  // graphile-worker 0.17 locks a job with the id of the worker *pool* (`pool-…`), not with
  // the id of the worker inside it that runs the job: the pool ids are what the heartbeat
  // vouches for and what force_unlock_workers must be given.
  const lockIds = new Set<string>();
  const events: WorkerEvents = new EventEmitter() as WorkerEvents;
  events.on("pool:create", ({ workerPool }) => {
    lockIds.add(workerPool.id);
  });
  await beat(sql, poolId, [...lockIds]);

  // graphile-worker's own connections, on a pool we own: a connection the database drops
  // (a restart, or the embedded server stopping first at Ctrl-C) is an error we log, not a crash.
  const jobPool = new pg.Pool({
    connectionString: options.connectionString,
    max: Math.min(options.concurrency, MAX_DISPATCH_CONNECTIONS) + 4,
    ...CONNECTION_SETTINGS,
  });
  jobPool.on("error", (error) => log(`[worker] database connection lost: ${error.message}`));
  jobPool.on("connect", (client) => {
    client.on("error", () => {}); // surfaces on the client's next query, which graphile-worker handles
  });
  // For the jobs that read and write through Prisma (the back-fill): made when one first runs.
  let prisma: Db | null = null;
  const runner: Runner = await run({
    pgPool: jobPool,
    concurrency: options.concurrency,
    noHandleSignals: true,
    pollInterval: 1_000,
    events,
    // Fetch jobs in batches and complete them in batches: far fewer round trips per message.
    preset: {
      worker: {
        localQueue: { size: options.concurrency * 2, ttl: 60_000 },
        completeJobBatchDelay: 0,
        failJobBatchDelay: 0,
      },
    },
    logger: workerLogger(log),
    crontab: crontab({
      cron: options.cron ?? false,
      learnEta: options.learnEta ?? false,
      retentionDays: Boolean(options.retentionDays),
    }),
    taskList: taskList({
      pool,
      sql,
      db: () => {
        prisma ??= createDb(options.connectionString, 2);
        return prisma;
      },
      dispatch: deps,
      retentionDays: options.retentionDays,
      log,
    }),
  });

  let stopping = false;
  // One heartbeat at a time; stop() waits for the one in flight before it ends the pool.
  let ticking: Promise<void> | null = null;
  const tick = () => {
    ticking ??= (async () => {
      try {
        await beat(sql, poolId, [...lockIds]);
        await reapSilentWorkers(sql, deadAfterMs, log);
        await requeueStranded(sql, options.sendingLeaseMs ?? DEFAULT_SENDING_LEASE_MS, log);
      } finally {
        ticking = null;
      }
    })();
    return ticking;
  };
  const timer = setInterval(() => {
    if (!stopping && !ticking) {
      tick().catch((error: unknown) => log(`worker heartbeat failed: ${(error as Error).message}`));
    }
  }, heartbeatMs);
  timer.unref();
  const stop = async () => {
    stopping = true;
    clearInterval(timer);
    await runner.stop();
    await ticking?.catch(() => {});
    await sql.run("delete from worker_heartbeats where pool_id = $1", [poolId]).catch(() => {});
    options.email.close();
    await pool.end();
    await jobPool.end().catch(() => {});
    await prisma?.$disconnect().catch(() => {});
  };
  try {
    await tick();
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
  log(
    `Notification worker ${poolId} started (${options.concurrency} at once; email: ${options.email.transport}, SMS: ${options.sms.transport}).`,
  );

  return { poolId, sql, stop };
}

async function beat(sql: Sql, poolId: string, workerIds: string[]): Promise<void> {
  await sql.run(
    `insert into worker_heartbeats (pool_id, worker_ids, seen_at) values ($1, $2, now())
     on conflict (pool_id) do update set worker_ids = excluded.worker_ids, seen_at = now()`,
    [poolId, workerIds],
  );
}

/**
 * Unlocks the jobs of workers no live process vouches for: processes silent for
 * `deadAfterMs`, and workers that died before their first heartbeat (locked that long
 * by an id no live process lists).
 */
export async function reapSilentWorkers(sql: Sql, deadAfterMs: number, log: (line: string) => void): Promise<void> {
  const rows = await sql.rows<{ ids: string[] }>(
    `with dead as (
       delete from worker_heartbeats where seen_at < now() - make_interval(secs => $1) returning worker_ids
     ), live as (
       select unnest(worker_ids) as id from worker_heartbeats where seen_at >= now() - make_interval(secs => $1)
     )
     select array(
       select unnest(worker_ids) from dead
       union
       select distinct locked_by from graphile_worker.jobs
        where locked_by is not null and locked_at < now() - make_interval(secs => $1)
          and locked_by not in (select id from live)
     ) as ids`,
    [deadAfterMs / 1000],
  );
  const ids = rows[0]?.ids ?? [];
  if (ids.length > 0) {
    await sql.run("select graphile_worker.force_unlock_workers($1::text[])", [ids]);
    log(`Unlocked the jobs of ${ids.length} silent worker(s); other workers take them over.`);
  }
}

/**
 * A message left SENDING by a try that was the job's last (its worker died, or it found
 * another worker still inside the lease) has no job any more: give it a new one, so it
 * is finished (sent, adopted or failed with a fallback) instead of staying "sending".
 */
export async function requeueStranded(sql: Sql, leaseMs: number, log: (line: string) => void): Promise<void> {
  const rows = await sql.rows<{ id: string }>(
    `select n.id, graphile_worker.add_job($2, json_build_object('id', n.id), max_attempts := 3,
                                          job_key := 'notify:' || n.id || ':stranded')
       from notifications n
      where n.status = 'SENDING' and n.sending_at < now() - make_interval(secs => $1)
        and not exists (select 1 from graphile_worker.jobs j
                         where j.key like 'notify:' || n.id || '%' and j.attempts < j.max_attempts)
      limit 100`,
    [(2 * leaseMs) / 1000, JOB.notify],
  );
  if (rows.length > 0) {
    log(`Re-queued ${rows.length} message(s) left sending by a finished job.`);
  }
}

function workerLogger(log: (line: string) => void): Logger {
  return new Logger(() => (level, message) => {
    // A failed try is logged by the task itself (redacted) and recorded on the notification.
    // The pool-size warning does not apply: the local queue fetches and completes jobs in
    // batches, and tasks use their own pool (capped so that several processes fit).
    if (
      (level === "error" || level === "warning") &&
      !message.includes("Failed task") &&
      !message.includes("smaller than concurrency")
    ) {
      log(`[worker] ${redact(message)}`);
    }
  });
}
