import type { Sql } from "../db/sql";

export interface RateLimitResult {
  allowed: boolean;
  count: number;
  retryAfterSeconds: number;
}

/**
 * Counts `hits` hits (one by default) for `key` in the current fixed window, in PostgreSQL
 * so that every process shares the count. Allowed while the window holds at most `limit`
 * hits; `count` is the window's count after these hits (the ingest API counts a batch of
 * events at once and lets through those that still fit).
 */
export async function hitRateLimit(
  sql: Sql,
  key: string,
  limit: number,
  windowSeconds: number,
  now: Date = new Date(),
  hits = 1,
): Promise<RateLimitResult> {
  const windowMs = windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const rows = await sql.rows<{ count: number }>(
    `insert into rate_limit_buckets (key, window_start, count) values ($1, $2, $3)
     on conflict (key, window_start) do update set count = rate_limit_buckets.count + excluded.count
     returning count`,
    [key, windowStart, hits],
  );
  const count = Number(rows[0]?.count ?? hits);
  if (Math.random() < 0.001) {
    // Old windows are worthless; sweep them now and then.
    await sql.run("delete from rate_limit_buckets where window_start < $1", [new Date(now.getTime() - 86_400_000)]);
  }
  return {
    allowed: count <= limit,
    count,
    retryAfterSeconds: Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000)),
  };
}
