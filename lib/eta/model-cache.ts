import {
  DEFAULT_OPS_HOURS,
  type DurationTable,
  defaultEtaModel,
  defaultQuantiles,
  type EtaModel,
  type PayoutMethod,
  resolveDurations,
} from "./durations";

/** Anything that can run a query: a pg pool or transaction (lib/db/sql.ts). */
interface RowSource {
  rows<T>(text: string, values?: unknown[]): Promise<T[]>;
}

const REFRESH_MS = 60_000;
const state = globalThis as unknown as { __payoutTrackerEtaModel?: { model: EtaModel; at: number } };

/** The model this process uses: the defaults until it is loaded from the database. */
export function currentEtaModel(): EtaModel {
  state.__payoutTrackerEtaModel ??= { model: defaultEtaModel(), at: 0 };
  return state.__payoutTrackerEtaModel.model;
}

/** The stage durations in use (see currentEtaModel). */
export function currentDurations(): DurationTable {
  return currentEtaModel().durations;
}

/** Reads stage durations and the ETA settings from PostgreSQL into this process's model. */
export async function loadEtaModel(sql: RowSource): Promise<EtaModel> {
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
  const model: EtaModel = {
    durations,
    ops: s
      ? { zone: s.ops_time_zone, days: s.ops_days, startMinute: s.ops_start_minute, endMinute: s.ops_end_minute }
      : DEFAULT_OPS_HOURS,
    quantiles: defaultQuantiles(s?.quantiles ?? {}),
  };
  state.__payoutTrackerEtaModel = { model, at: Date.now() };
  return model;
}

/**
 * Keeps this process's model at most a minute old: a no-op within the minute, two small
 * queries after it. Every process that computes ETAs calls it before estimating.
 */
export async function refreshEtaModel(sql: RowSource): Promise<EtaModel> {
  const at = state.__payoutTrackerEtaModel?.at ?? 0;
  if (Date.now() - at < REFRESH_MS) {
    return currentEtaModel();
  }
  return loadEtaModel(sql);
}

/** Tests and tools: use exactly this model (refreshEtaModel reloads it after a minute). */
export function setEtaModel(model: EtaModel): void {
  state.__payoutTrackerEtaModel = { model, at: Date.now() };
}
