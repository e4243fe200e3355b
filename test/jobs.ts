import { Logger, runOnce } from "graphile-worker";
import pg from "pg";
import { CONNECTION_SETTINGS, getDb, getPgPool } from "../lib/db/client";
import { poolSql } from "../lib/db/sql";
import { taskList } from "../lib/jobs/registry";
import { outboxEmailChannel } from "../lib/notifications/channels/email";
import { outboxSmsChannel } from "../lib/notifications/channels/sms";

// Runs the queue the way a worker does (graphile-worker's runOnce with the registry's task
// list), until no job is due: for integration tests of what jobs do, without a long-lived
// worker. Messages go to the dev outbox.

const APP_URL = "https://payouts.example.com";

/** Runs every due job once (a failed job is retried later, not now); returns the worker's log lines. */
export async function runDueJobs(): Promise<string[]> {
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);
  const pool = getPgPool();
  const sql = poolSql(pool);
  const email = outboxEmailChannel();
  const sms = outboxSmsChannel();
  // graphile-worker's own connections, with the error handlers it asks for (as in lib/jobs/worker.ts)
  const jobPool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4, ...CONNECTION_SETTINGS });
  jobPool.on("error", () => {});
  jobPool.on("connect", (client) => client.on("error", () => {}));
  try {
    await runOnce({
      pgPool: jobPool,
      noHandleSignals: true,
      logger: new Logger(() => (level, message) => {
        if (level === "error" || level === "warning") {
          log(`[worker] ${message}`);
        }
      }),
      taskList: taskList({
        pool,
        sql,
        db: getDb,
        dispatch: { sql, email, sms, appUrl: APP_URL },
        retentionDays: undefined,
        log,
      }),
    });
  } finally {
    await jobPool.end();
  }
  return lines;
}
