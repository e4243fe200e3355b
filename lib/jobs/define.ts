import type { JobHelpers } from "graphile-worker";
import type pg from "pg";
import { z } from "zod";
import type { Db } from "../db/client";
import type { Sql } from "../db/sql";
import type { DispatchDeps } from "../notifications/dispatch";
import type { JobName } from "./names";

/** What a job's handler may use: the worker process's pool, channels and settings. */
export interface JobContext {
  /** the worker's own pool (capped, so that many processes share the server's connections) */
  pool: pg.Pool;
  /** single statements on `pool` */
  sql: Sql;
  /** a Prisma client on the worker's database, made on first use */
  db(): Db;
  /** the channels, the app's address and the link secret (AUTH_SECRET; unset = no signed links) */
  dispatch: DispatchDeps;
  /** MESSAGE_RETENTION_DAYS, when set */
  retentionDays: number | undefined;
  log: (line: string) => void;
  /** graphile-worker's helpers for the job in hand (its attempts, addJob) */
  helpers: JobHelpers;
}

/** Which of the worker's options turns a periodic job on (see WorkerOptions). */
export type ScheduleSwitch = "cron" | "learnEta" | "retentionDays";

export interface JobSchedule {
  /** crontab time fields, UTC */
  at: string;
  /** graphile-worker's `fill`: a worker starting this long after a missed run catches up once */
  fill?: string;
  when: ScheduleSwitch;
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: JobName;
  /** the payload, checked before the handler sees it: a bad one fails the job with the issues */
  payload: S;
  schedule?: JobSchedule;
  handler(payload: z.output<S>, context: JobContext): Promise<void>;
}

/** A job: its name (lib/jobs/names.ts), zod payload and handler; listed in lib/jobs/registry.ts. */
export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}

/** The payload of a job about one row: `{ id }`. */
export const ZIdPayload = z.object({ id: z.string().min(1) });

/**
 * A periodic job's payload: nothing but graphile-worker's own `_cron` note. Strict, so that
 * a payload meant for another job is refused instead of silently ignored.
 */
export const ZNoPayload = z.strictObject({ _cron: z.looseObject({}).optional() });
