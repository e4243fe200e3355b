import { randomUUID } from "node:crypto";
import { beforeEach, expect, it } from "vitest";
import { createCustomer } from "../../test/factories";
import { resetDatabase } from "../../test/reset-database";
import { getPgPool } from "../db/client";
import { applyEvent } from "../payouts/apply-event";
import { etaAccuracy } from "./accuracy";
import type { PayoutMethod } from "./estimate";

beforeEach(resetDatabase);

const NOW = new Date("2026-11-27T12:00:00Z");
const at = (iso: string) => new Date(iso);

/** A payout created at `start` (ETA from the table), optionally revised, completed at `done`. */
async function completed(method: PayoutMethod, start: Date, done: Date, revisedEta?: Date) {
  const customer = await createCustomer();
  const created = await applyEvent(
    {
      eventId: `evt_${randomUUID()}`,
      occurredAt: start,
      source: { kind: "API" },
      stage: "PROCESSING",
      payout: {
        externalId: `po_${randomUUID()}`,
        create: { customerId: customer.id, amountMinor: 1000n, currency: "EUR", method, destinationLabel: "DE•• 1" },
      },
    },
    { now: () => NOW },
  );
  if (!created.ok) {
    throw new Error(created.message);
  }
  if (revisedEta) {
    await applyEvent(
      {
        eventId: `evt_${randomUUID()}`,
        occurredAt: new Date(start.getTime() + 60_000),
        source: { kind: "SWEEPER" },
        payout: { id: created.payoutId },
        eta: revisedEta,
        etaReason: "HIGH_VOLUME",
      },
      { now: () => NOW },
    );
  }
  await applyEvent(
    {
      eventId: `evt_${randomUUID()}`,
      occurredAt: done,
      source: { kind: "API" },
      stage: "COMPLETED",
      payout: { id: created.payoutId },
    },
    { now: () => NOW },
  );
}

it("counts, per method and over the last 30 days, arrivals by the first and by the last ETA shown", async () => {
  // SEPA from PROCESSING on Monday 09:00: 8 + 16 business hours → ETA Tuesday 09:00.
  await completed("SEPA", at("2026-11-23T09:00:00Z"), at("2026-11-24T08:00:00Z")); // on time
  await completed("SEPA", at("2026-11-23T09:00:00Z"), at("2026-11-25T10:00:00Z")); // late, never revised
  await completed("SEPA", at("2026-11-23T09:00:00Z"), at("2026-11-25T10:00:00Z"), at("2026-11-26T09:00:00Z")); // late vs first, on time vs the revision
  await completed("ACH", at("2026-11-23T09:00:00Z"), at("2026-11-24T12:00:00Z"));
  // Reported only once it had arrived: never shown an ETA, so not counted.
  const late = await createCustomer();
  await applyEvent(
    {
      eventId: `evt_${randomUUID()}`,
      occurredAt: at("2026-11-25T10:00:00Z"),
      source: { kind: "API" },
      stage: "COMPLETED",
      payout: {
        externalId: `po_${randomUUID()}`,
        create: {
          customerId: late.id,
          amountMinor: 1000n,
          currency: "EUR",
          method: "SEPA",
          destinationLabel: "DE•• 1",
        },
      },
    },
    { now: () => NOW },
  );
  // Completed 40 days ago: outside the window.
  await completed("SEPA", at("2026-10-16T09:00:00Z"), at("2026-10-17T08:00:00Z"));

  expect(await etaAccuracy(getPgPool(), NOW)).toEqual([
    { method: "SEPA", completed: 3, withinFirst: 1, withinLast: 2 },
    { method: "ACH", completed: 1, withinFirst: 1, withinLast: 1 },
  ]);
});
