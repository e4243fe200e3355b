import { type Cache, sharedCache } from "../cache/cache";
import type { Sql } from "../db/sql";
import {
  DEFAULT_OPS_HOURS,
  defaultEtaModel,
  defaultQuantiles,
  type EtaModel,
  type PayoutMethod,
  resolveDurations,
} from "./durations";

/** Reads stage durations and the ETA settings from PostgreSQL. */
async function readEtaModel(sql: Sql): Promise<EtaModel> {
  const [rows, settings] = await Promise.all([
    sql.rows<{
      method: PayoutMethod;
      stage: string;
      configured_hours: number | null;
      learned_p50_hours: number | null;
      learned_p90_hours: number | null;
      samples: number;
    }>(
      "select method::text as method, stage::text as stage, configured_hours, learned_p50_hours, learned_p90_hours, samples from eta_stage_durations",
    ),
    sql.rows<{
      ops_time_zone: string;
      ops_days: number[];
      ops_start_minute: number;
      ops_end_minute: number;
      quantiles: Record<string, unknown>;
    }>("select ops_time_zone, ops_days, ops_start_minute, ops_end_minute, quantiles from eta_settings where id = 1"),
  ]);
  const num = (v: number | null) => (v === null ? null : Number(v));
  const durations = resolveDurations(
    rows.map((r) => ({
      method: r.method,
      stage: r.stage,
      configuredHours: num(r.configured_hours),
      learnedP50Hours: num(r.learned_p50_hours),
      learnedP90Hours: num(r.learned_p90_hours),
      samples: Number(r.samples),
    })),
  );
  const s = settings[0];
  return {
    durations,
    ops: s
      ? { zone: s.ops_time_zone, days: s.ops_days, startMinute: s.ops_start_minute, endMinute: s.ops_end_minute }
      : DEFAULT_OPS_HOURS,
    quantiles: defaultQuantiles(s?.quantiles ?? {}),
  };
}

export type EtaModelCache = Cache<Sql, EtaModel>;

/**
 * This process's ETA model: the defaults until it is loaded, then at most a minute old. The
 * planners (lib/eta/estimate.ts, lib/payouts/apply-rules.ts) never read it: their callers pass
 * the model in.
 */
const ETA_MODEL: EtaModelCache = sharedCache("eta-model", {
  ttlMs: 60_000,
  load: readEtaModel,
  initial: defaultEtaModel,
});

/** The model this process uses now, loaded or not (see ETA_MODEL). */
export function currentEtaModel(cache: EtaModelCache = ETA_MODEL): EtaModel {
  return cache.peek();
}

/** Reads the model now (after an admin's or the learner's change), for this process. */
export function loadEtaModel(sql: Sql, cache: EtaModelCache = ETA_MODEL): Promise<EtaModel> {
  return cache.load(sql);
}

/**
 * The model, at most a minute old: a no-op within the minute, two small queries after it.
 * Every process that computes ETAs calls it and passes what it returns to the planner.
 */
export function refreshEtaModel(sql: Sql, cache: EtaModelCache = ETA_MODEL): Promise<EtaModel> {
  return cache.get(sql);
}
