import path from "node:path";
import { z } from "zod";
import { processEnvironment } from "../env";

/**
 * The settings of the scripts in scripts/ (`npm start`, `npm run start:web`, `npm run db`,
 * `npm run seed`, `npm run bench`), each a small schema read once at the script's start.
 * The app's own configuration is lib/env.ts; a script hands what the app needs to the
 * processes it starts (`next start`) and to the code it runs in its own process
 * (setDatabaseUrl in lib/db/client.ts, the worker's options) as values. Empty variables
 * count as unset, as in lib/env.ts.
 */

const port = z.coerce.number().int().min(1).max(65535);
const flag = z.enum(["0", "1"]);
const text = z.string().min(1);
/** how long `next start` may take to answer the requests in flight after SIGTERM */
const shutdownTimeoutSeconds = z.coerce.number().min(1).max(600).default(25);

/** `npm start` (scripts/start.ts): no DATABASE_URL = the embedded PostgreSQL. */
export const startSettings = z.object({
  PORT: port.default(3000),
  DATABASE_URL: text.optional(),
  NODE_ENV: z.string().optional(),
  DEMO_MODE: flag.optional(),
  START_WORKER: flag.default("1"),
  SHUTDOWN_TIMEOUT_SECONDS: shutdownTimeoutSeconds,
  AUTH_SECRET: text.optional(),
  INGEST_SIGNING_SECRET: text.optional(),
});

/** `npm run start:web` (scripts/start-web.ts): one `next start` on a shared database. */
export const webSettings = z.object({
  PORT: port.default(3000),
  DATABASE_URL: z.string({ error: "must be set: the database every web and worker process shares" }).min(1),
  NODE_ENV: z.string().optional(),
  DEMO_MODE: flag.optional(),
  MIGRATE_ON_START: flag.default("1"),
  SHUTDOWN_TIMEOUT_SECONDS: shutdownTimeoutSeconds,
  AUTH_SECRET: text.optional(),
  INGEST_SIGNING_SECRET: text.optional(),
});

/** `npm run db` (scripts/db.ts): the embedded PostgreSQL on its own. */
export const dbSettings = z.object({
  DB_PORT: port.default(54329),
  DB_DATA_DIR: text.default(path.join(".data", "pg")),
  AUTH_SECRET: text.optional(),
});

/** `npm run seed` (scripts/seed.ts): no DATABASE_URL = the embedded PostgreSQL in ./.data/pg. */
export const seedSettings = z.object({
  DATABASE_URL: text.optional(),
  AUTH_SECRET: text.optional(),
});

/** `npm run worker` (scripts/worker.ts): a standalone worker on a shared database. */
export const workerSettings = z.object({
  DATABASE_URL: z
    .string({ error: "must be set: point it at the app's database (npm start runs a worker of its own)" })
    .min(1),
  NODE_ENV: z.string().optional(),
  AUTH_SECRET: text.optional(),
});

/** `npm run migrate` (scripts/migrate.ts) and the log check (scripts/check-logs.ts). */
export const databaseSettings = z.object({
  DATABASE_URL: z.string({ error: "must be set: the database to use" }).min(1),
});

/** `npm run bench` (scripts/bench.ts). */
export const benchSettings = z.object({
  /** concurrent connections of the page load test */
  BENCH_CONNECTIONS: z.coerce.number().int().min(1).default(50),
  /** seconds per page load test */
  BENCH_SECONDS: z.coerce.number().min(1).default(20),
  /** seconds per ingest load test */
  BENCH_INGEST_SECONDS: z.coerce.number().min(1).default(15),
  /** one part only; unset = all */
  BENCH_ONLY: z.enum(["pages", "ingest", "pipeline"]).optional(),
  BENCH_PIPELINE_EVENTS: z.coerce.number().int().min(1).default(5_000),
  BENCH_WORKER_CONCURRENCY: z.coerce.number().int().min(1).default(40),
  BENCH_WORKERS: z.coerce.number().int().min(1).default(1),
  /** events per second offered in the paced pipeline run */
  BENCH_PIPELINE_RATE: z.coerce.number().min(1).default(300),
});

export type ScriptSettings<S extends z.ZodType> =
  | { ok: true; settings: z.infer<S> }
  | { ok: false; problems: string[] };

/** A script's settings from `source` (the process's environment): validated, or each problem as "NAME: message". */
export function readScriptSettings<S extends z.ZodType>(
  schema: S,
  source: Readonly<Record<string, string | undefined>> = processEnvironment(),
): ScriptSettings<S> {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = schema.safeParse(present);
  if (parsed.success) {
    return { ok: true, settings: parsed.data };
  }
  return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) };
}
