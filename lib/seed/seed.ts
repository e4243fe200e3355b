import type { Db, Tx } from "../db/client";
import { PAYOUT_METHODS, type PayoutMethod } from "../eta/estimate";
import { STAGES, type Stage } from "../payouts/stages";
import { seedActivity } from "./activity";
import { DEMO_CUSTOMERS, DEMO_PAYOUTS, DEMO_STAFF } from "./demo";
import { planHistory } from "./history";
import { planPayoutDetails } from "./payout-details";
import { type PlannedCustomer, planCustomer } from "./people";
import { mulberry32, type RandomSource, Rng, randomId } from "./random";
import { pickTarget } from "./targets";
import { type PayoutToWrite, writePayouts } from "./write";

export interface SeedOptions {
  /** 1 = 200 generated payouts; N = 200 × N. Fractions are allowed (tests). */
  scale?: number;
  /** the present the history leads up to */
  now?: Date;
  /** overrides the seeded PRNG */
  random?: RandomSource;
  /** AUTH_SECRET: signs the links of the seeded surveys (lib/seed/activity.ts), so that they can be answered */
  linkSecret?: string;
}

export interface SeedResult {
  /** customers created by this run */
  customers: number;
  /** payouts created by this run */
  payouts: number;
}

const PAYOUTS_PER_SCALE = 200;
/** Payouts written per transaction: a crash never leaves a payout without its history. */
const CHUNK = 1_000;
const DAY = 86_400_000;
/** Base of the default PRNG seed; the existing payout count is added so that reruns differ. */
const PRNG_SEED = 0x5eed_2026;
const DEMO_PRNG_SEED = 0xda4a;

type Runner = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

/**
 * Adds demo data (never deletes): the demo customers and staff (upserted), the
 * demo customers' payouts (only if they have none yet), and 200 × scale
 * generated payouts for ~50 × scale new customers, each with a full history.
 * On an empty database the data is the same on every run, apart from ids.
 */
export async function seed(db: Db, options: SeedOptions = {}): Promise<SeedResult> {
  return seedWith((work) => db.$transaction(work, { timeout: 120_000, maxWait: 30_000 }), options);
}

/** Seeds scale 1 if there are no payouts yet; true if it did. Safe to call from several processes at once. */
export async function seedIfEmpty(db: Db, options: Omit<SeedOptions, "scale"> = {}): Promise<boolean> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`select pg_advisory_xact_lock(hashtextextended('payout-tracker:seed', 0))`;
      if (await tx.payout.findFirst({ select: { id: true } })) {
        return false;
      }
      await seedWith((work) => work(tx), { ...options, scale: 1 });
      return true;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

