import type pg from "pg";
import type { Db } from "../../db/client";
import { poolSql } from "../../db/sql";
import { type ApplyEventInput, applyEvent } from "../../payouts/apply-event";
import { learnDurations } from "../learn";
import { sweepDelays } from "../sweeper";
import type { EvalCustomer, EvalPayout, Scenario } from "./generate";
import {
  maxPerLocalDay,
  type PayoutRecord,
  promiseDeadline,
  type ShownEta,
  type Summary,
  sameShownEta,
  summarize,
} from "./metrics";
import { RAIL_CALENDARS } from "./model";

// Trains the product on a generated history and replays held-out days through its real entry
// points (applyEvent, learnDurations, sweepDelays) on a controlled clock, recording what each
// customer was shown. The generated world is ./generate.ts; what is judged is ./metrics.ts.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TERMINAL = new Set(["COMPLETED", "FAILED", "RETURNED", "CANCELED"]);
const PAUSED = new Set(["ACTION_REQUIRED", "ON_HOLD"]);
/** A promise this far past, still shown after the sweeper had its minute, counts as "past". */
export const PAST_TOLERANCE_MS = MINUTE;

export interface EvalRunOptions {
  /** a migrated database: the product's pg pool */
  pool: pg.Pool;
  /** the same database through Prisma (customers are created with it) */
  db: Db;
  scenario: Scenario;
  log?: (line: string) => void;
  /** payouts back-filled at once in training (each payout's own events stay in order) */
  trainingConcurrency?: number;
}

export interface PhaseStats {
  payouts: number;
  events: number;
  /** events applyEvent did not apply: code → count (a healthy run has none) */
  refused: Record<string, number>;
  seconds: number;
}

export interface EvalResult {
  summary: Summary;
  records: PayoutRecord[];
  training: PhaseStats & { learned: unknown };
  replay: PhaseStats & { sweeps: number; delayed: number; learnerRuns: number; etaMessagesMeasured: boolean };
  /** the first few refusal messages, for the log */
  refusalSamples: string[];
}

interface Tracked {
  payout: EvalPayout;
  customer: EvalCustomer;
  id: string | null;
  record: PayoutRecord;
  observedFirst: boolean;
  /** the last ETA shown that was not null */
  lastShown: ShownEta | null;
  /** the ETA shown now (null while paused or ended) */
  current: ShownEta | null;
  paused: boolean;
}

/** The ETA a payout row shows (read as JSON so that added columns never break this). */
export function shownEtaOfRow(row: Record<string, unknown>, clock: Date): ShownEta | null {
  const etaAt = row.eta_at;
  if (typeof etaAt !== "string") {
    return null;
  }
  const precision = typeof row.eta_precision === "string" ? row.eta_precision : "TIME";
  return { at: new Date(etaAt), precision, shownAt: clock };
}

