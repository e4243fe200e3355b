import { appMetrics } from "./metrics";

const KIND_BY_STATUS: Record<number, string> = {
  400: "invalid",
  401: "unauthorized",
  404: "not_found",
  409: "conflict",
  413: "too_large",
  429: "rate_limited",
  503: "unavailable",
};

/**
 * Counts one ingest answer by kind; an applied event also gives the time from its
 * `occurred_at` to now (read back from the body it came in, which was valid JSON).
 */
export function recordIngestAnswer(
  status: number,
  result: "applied" | "duplicate" | "stale" | null,
  rawBody: Buffer | null,
  now: number = Date.now(),
): void {
  const metrics = appMetrics();
  metrics.ingestResults.inc({ result: result ?? KIND_BY_STATUS[status] ?? String(status) });
  if (result === "applied" && rawBody) {
    const occurredAt = Date.parse((JSON.parse(rawBody.toString("utf8")) as { occurred_at?: string }).occurred_at ?? "");
    if (Number.isFinite(occurredAt)) {
      metrics.ingestLatency.observe(Math.max(0, (now - occurredAt) / 1000));
    }
  }
}
