import { randomUUID } from "node:crypto";
import { beforeEach, expect, it } from "vitest";
import { createCustomer } from "../../test/factories";
import { resetDatabase } from "../../test/reset-database";
import { getDb, getPgPool } from "../db/client";
import { poolSql } from "../db/sql";
import { type ApplyEventInput, applyEvent } from "../payouts/apply-event";
import { etaAccuracy } from "./accuracy";
import type { PayoutMethod } from "./estimate";

beforeEach(resetDatabase);

// Friday; the window's eight ISO weeks run from Monday 5 October to this week (Monday 23 November).
const NOW = new Date("2026-11-27T12:00:00Z");
const at = (iso: string) => new Date(iso);
const HOUR = 3_600_000;

async function send(payoutId: string, occurredAt: Date, change: Partial<ApplyEventInput>) {
  const result = await applyEvent(
    { eventId: `evt_${randomUUID()}`, occurredAt, source: { kind: "API" }, payout: { id: payoutId }, ...change },
    { now: () => NOW },
  );
  if (!result.ok) {
    throw new Error(result.message);
  }
}

/** A payout of a customer in `zone`, created at PROCESSING at `start`; with `eta`, the platform's ETA, else the model's. */
async function started(method: PayoutMethod, zone: string, start: Date, eta?: Date): Promise<string> {
  const customer = await createCustomer({ timeZone: zone });
  const created = await applyEvent(
    {
      eventId: `evt_${randomUUID()}`,
      occurredAt: start,
      source: { kind: "API" },
      stage: "PROCESSING",
      eta,
      payout: {
        externalId: `po_${randomUUID()}`,
        create: {
          customerId: customer.id,
          amountMinor: 1000n,
          currency: "EUR",
          method,
          destinationLabel: "DE•• 1",
          customerTimeZone: zone,
        },
      },
    },
    { now: () => NOW },
  );
  if (!created.ok) {
    throw new Error(created.message);
  }
  return created.payoutId;
}

const complete = (id: string, when: Date) => send(id, when, { stage: "COMPLETED" });