export async function runEvaluation(options: EvalRunOptions): Promise<EvalResult> {
  const { pool, db, scenario } = options;
  const log = options.log ?? (() => {});
  const sql = poolSql(pool);
  const refusalSamples: string[] = [];
  const refuse = (stats: PhaseStats, code: string, message: string) => {
    stats.refused[code] = (stats.refused[code] ?? 0) + 1;
    if (refusalSamples.length < 5) {
      refusalSamples.push(`${code}: ${message}`);
    }
  };

  await db.customer.createMany({
    data: scenario.customers.map((c) => ({
      externalId: c.externalId,
      name: c.name,
      email: c.email,
      locale: c.locale,
      timeZone: c.timeZone,
    })),
  });
  const customerIds = new Map(
    (
      await db.customer.findMany({
        where: { externalId: { in: scenario.customers.map((c) => c.externalId) } },
        select: { id: true, externalId: true },
      })
    ).map((c) => [c.externalId, c.id]),
  );
  const inputFor = (payout: EvalPayout, index: number, source: ApplyEventInput["source"]): ApplyEventInput => {
    const event = payout.events[index];
    const customer = scenario.customers[payout.customer];
    const customerId = customer ? customerIds.get(customer.externalId) : undefined;
    if (!event || !customer || !customerId) {
      throw new Error(`eval: payout ${payout.externalId} has no event ${index} or no customer`);
    }
    return {
      eventId: `${payout.externalId}_${index}`,
      occurredAt: event.at,
      source,
      // Every event carries the whole payout, as the ingest API's snapshots do.
      payout: {
        externalId: payout.externalId,
        create: {
          customerId,
          amountMinor: payout.amountMinor,
          currency: payout.currency,
          method: payout.method,
          destinationLabel: payout.destinationLabel,
          // As the ingest API passes the zone its events bring (lib/ingest/apply-batch.ts).
          customerTimeZone: customer.timeZone,
        },
      },
      stage: event.stage,
      ...(event.reasonCode ? { reasonCode: event.reasonCode } : {}),
    };
  };

  // Training: the history, back-filled (recorded, never notified), then learned from.
  const trainingStarted = Date.now();
  const training: PhaseStats & { learned: unknown } = {
    payouts: scenario.training.length,
    events: 0,
    refused: {},
    seconds: 0,
    learned: null,
  };
  const backfillNow = () => scenario.replayStart;
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < scenario.training.length; i = next++) {
      const payout = scenario.training[i];
      if (!payout) {
        continue;
      }
      for (let e = 0; e < payout.events.length; e++) {
        const result = await applyEvent(inputFor(payout, e, { kind: "BACKFILL" }), { pool, now: backfillNow });
        training.events++;
        if (!result.ok) {
          refuse(training, result.code, `${payout.externalId}#${e}: ${result.message}`);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: options.trainingConcurrency ?? 4 }, lane));
  training.learned = await learnDurations(sql, scenario.replayStart);
  training.seconds = (Date.now() - trainingStarted) / 1000;
  log(
    `training: ${training.payouts} payouts, ${training.events} events back-filled, learned ${JSON.stringify(training.learned)} in ${training.seconds.toFixed(1)} s`,
  );

  // Replay: the held-out days in time order, on a controlled clock.
  const replayStarted = Date.now();
  const replay: EvalResult["replay"] = {
    payouts: scenario.replay.length,
    events: 0,
    refused: {},
    seconds: 0,
    sweeps: 0,
    delayed: 0,
    learnerRuns: 0,
    etaMessagesMeasured: false,
  };
  const tracked: Tracked[] = scenario.replay.map((payout) => {
    const customer = scenario.customers[payout.customer];
    if (!customer) {
      throw new Error(`eval: payout ${payout.externalId} has no customer`);
    }
    return {
      payout,
      customer,
      id: null,
      observedFirst: false,
      lastShown: null,
      current: null,
      paused: false,
      record: {
        method: payout.method,
        timeZone: customer.timeZone,
        outcome: "OPEN",
        completedAt: null,
        paused: payout.paused,
        first: null,
        revisions: [],
        pastSeen: false,
        brokenPromises: 0,
        etaMessagesMaxPerDay: 0,
      },
    };
  });
  const byId = new Map<string, Tracked>();
  const open = new Set<Tracked>();
  const queue = tracked
    .flatMap((t) => t.payout.events.map((event, index) => ({ t, index, at: event.at.getTime() })))
    .sort((a, b) => a.at - b.at);

  const observe = (t: Tracked, row: Record<string, unknown>, clock: Date) => {
    const shown = shownEtaOfRow(row, clock);
    const stage = String(row.stage);
    // A promise that stops being shown (revised, hidden by a pause, or the payout ended) after its deadline was broken.
    if (
      t.current &&
      !sameShownEta(shown, t.current) &&
      clock.getTime() > promiseDeadline(t.current, t.record.timeZone).getTime()
    ) {
      t.record.brokenPromises++;
    }
    if (!t.observedFirst) {
      t.observedFirst = true;
      t.record.first = shown;
    } else if (shown && t.lastShown && !sameShownEta(shown, t.lastShown)) {
      t.record.revisions.push(shown);
    }
    if (shown) {
      t.lastShown = shown;
    }
    t.current = shown;
    t.paused = PAUSED.has(stage);
    if (TERMINAL.has(stage)) {
      open.delete(t);
    } else {
      open.add(t);
    }
  };
  const readRows = async (ids: string[], clock: Date) => {
    if (ids.length === 0) {
      return;
    }
    const rows = await sql.rows<{ row: Record<string, unknown> }>(
      "select to_jsonb(p) as row from payouts p where p.id = any($1::text[])",
      [ids],
    );
    for (const { row } of rows) {
      const t = byId.get(String(row.id));
      if (t) {
        observe(t, row, clock);
      }
    }
  };
  /** The next minute at which something can be due: just after an ETA (and once more a minute later), or the next hour. */
  const nextSweepAt = (clock: number): number => {
    if (open.size === 0) {
      return Number.POSITIVE_INFINITY;
    }
    let best = Math.floor(clock / HOUR) * HOUR + HOUR;
    for (const t of open) {
      if (t.paused || !t.current) {
        continue;
      }
      for (const due of [t.current.at.getTime(), promiseDeadline(t.current, t.record.timeZone).getTime()]) {
        const minute = Math.floor(due / MINUTE) * MINUTE + MINUTE;
        for (const candidate of [minute, minute + MINUTE]) {
          if (candidate > clock && candidate < best) {
            best = candidate;
          }
        }
      }
    }
    return best;
  };
  // The worker learns hourly; here once per replayed day (UTC), which is what moves the figures.
  let learnedDay = Math.floor(scenario.replayStart.getTime() / DAY);
  const maybeLearn = async (clock: Date) => {
    const day = Math.floor(clock.getTime() / DAY);
    if (day > learnedDay) {
      learnedDay = day;
      await learnDurations(sql, clock);
      replay.learnerRuns++;
    }
  };

  let clock = scenario.replayStart;
  let index = 0;
  while (index < queue.length) {
    const item = queue[index];
    if (!item) {
      break;
    }
    const sweepAt = nextSweepAt(clock.getTime());
    if (sweepAt <= item.at) {
      clock = new Date(sweepAt);
      await maybeLearn(clock);
      const result = await sweepDelays(pool, { now: clock });
      replay.sweeps++;
      replay.delayed += result.delayed;
      await readRows(
        [...open].map((t) => t.id).filter((id): id is string => id !== null),
        clock,
      );
      for (const t of open) {
        if (
          !t.paused &&
          t.current &&
          promiseDeadline(t.current, t.record.timeZone).getTime() < clock.getTime() - PAST_TOLERANCE_MS
        ) {
          t.record.pastSeen = true;
        }
      }
      continue;
    }
    index++;
    clock = new Date(item.at);
    await maybeLearn(clock);
    const { t } = item;
    const event = t.payout.events[item.index];
    const result = await applyEvent(inputFor(t.payout, item.index, { kind: "API" }), { pool, now: () => clock });
    replay.events++;
    if (!result.ok) {
      refuse(replay, result.code, `${t.payout.externalId}#${item.index}: ${result.message}`);
      continue;
    }
    if (t.id === null) {
      t.id = result.payoutId;
      byId.set(result.payoutId, t);
    }
    if (event && TERMINAL.has(event.stage)) {
      t.record.outcome = t.payout.outcome;
      t.record.completedAt = event.stage === "COMPLETED" ? event.at : null;
    }
    await readRows([result.payoutId], clock);
  }
  replay.etaMessagesMeasured = await countEtaMessages(pool, byId, log);
  replay.seconds = (Date.now() - replayStarted) / 1000;
  log(
    `replay: ${replay.payouts} payouts, ${replay.events} events, ${replay.sweeps} sweeps (${replay.delayed} flagged delayed), learner ${replay.learnerRuns}× in ${replay.seconds.toFixed(1)} s`,
  );

  const records = tracked.map((t) => t.record);
  return {
    summary: summarize(records, (method) => RAIL_CALENDARS[method]),
    records,
    training,
    replay,
    refusalSamples,
  };
}

/**
 * ETA and delay messages (not stage changes) per payout and local day: one message per event,
 * whatever the channels. Reads notifications loosely (to_jsonb) so a changed schema only
 * makes this figure unavailable, never the run fail.
 */
async function countEtaMessages(pool: pg.Pool, byId: Map<string, Tracked>, log: (line: string) => void) {
  try {
    const { rows } = await pool.query<{ payout_id: string; kind: string | null; occurred_at: Date }>(
      `select distinct on (n.event_row_id) n.payout_id, to_jsonb(n)->>'kind' as kind, e.occurred_at
         from notifications n join payout_events e on e.id = n.event_row_id
        order by n.event_row_id`,
    );
    const times = new Map<Tracked, Date[]>();
    for (const row of rows) {
      const t = byId.get(row.payout_id);
      if (t && row.kind && /ETA|DELAY/i.test(row.kind)) {
        times.set(t, [...(times.get(t) ?? []), new Date(row.occurred_at)]);
      }
    }
    for (const [t, list] of times) {
      t.record.etaMessagesMaxPerDay = maxPerLocalDay(list, t.record.timeZone);
    }
    return true;
  } catch (error) {
    log(`ETA messages per day not measured: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}
