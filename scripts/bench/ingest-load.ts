import autocannon from "autocannon";
import { signPayload } from "../../lib/ingest/signature";
import type { BenchPayout, EventMix } from "./event-mix";
import { percentile } from "./measure";

export interface IngestFigures {
  eventsPerSecond: number;
  seconds: number;
  /** answers by status, and 200 answers by result */
  statuses: Record<string, number>;
  results: Record<string, number>;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

interface Inflight {
  payout?: BenchPayout;
}

/**
 * POSTs signed events to /api/v1/events: every request a new event id, a fresh
 * timestamp and signature (autocannon's setupRequest builds body and headers per request).
 */
export async function loadIngest(
  baseUrl: string,
  secret: string,
  mix: EventMix,
  options: { connections: number; seconds: number },
): Promise<IngestFigures> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const results: Record<string, number> = {};
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${baseUrl}/api/v1/events`,
        connections: options.connections,
        duration: options.seconds,
        requests: [
          {
            method: "POST",
            setupRequest: (request, context) => {
              const { body, payout } = mix.next();
              (context as Inflight).payout = payout;
              return {
                ...request,
                body,
                headers: {
                  "content-type": "application/json",
                  "payout-signature": signPayload(secret, body, Math.floor(Date.now() / 1000)),
                },
              };
            },
            onResponse: (status, body, context) => {
              statuses[status] = (statuses[status] ?? 0) + 1;
              if (status === 200) {
                const answer = (JSON.parse(body) as { result?: string }).result ?? "?";
                results[answer] = (results[answer] ?? 0) + 1;
              }
              const payout = (context as Inflight).payout;
              if (payout) {
                mix.settled(payout, status === 200);
              }
            },
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
    });
  });
  latencies.sort((a, b) => a - b);
  const seconds = result.duration;
  return {
    eventsPerSecond: (statuses[200] ?? 0) / seconds,
    seconds,
    statuses,
    results,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: result.errors + result.timeouts,
  };
}
