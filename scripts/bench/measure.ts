import autocannon from "autocannon";

export interface Figures {
  label: string;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "n/a");

/** GET load on one URL: requests/s and latency percentiles. */
export async function loadPage(
  label: string,
  url: string,
  headers: Record<string, string>,
  options: { connections: number; seconds: number },
): Promise<Figures> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url, connections: options.connections, duration: options.seconds, headers },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
    });
  });
  latencies.sort((a, b) => a - b);
  return {
    label,
    requestsPerSecond: result.requests.total / options.seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export async function warm(url: string, headers: Record<string, string>): Promise<void> {
  for (let i = 0; i < 20; i++) {
    // A redirect (to the sign-in) is a failure here, not a page to measure.
    const response = await fetch(url, { headers, redirect: "manual" });
    if (response.status !== 200) {
      throw new Error(`warm-up of ${url} answered ${response.status}`);
    }
    await response.arrayBuffer();
  }
}

export async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) {
        return;
      }
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export function printTable(title: string, rows: Figures[]): void {
  console.log(`\n${title.padEnd(18)}   req/s     p50 ms   p95 ms   p99 ms   errors  non-2xx`);
  for (const f of rows) {
    console.log(
      `${f.label.padEnd(18)} ${fmt(f.requestsPerSecond).padStart(8)} ${fmt(f.p50).padStart(8)} ${fmt(f.p95).padStart(8)} ${fmt(f.p99).padStart(8)} ${String(f.errors).padStart(8)} ${String(f.non2xx).padStart(8)}`,
    );
  }
}
