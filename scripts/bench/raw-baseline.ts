import { randomUUID } from "node:crypto";
import pg from "pg";
import { estimateCompletion, type PayoutMethod } from "../../lib/eta/estimate";
import { currentEtaModel } from "../../lib/eta/model-cache";
import { newReference } from "../../lib/payouts/apply-event";
import type { EventMix } from "./event-mix";
import { percentile } from "./measure";

export interface RawFigures {
  eventsPerSecond: number;
  events: number;
  seconds: number;
  p50: number;
  p95: number;
  p99: number;
}

/**
 * The ceiling the ingest API is compared with: the rows of a new payout's first event —
 * customer upsert, payout insert, event insert — in one transaction per event, by plain
 * SQL through `pg`, from `concurrency` clients at once, for `seconds`. No HTTP, no
 * signature, no validation, no locks, no rate limit.
 */
export async function rawBaseline(
  databaseUrl: string,
  mix: EventMix,
  options: { concurrency: number; seconds: number },
): Promise<RawFigures> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.concurrency });
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      await insertEvent(pool, mix);
      latencies.push(performance.now() - t0);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    await pool.end();
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    eventsPerSecond: latencies.length / seconds,
    events: latencies.length,
    seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}

async function insertEvent(pool: pg.Pool, mix: EventMix): Promise<void> {
  const payout = mix.newPayout();
  const c = payout.customer;
  const now = new Date();
  const method = payout.method.toUpperCase() as PayoutMethod;
  const eta = estimateCompletion(method, "REQUESTED", now, currentEtaModel());
  const client = await pool.connect();
  try {
    await client.query("begin");
    const customer = await client.query<{ id: string }>(
      `insert into customers (id, external_id, name, email, phone, locale, time_zone, updated_at)
       values ($1, $2, $3, $4, null, $5, $6, now())
       on conflict (external_id) do update set name = excluded.name, email = excluded.email,
         locale = excluded.locale, time_zone = excluded.time_zone, updated_at = now()
       returning id`,
      [randomUUID(), c.externalId, c.name, c.email, c.locale, c.timezone],
    );
    const payoutId = randomUUID();
    await client.query(
      `insert into payouts (id, external_id, reference, customer_id, amount_minor, currency, method,
         destination_label, stage, eta_at, original_eta_at, stage_entered_at, last_event_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, 'REQUESTED', $9, $9, $10, $10, now())`,
      [
        payoutId,
        payout.externalId,
        newReference(),
        customer.rows[0]?.id,
        payout.amountMinor,
        payout.currency,
        method,
        "DE•• 1234",
        eta,
        now,
      ],
    );
    await client.query(
      `insert into payout_events (id, event_id, payout_id, outcome, stage, source, occurred_at, eta_at)
       values ($1, $2, $3, 'APPLIED', 'REQUESTED', 'API', $4, $5)`,
      [randomUUID(), `evt_${randomUUID()}`, payoutId, now, eta],
    );
    await client.query("commit");
  } catch (error) {
    await client.query("rollback");
    throw error;
  } finally {
    client.release();
  }
}
