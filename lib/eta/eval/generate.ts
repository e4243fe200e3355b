import type { AppLocale } from "../../../i18n/locale";
/**
 * The evaluation's generative model of payout histories (`npm run eta:eval`; docs/etas.md,
 * "Evaluation"). It is the truth the product's ETAs are measured against, so it shares
 * nothing with the product's ETA model: its own calendars (./calendar.ts) and its own
 * parameters (./model.ts); only the banks' holiday dates are the product's published rules
 * (lib/eta/business-calendar.ts). Same seed and volume, same histories.
 *
 * A payout:
 * - arrives at a customer's local hour (HOUR_WEIGHTS) on a day whose weekday sets the
 *   volume (WEEKDAY_FACTORS); customers live in six zones (Berlin … Sydney), each with its
 *   mix of methods;
 * - REQUESTED: automated intake, lognormal minutes, around the clock;
 * - VERIFYING, UNDER_REVIEW, APPROVED: lognormal working hours of the operations team
 *   (Mon–Fri 08:00–18:00 Europe/Berlin), scaled per method; each may be skipped (decided
 *   automatically: no event, no time);
 * - PROCESSING waits for the rail's cut-off (SEPA 15:00 Berlin, SWIFT 14:00 London, ACH
 *   16:00 New York; later, or on a closed day, the next banking day's first cycle), then
 *   PROCESSING and SENT take lognormal hours of the rail's banking days (TARGET2 days in
 *   Berlin; London weekdays; Federal Reserve days in New York; the other rails around the
 *   clock), 2–3× longer when they start during one of the rail's incidents;
 * - off the happy path: ACTION_REQUIRED waiting on the customer (wall-clock hours to days,
 *   answered in their waking hours; some never answer and are canceled), ON_HOLD in the
 *   operations team's hours, a few cancellations, bank rejections and returns;
 * - some snapshots are never sent (the next event skips a stage the payout did pass).
 */

import type { ReasonCode, Stage } from "../../payouts/stages";
import { mulberry32, Rng } from "../../seed/random";
import {
  addDays,
  addWorkingHours,
  type LocalDay,
  localTime,
  nextWorkingInstant,
  type WorkCalendar,
  zonedInstant,
} from "./calendar";
import {
  AROUND_THE_CLOCK,
  CUSTOMER_ZONES,
  type CustomerZone,
  type DurationLaw,
  EVAL_METHODS,
  type EvalMethod,
  HOUR_WEIGHTS,
  INCIDENTS,
  INTAKE,
  METHODS,
  METHODS_FOR_ZONE,
  MISSING_EVENT,
  OPERATIONS,
  OUTCOMES,
  PAUSES,
  RAIL_CALENDARS,
  RAIL_CUTOFFS,
  REVIEW,
  WEEKDAY_FACTORS,
  ZONE_WEIGHTS,
} from "./model";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface EvalCustomer {
  externalId: string;
  name: string;
  email: string;
  locale: AppLocale;
  timeZone: CustomerZone;
}

export interface EvalEvent {
  at: Date;
  stage: Stage;
  reasonCode?: ReasonCode;
}

export type EvalOutcome = "COMPLETED" | "FAILED" | "RETURNED" | "CANCELED";

export interface EvalPayout {
  externalId: string;
  /** index into Scenario.customers */
  customer: number;
  method: EvalMethod;
  currency: string;
  amountMinor: bigint;
  destinationLabel: string;
  /** in time order, strictly increasing; the first is REQUESTED */
  events: EvalEvent[];
  outcome: EvalOutcome;
  /** waited on the customer or on a hold at some point */
  paused: boolean;
  /** a bank stage ran during an incident of its rail */
  incident: boolean;
}

export interface Incident {
  method: EvalMethod;
  from: Date;
  to: Date;
  factor: number;
}

export interface ScenarioOptions {
  seed: number;
  payoutsPerDay: number;
  /** the first replayed instant; training covers the `trainingDays` before it */
  replayStart: Date;
  trainingDays: number;
  replayDays: number;
}

