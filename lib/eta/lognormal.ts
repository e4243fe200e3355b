/**
 * The arithmetic of stage times: each stage's working time is log-normal through its median
 * and 90th percentile; a payout's remaining time is their sum, whose quantiles come from the
 * Fenton–Wilkinson approximation (a log-normal with the sum's mean and variance). A stage
 * that has already run for a while is conditioned on that: only its longer outcomes remain.
 */

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 through erf; error < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

/** Inverse standard normal CDF (Acklam's rational approximation; relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) {
    return Number.NEGATIVE_INFINITY;
  }
  if (p >= 1) {
    return Number.POSITIVE_INFINITY;
  }
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  );
}

const Z90 = normalQuantile(0.9);

/** A log-normal: ln X ~ N(mu, sigma²). */
export interface LogNormal {
  mu: number;
  sigma: number;
}

/** The log-normal whose median is p50 and 90th percentile p90 (hours > 0). */
export function fromQuantiles(p50: number, p90: number): LogNormal {
  const median = Math.max(p50, 1e-3);
  return { mu: Math.log(median), sigma: Math.max(1e-3, Math.log(Math.max(p90, median * 1.01) / median) / Z90) };
}

export function mean(d: LogNormal): number {
  return Math.exp(d.mu + (d.sigma * d.sigma) / 2);
}

export function variance(d: LogNormal): number {
  const s2 = d.sigma * d.sigma;
  return (Math.exp(s2) - 1) * Math.exp(2 * d.mu + s2);
}

export function quantileOf(d: LogNormal, q: number): number {
  return Math.exp(d.mu + d.sigma * normalQuantile(q));
}

/** Beyond this share of its outcomes a stage's history says nothing about the rest. */
export const NO_BASIS_BEYOND = 0.995;

/**
 * What remains of a stage that has already taken `elapsed` hours, as a log-normal through
 * the conditional median and 90th percentile; null when the stage has outrun nearly all of
 * its history (no basis for an estimate).
 */
export function remainderAfter(d: LogNormal, elapsed: number): LogNormal | null {
  if (elapsed <= 0) {
    return d;
  }
  const done = normalCdf((Math.log(elapsed) - d.mu) / d.sigma);
  if (done > NO_BASIS_BEYOND) {
    return null;
  }
  const at = (q: number) => Math.exp(d.mu + d.sigma * normalQuantile(done + q * (1 - done))) - elapsed;
  const r50 = Math.max(at(0.5), 1 / 60);
  const r90 = Math.max(at(0.9), r50 * 1.01);
  return fromQuantiles(r50, r90);
}

/** The q-quantile of a sum of independent log-normals (Fenton–Wilkinson), with the sum's mean. */
export function sumQuantile(parts: LogNormal[], q: number): { quantile: number; mean: number } {
  const m = parts.reduce((sum, d) => sum + mean(d), 0);
  if (m <= 0) {
    return { quantile: 0, mean: 0 };
  }
  const v = parts.reduce((sum, d) => sum + variance(d), 0);
  const s2 = Math.log(1 + v / (m * m));
  return { quantile: Math.exp(Math.log(m) - s2 / 2 + Math.sqrt(s2) * normalQuantile(q)), mean: m };
}
