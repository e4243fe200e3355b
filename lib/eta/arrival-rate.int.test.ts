import { randomUUID } from "node:crypto";
import { beforeEach, expect, it } from "vitest";
import { createCustomer } from "../../test/factories";
import { resetDatabase } from "../../test/reset-database";
import { getPgPool } from "../db/client";
import { poolSql } from "../db/sql";
import { type ApplyEventInput, applyEvent } from "../payouts/apply-event";
import { arrivalRate, arrivalTenths, cachedArrivalRate } from "./arrival-rate";
import type { PayoutMethod } from "./estimate";

beforeEach(resetDatabase);

const NOW = new Date("2026-11-27T12:00:00Z");
const at = (iso: string) => new Date(iso);
const options = { pool: getPgPool(), now: () => NOW };

async function send(input: Omit<ApplyEventInput, "eventId" | "source">): Promise<string> {
  const result = await applyEvent({ eventId: `evt_${randomUUID()}`, source: { kind: "API" }, ...input }, options);
  if (!result.ok) {
    throw new Error(result.message);
  }
  return result.payoutId;
}

/** A Berlin customer's payout, created at PROCESSING at `start` with the platform's ETA `eta`, completed at `done` (or still open). */
async function payout(customerId: string, method: PayoutMethod, start: Date, eta: Date | undefined, done: Date | null) {
  const id = await send({
    occurredAt: start,
    stage: "PROCESSING",
    eta,
    payout: {
      externalId: `po_${randomUUID()}`,
      create: {
        customerId,
        amountMinor: 1000n,
        currency: "EUR",
        method,
        destinationLabel: "DE•• 1",
        customerTimeZone: "Europe/Berlin",
      },
    },
  });
  if (done) {
    await send({ occurredAt: done, stage: "COMPLETED", payout: { id } });
  }
}

async function times(n: number, make: () => Promise<void>) {
  for (let i = 0; i < n; i += 10) {
    await Promise.all(Array.from({ length: Math.min(10, n - i) }, make));
  }
}

it("says how many in 10 of a method's payouts arrived by the first date shown, once 100 completed in 90 days back it", async () => {
  const customer = await createCustomer();
  // Created Monday 2 November 09:00 UTC with an ETA more than a day away: shown as the date
  // "by Tuesday 3 November", kept until the end of that day in Berlin.
  const start = at("2026-11-02T09:00:00Z");
  const eta = at("2026-11-03T15:00:00Z");
  const onTime = at("2026-11-03T22:30:00Z"); // 23:30 Berlin, still Tuesday
  const late = at("2026-11-03T23:30:00Z"); // 00:30 Berlin on Wednesday
  await times(93, () => payout(customer.id, "SEPA", start, eta, onTime));
  await times(6, () => payout(customer.id, "SEPA", start, eta, late));
  // Not counted: completed 90 days and an hour ago; still open; never shown an ETA (reported
  // once it had arrived); another method.
  await payout(customer.id, "SEPA", at("2026-08-28T09:00:00Z"), at("2026-08-29T09:00:00Z"), at("2026-08-29T11:00:00Z"));
  await payout(customer.id, "SEPA", at("2026-11-26T09:00:00Z"), at("2026-11-27T15:00:00Z"), null);
  await send({
    occurredAt: at("2026-11-20T10:00:00Z"),
    stage: "COMPLETED",
    payout: {
      externalId: `po_${randomUUID()}`,
      create: { customerId: customer.id, amountMinor: 1000n, currency: "EUR", method: "SEPA", destinationLabel: "X" },
    },
  });
  await payout(customer.id, "ACH", start, eta, onTime);

  const sql = poolSql(getPgPool());
  // 99 completed with an ETA shown: too few to claim anything.
  expect(await arrivalRate(sql, "SEPA", NOW)).toBeNull();

  await payout(customer.id, "SEPA", start, eta, late);
  const sepa = await arrivalRate(sql, "SEPA", NOW);
  expect(sepa).toEqual({ completed: 100, arrived: 93, share: 0.93 });
  expect(arrivalTenths(sepa)).toBe(9); // "9 in 10 SEPA payouts arrive by the date shown"
  expect(await arrivalRate(sql, "ACH", NOW)).toBeNull();
  // A week later the payouts of 2 November are still inside the 90 days; 90 days after them, not.
  expect(await arrivalRate(sql, "SEPA", at("2026-12-04T12:00:00Z"))).toMatchObject({ completed: 100 });
  expect(await arrivalRate(sql, "SEPA", at("2027-02-02T12:00:00Z"))).toBeNull();

  // The page's cached read gives the same answer.
  expect(await cachedArrivalRate(sql, "SEPA", NOW)).toEqual(sepa);
});