export interface Scenario extends ScenarioOptions {
  trainingStart: Date;
  replayEnd: Date;
  customers: EvalCustomer[];
  /** created and finished before replayStart: the history the learner sees */
  training: EvalPayout[];
  /** created in [replayStart, replayEnd): replayed to their end, however long after replayEnd */
  replay: EvalPayout[];
  /** created before replayStart but still open then: left out (the learner would not see them either) */
  inFlightDropped: number;
  incidents: Incident[];
}

/** A standard normal draw (Box–Muller). */
export function normal(rng: Rng): number {
  const u = 1 - rng.next(); // (0, 1]
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function lognormal(rng: Rng, law: DurationLaw): number {
  return law.median * Math.exp(law.sigma * normal(rng));
}

/** A Poisson draw (Knuth; fine for the small means used here). */
export function poisson(rng: Rng, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

/**
 * When the rail takes a payout that reached PROCESSING at `at`: before the cut-off on a
 * banking day, at once (or at the day's first cycle); later, or on a closed day, at the
 * next banking day's first cycle. Rails without a cut-off take it at once.
 */
export function railTakes(method: EvalMethod, at: Date): Date {
  const cutoff = RAIL_CUTOFFS[method];
  if (!cutoff) {
    return at;
  }
  const calendar = RAIL_CALENDARS[method];
  const local = localTime(at.getTime(), cutoff.zone);
  if (calendar.isOpenDay(local) && local.minute < cutoff.minute) {
    return new Date(Math.max(at.getTime(), zonedInstant(local, cutoff.opens, cutoff.zone)));
  }
  let day: LocalDay = addDays(local, 1);
  while (!calendar.isOpenDay(day)) {
    day = addDays(day, 1);
  }
  return new Date(zonedInstant(day, cutoff.opens, cutoff.zone));
}

/** When a customer asked to act at `asked` does so: wall-clock hours later, within their waking hours. */
export function customerActs(rng: Rng, asked: Date, zone: string): Date {
  const hours = Math.min(240, Math.max(0.25, lognormal(rng, PAUSES.customerResponse)));
  const at = new Date(asked.getTime() + hours * HOUR);
  const local = localTime(at.getTime(), zone);
  if (local.minute >= PAUSES.wakingFrom && local.minute < PAUSES.wakingTo) {
    return at;
  }
  const day = local.minute < PAUSES.wakingFrom ? local : addDays(local, 1);
  return new Date(zonedInstant(day, PAUSES.wakingFrom + rng.float(0, 120), zone));
}

function incidentFactor(incidents: Incident[], method: EvalMethod, at: Date): number {
  const t = at.getTime();
  const hit = incidents.find((i) => i.method === method && i.from.getTime() <= t && t < i.to.getTime());
  return hit?.factor ?? 1;
}

type ReviewStage = "VERIFYING" | "UNDER_REVIEW" | "APPROVED";
const REVIEW_STAGES: ReviewStage[] = ["VERIFYING", "UNDER_REVIEW", "APPROVED"];

/** One payout's true history, from its arrival to its end. */
export function walkPayout(
  rng: Rng,
  method: EvalMethod,
  created: Date,
  customerZone: string,
  incidents: Incident[],
): Pick<EvalPayout, "events" | "outcome" | "paused" | "incident"> {
  const model = METHODS[method];
  const events: EvalEvent[] = [{ at: created, stage: "REQUESTED" }];
  const emit = (stage: Stage, at: Date, reasonCode?: ReasonCode) => events.push({ at, stage, reasonCode });
  const emitUnlessMissing = (stage: Stage, at: Date) => {
    if (!rng.chance(MISSING_EVENT)) {
      emit(stage, at);
    }
  };
  const finish = (outcome: EvalOutcome) => ({
    events: strictlyIncreasing(events),
    outcome,
    paused,
    incident,
  });
  let paused = false;
  let incident = false;

  let t = addWorkingHours(AROUND_THE_CLOCK, created, lognormal(rng, INTAKE));
  const actionAt: ReviewStage | null = rng.chance(PAUSES.actionRequired)
    ? rng.chance(2 / 3)
      ? "VERIFYING"
      : "UNDER_REVIEW"
    : null;
  const holdAt: ReviewStage | null = rng.chance(PAUSES.onHold) ? "UNDER_REVIEW" : null;

  for (const stage of REVIEW_STAGES) {
    const pausesHere = actionAt === stage || holdAt === stage;
    if (!pausesHere && rng.chance(model.skip[stage])) {
      continue;
    }
    emitUnlessMissing(stage, t);
    const law = REVIEW[stage];
    const work = lognormal(rng, { median: law.median * model.reviewFactor, sigma: law.sigma });
    if (pausesHere) {
      paused = true;
      const share = rng.float(0.1, 0.9);
      const pausedAt = addWorkingHours(OPERATIONS, t, work * share);
      let resumed: Date;
      if (actionAt === stage) {
        emit("ACTION_REQUIRED", pausedAt, "VERIFICATION_INCOMPLETE");
        if (rng.chance(PAUSES.abandoned)) {
          emit("CANCELED", new Date(pausedAt.getTime() + 5 * DAY));
          return finish("CANCELED");
        }
        resumed = customerActs(rng, pausedAt, customerZone);
      } else {
        emit("ON_HOLD", pausedAt, "COMPLIANCE_REVIEW");
        resumed = addWorkingHours(OPERATIONS, pausedAt, lognormal(rng, PAUSES.hold));
      }
      emit(stage, resumed);
      t = addWorkingHours(OPERATIONS, resumed, work * (1 - share));
    } else {
      t = addWorkingHours(OPERATIONS, t, work);
    }
    if (rng.chance(OUTCOMES.canceled / REVIEW_STAGES.length)) {
      emit("CANCELED", t);
      return finish("CANCELED");
    }
  }

  const rail: WorkCalendar = RAIL_CALENDARS[method];
  emitUnlessMissing("PROCESSING", t);
  const taken = railTakes(method, t);
  const processingFactor = incidentFactor(incidents, method, taken);
  t = addWorkingHours(rail, taken, lognormal(rng, model.processing) * processingFactor);
  if (rng.chance(OUTCOMES.failed)) {
    emit("FAILED", t, "BANK_REJECTED");
    return finish("FAILED");
  }
  emitUnlessMissing("SENT", t);
  const sentFactor = incidentFactor(incidents, method, t);
  incident = processingFactor > 1 || sentFactor > 1;
  t = addWorkingHours(rail, t, lognormal(rng, model.sent) * sentFactor);
  if (rng.chance(OUTCOMES.returned)) {
    // A SENT event must exist before RETURNED (only a SENT payout can come back).
    if (events.at(-1)?.stage !== "SENT") {
      emit("SENT", new Date(t.getTime() - 1000));
    }
    emit("RETURNED", addWorkingHours(rail, nextWorkingInstant(rail, t), rng.float(24, 72)), "INVALID_ACCOUNT");
    return finish("RETURNED");
  }
  emit("COMPLETED", t);
  return finish("COMPLETED");
}

/** Events of one payout at least a second apart, in order (a draw of ~0 hours can tie). */
function strictlyIncreasing(events: EvalEvent[]): EvalEvent[] {
  let last = Number.NEGATIVE_INFINITY;
  return events.map((event) => {
    const at = Math.max(event.at.getTime(), last + 1000);
    last = at;
    return { ...event, at: new Date(at) };
  });
}

function weighted<K extends string>(rng: Rng, weights: Partial<Record<K, number>>): K {
  return rng.weighted(weights);
}

/** The training and replay histories for a seed and a volume. */
export function generateScenario(options: ScenarioOptions): Scenario {
  const rng = new Rng(mulberry32(options.seed));
  const trainingStart = new Date(options.replayStart.getTime() - options.trainingDays * DAY);
  const replayEnd = new Date(options.replayStart.getTime() + options.replayDays * DAY);
  const totalDays = options.trainingDays + options.replayDays;

  const incidents: Incident[] = [];
  for (const method of EVAL_METHODS) {
    const count = poisson(rng, totalDays / INCIDENTS.everyDays);
    for (let i = 0; i < count; i++) {
      const from = trainingStart.getTime() + rng.float(0, totalDays) * DAY;
      incidents.push({
        method,
        from: new Date(from),
        to: new Date(from + rng.float(INCIDENTS.minHours, INCIDENTS.maxHours) * HOUR),
        factor: rng.float(INCIDENTS.minFactor, INCIDENTS.maxFactor),
      });
    }
  }

  const customerCount = Math.max(12, Math.round(options.payoutsPerDay * 8));
  const customers: EvalCustomer[] = [];
  for (let i = 0; i < customerCount; i++) {
    const timeZone = weighted(rng, ZONE_WEIGHTS);
    customers.push({
      externalId: `cus_eval_${options.seed}_${i}`,
      name: `Eval Customer ${i}`,
      email: `eval.${options.seed}.${i}@example.com`,
      locale: timeZone === "Europe/Berlin" ? "de" : "en",
      timeZone,
    });
  }
  const byZone = new Map<CustomerZone, number[]>(CUSTOMER_ZONES.map((zone) => [zone, []]));
  customers.forEach((c, i) => {
    byZone.get(c.timeZone)?.push(i);
  });
  const zonesInUse = CUSTOMER_ZONES.filter((zone) => (byZone.get(zone) ?? []).length > 0);
  const zoneWeights = Object.fromEntries(zonesInUse.map((zone) => [zone, ZONE_WEIGHTS[zone]])) as Partial<
    Record<CustomerZone, number>
  >;
  const hourWeights = Object.fromEntries(HOUR_WEIGHTS.map((w, h) => [String(h), w])) as Record<string, number>;

  const arrivals: { at: Date; customer: number }[] = [];
  for (let d = 0; d < totalDays; d++) {
    const utcDay = new Date(trainingStart.getTime() + d * DAY);
    const day: LocalDay = { year: utcDay.getUTCFullYear(), month: utcDay.getUTCMonth() + 1, day: utcDay.getUTCDate() };
    const count = poisson(rng, options.payoutsPerDay * (WEEKDAY_FACTORS[utcDay.getUTCDay()] ?? 1));
    for (let i = 0; i < count; i++) {
      const zone = weighted(rng, zoneWeights);
      const customer = rng.pick(byZone.get(zone) ?? []);
      const minute = Number(weighted(rng, hourWeights)) * 60 + rng.float(0, 60);
      arrivals.push({ at: new Date(zonedInstant(day, minute, zone)), customer });
    }
  }
  arrivals.sort((a, b) => a.at.getTime() - b.at.getTime());

  const training: EvalPayout[] = [];
  const replay: EvalPayout[] = [];
  let inFlightDropped = 0;
  for (const [index, arrival] of arrivals.entries()) {
    if (arrival.at < trainingStart || arrival.at >= replayEnd) {
      continue;
    }
    const customer = customers[arrival.customer];
    if (!customer) {
      continue;
    }
    const method = weighted(rng, METHODS_FOR_ZONE[customer.timeZone]);
    const model = METHODS[method];
    const walked = walkPayout(rng, method, arrival.at, customer.timeZone, incidents);
    const payout: EvalPayout = {
      externalId: `po_eval_${options.seed}_${index}`,
      customer: arrival.customer,
      method,
      currency: model.currency,
      amountMinor: BigInt(Math.max(100, Math.round(lognormal(rng, { median: 500, sigma: 1 })) * 100)),
      destinationLabel: model.destination,
      ...walked,
    };
    if (arrival.at >= options.replayStart) {
      replay.push(payout);
    } else if ((payout.events.at(-1)?.at ?? arrival.at) < options.replayStart) {
      training.push(payout);
    } else {
      inFlightDropped++;
    }
  }
  return { ...options, trainingStart, replayEnd, customers, training, replay, inFlightDropped, incidents };
}