async function seedWith(run: Runner, options: SeedOptions): Promise<SeedResult> {
  const scale = options.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new Error(`seed: scale must be a positive number, not ${scale}`);
  }
  const now = options.now ?? new Date();
  const { existingPayouts, existingCustomers } = await run(async (tx) => ({
    existingPayouts: await tx.payout.count(),
    existingCustomers: await tx.customer.count(),
  }));
  const rng = new Rng(options.random ?? mulberry32(PRNG_SEED + existingPayouts));
  const demoRng = options.random ? rng : new Rng(mulberry32(DEMO_PRNG_SEED));
  const references = new Set<string>();

  const demo = await run((tx) => seedDemo(tx, demoRng, now, references));
  const result = { customers: demo.customers, payouts: demo.payouts };

  const total = Math.round(PAYOUTS_PER_SCALE * scale);
  let serial = existingCustomers + demo.customers;
  let index = 0;
  while (index < total) {
    const chunk: { customer: PlannedCustomer; payouts: Omit<PayoutToWrite, "customerId">[] }[] = [];
    const chunkEnd = Math.min(total, index + CHUNK);
    while (index < chunkEnd) {
      serial += 1;
      const customer = planCustomer(rng, serial);
      const count = Math.min(rng.int(1, 7), chunkEnd - index);
      const payouts = [];
      for (let k = 0; k < count; k++) {
        payouts.push(planGenerated(rng, customer, index, now));
        index += 1;
      }
      chunk.push({ customer, payouts });
    }
    await run(async (tx) => {
      const rows = chunk.map(({ customer, payouts }) => ({
        externalId: `cus_${randomId()}`,
        customer,
        // A customer signed up a while before their first payout.
        createdAt: new Date(Math.min(...payouts.map((p) => p.history.createdAt.getTime())) - rng.float(1, 120) * DAY),
        payouts,
      }));
      const created = await tx.customer.createManyAndReturn({
        data: rows.map(({ externalId, customer, createdAt }) => ({
          externalId,
          name: customer.name,
          email: customer.email,
          phone: customer.phone,
          locale: customer.locale,
          timeZone: customer.timeZone,
          createdAt,
        })),
        select: { id: true, externalId: true },
      });
      const idOf = new Map(created.map((row) => [row.externalId, row.id]));
      const payouts = rows.flatMap((row) => {
        const customerId = idOf.get(row.externalId);
        if (!customerId) {
          throw new Error(`customer ${row.externalId} was not created`);
        }
        return row.payouts.map((payout) => ({ ...payout, customerId }));
      });
      await writePayouts(tx, payouts, references);
      result.customers += created.length;
      result.payouts += payouts.length;
    });
  }
  // Questions, surveys, messages and staff history around these payouts (and the earlier payouts they need).
  const activity = await seedActivity(run, { now, rng, references, linkSecret: options.linkSecret });
  result.customers += activity.earlierCustomers;
  result.payouts += activity.earlierPayouts;
  return result;
}

/**
 * The first generated payouts take each stage and each method in turn, and one
 * is delayed, so that even a small seed shows every case.
 */
function planGenerated(rng: Rng, customer: PlannedCustomer, index: number, now: Date) {
  const forcedStage: Stage | undefined = index < STAGES.length ? STAGES[index] : undefined;
  const forcedDelay = index === STAGES.length;
  const forcedMethod: PayoutMethod | undefined = PAYOUT_METHODS[index];
  const target = forcedDelay ? pickTarget(rng, "PROCESSING", true) : pickTarget(rng, forcedStage);
  const details = planPayoutDetails(rng, customer, forcedMethod);
  return {
    ...details,
    history: planHistory({ method: details.method, target, now, rng, timeZone: customer.timeZone }),
  };
}

async function seedDemo(tx: Tx, rng: Rng, now: Date, references: Set<string>): Promise<SeedResult> {
  for (const staff of DEMO_STAFF) {
    await tx.staffUser.upsert({
      where: { email: staff.email },
      create: staff,
      update: { name: staff.name, role: staff.role },
    });
  }
  const result = { customers: 0, payouts: 0 };
  for (const demo of DEMO_CUSTOMERS) {
    const existing = await tx.customer.findUnique({
      where: { externalId: demo.externalId },
      select: { id: true, _count: { select: { payouts: true } } },
    });
    const { externalId, ...fields } = demo;
    const customer = await tx.customer.upsert({
      where: { externalId },
      create: { ...demo, createdAt: new Date(now.getTime() - 90 * DAY) },
      update: fields,
      select: { id: true },
    });
    if (!existing) {
      result.customers += 1;
    }
    if (existing && existing._count.payouts > 0) {
      continue;
    }
    const payouts = DEMO_PAYOUTS[externalId].map(({ target, stageEnteredAt, ...details }) => ({
      ...details,
      customerId: customer.id,
      history: planHistory({
        method: details.method,
        target,
        now,
        rng,
        stageEnteredAt: stageEnteredAt?.(now),
        timeZone: demo.timeZone,
      }),
    }));
    await writePayouts(tx, payouts, references);
    result.payouts += payouts.length;
  }
  return result;
}