it("measures first vs last ETA, slack in banking hours, revisions and calibration per method and week", async () => {
  // SEPA, Berlin customers, week of Monday 23 November. Each is created on Monday 09:00 UTC
  // with the platform's ETA Tuesday 15:00 UTC: more than a day away, so shown as the date
  // "by Tuesday 24 November" (the end of that day in Berlin). SEPA counts TARGET2 hours,
  // 07:00–18:00 Berlin.
  const mon = at("2026-11-23T09:00:00Z");
  const tuesday = at("2026-11-24T15:00:00Z");
  // A: arrives Tuesday 11:00 Berlin: on time, 7 banking hours early (11:00–18:00).
  const a = await started("SEPA", "Europe/Berlin", mon, tuesday);
  await complete(a, at("2026-11-24T10:00:00Z"));
  // B: arrives Wednesday 11:00 Berlin: late by 4 banking hours (07:00–11:00), never revised.
  const b = await started("SEPA", "Europe/Berlin", mon, tuesday);
  await complete(b, at("2026-11-25T10:00:00Z"));
  // C: revised to "by Thursday 26 November", arrives Wednesday 11:00 Berlin: late against the
  // first ETA (−4 h), 18 banking hours early against the last (Wed 11:00–18:00, Thu 07:00–18:00).
  const c = await started("SEPA", "Europe/Berlin", mon, tuesday);
  await send(c, at("2026-11-23T09:01:00Z"), {
    source: { kind: "SWEEPER" },
    eta: at("2026-11-26T09:00:00Z"),
    etaReason: "HIGH_VOLUME",
  });
  await complete(c, at("2026-11-25T10:00:00Z"));
  // D: waits on the customer (no ETA while paused) and resumes with the same promise: not a
  // revision. Arrives Tuesday 17:00 Berlin: 1 banking hour early.
  const d = await started("SEPA", "Europe/Berlin", mon, tuesday);
  await send(d, at("2026-11-23T10:00:00Z"), { stage: "ACTION_REQUIRED", reasonCode: "VERIFICATION_INCOMPLETE" });
  await send(d, at("2026-11-23T12:00:00Z"), { stage: "PROCESSING", eta: tuesday });
  await complete(d, at("2026-11-24T16:00:00Z"));

  // SEPA, week of 16 November: reported only once it had arrived, never shown an ETA.
  const late = await createCustomer();
  await applyEvent(
    {
      eventId: `evt_${randomUUID()}`,
      occurredAt: at("2026-11-18T10:00:00Z"),
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
  // Outside the window: completed in the week of 28 September; and one still open.
  const old = await started("SEPA", "Europe/Berlin", at("2026-09-29T09:00:00Z"), at("2026-09-30T15:00:00Z"));
  await complete(old, at("2026-09-30T10:00:00Z"));
  await started("SEPA", "Europe/Berlin", at("2026-11-26T09:00:00Z"), at("2026-11-27T15:00:00Z"));

  // ACH, New York, week of 16 November: ETA 15:00 New York the same day (a time: less than a
  // day away), arrives 13:00: 2 banking hours early.
  const f = await started("ACH", "America/New_York", at("2026-11-17T09:00:00Z"), at("2026-11-17T20:00:00Z"));
  await complete(f, at("2026-11-17T18:00:00Z"));

  // WALLET (around the clock), the model's own promises: one arrives half an hour before it,
  // one an hour after.
  const g = await started("WALLET", "Europe/Berlin", at("2026-11-26T10:00:00Z"));
  const h = await started("WALLET", "Europe/Berlin", at("2026-11-26T10:00:00Z"));
  const promise = (await getDb().payout.findUniqueOrThrow({ where: { id: g } })).etaAt as Date;
  expect((await getDb().payout.findUniqueOrThrow({ where: { id: h } })).etaAt).toEqual(promise);
  await complete(g, new Date(promise.getTime() - HOUR / 2));
  await complete(h, new Date(promise.getTime() + HOUR));

  const report = await etaAccuracy(poolSql(getPgPool()), NOW);
  expect(report.weeks.map((w) => w.toISOString().slice(0, 10))).toEqual([
    "2026-10-05",
    "2026-10-12",
    "2026-10-19",
    "2026-10-26",
    "2026-11-02",
    "2026-11-09",
    "2026-11-16",
    "2026-11-23",
  ]);
  const method = (m: PayoutMethod) => report.methods.find((r) => r.method === m);
  const noCalibration = { promises: 0, byPromise: 0, withTypical: 0, byTypical: 0 };

  const sepa = method("SEPA");
  expect(sepa?.quantile).toBe(0.9);
  expect(sepa?.weeks[7]?.figures).toEqual({
    completed: 4,
    withoutEta: 0,
    byFirst: 2, // A, D
    byLast: 3, // A, C, D
    medianSlackFirstHours: -1.5, // of 7, −4, −4, 1
    medianSlackLastHours: 4, // of 7, −4, 18, 1
    revised: 1, // C
    calibration: noCalibration, // the platform's ETAs are not the model's to calibrate
  });
  expect(sepa?.weeks[6]?.figures).toMatchObject({ completed: 0, withoutEta: 1, medianSlackFirstHours: null });
  expect(sepa?.weeks.slice(0, 6).every((w) => w.figures.completed === 0 && w.figures.withoutEta === 0)).toBe(true);
  expect(sepa?.total).toMatchObject({ completed: 4, withoutEta: 1, byFirst: 2, byLast: 3 });

  expect(method("ACH")?.weeks[6]?.figures).toMatchObject({
    completed: 1,
    byFirst: 1,
    byLast: 1,
    medianSlackFirstHours: 2,
    revised: 0,
  });

  expect(method("WALLET")?.total).toEqual({
    completed: 2,
    withoutEta: 0,
    byFirst: 1,
    byLast: 1,
    medianSlackFirstHours: -0.25, // of 0.5 and −1: every hour counts
    medianSlackLastHours: -0.25,
    revised: 0,
    // one of two arrived by the promise (aiming at 90 %); both had a "usually" time (the
    // median, well before the promise) and both arrived after it
    calibration: { promises: 2, byPromise: 1, withTypical: 2, byTypical: 0 },
  });
  expect(method("PAYPAL")?.total.completed).toBe(0);

  expect(report.overall).toMatchObject({
    completed: 7,
    withoutEta: 1,
    byFirst: 4,
    byLast: 5,
    medianSlackFirstHours: 0.5, // of 7, −4, −4, 1, 2, 0.5, −1
    medianSlackLastHours: 1, // of 7, −4, 18, 1, 2, 0.5, −1
    revised: 1,
  });
});

it("uses the quantile configured per method as the calibration's aim", async () => {
  await getPgPool().query(
    `insert into eta_settings (id, quantiles) values (1, '{"SWIFT": 0.95}')
     on conflict (id) do update set quantiles = excluded.quantiles`,
  );
  const report = await etaAccuracy(poolSql(getPgPool()), NOW);
  expect(report.methods.find((m) => m.method === "SWIFT")?.quantile).toBe(0.95);
  expect(report.methods.find((m) => m.method === "SEPA")?.quantile).toBe(0.9);
  expect(report.overall.completed).toBe(0);
});
