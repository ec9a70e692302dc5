/**
 * Estimates over replications, as the reference conventions state them: the mean of the
 * per-replication values with a 95 % confidence interval mean ± t(0.975, n−1)·sd/√n (sd the sample
 * standard deviation across replications). Values that are NaN (nothing to measure in that run)
 * are left out.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export interface Estimate {
  readonly mean: number;
  /** Replications that gave a value. */
  readonly n: number;
  readonly sd: number;
  /** 95 % CI half-width (0 when n < 2). */
  readonly halfWidth: number;
}

export function estimate(values: readonly number[]): Estimate {
  const xs = values.filter((x) => !Number.isNaN(x));
  const n = xs.length;
  if (n === 0) return { mean: NaN, n: 0, sd: NaN, halfWidth: NaN };
  let m = 0;
  for (const x of xs) m += x;
  m /= n;
  if (n < 2) return { mean: m, n, sd: NaN, halfWidth: 0 };
  let ss = 0;
  for (const x of xs) ss += (x - m) * (x - m);
  const sd = Math.sqrt(ss / (n - 1));
  return { mean: m, n, sd, halfWidth: tQuantile(0.975, n - 1) * (sd / Math.sqrt(n)) };
}

/**
 * z of the reference check: (sim − ref) / √(se_sim² + se_ref²), se = half-width / 1.96. When both
 * errors are 0 the z is 0 for equal values and ±Infinity otherwise.
 */
export function zScore(sim: Estimate, ref: { readonly value: number; readonly ci95_half_width?: number }): number {
  const seSim = (sim.halfWidth || 0) / 1.96;
  const seRef = (ref.ci95_half_width ?? 0) / 1.96;
  const diff = sim.mean - ref.value;
  const den = Math.sqrt(seSim * seSim + seRef * seRef);
  if (den === 0) return Math.abs(diff) < 1e-12 ? 0 : diff > 0 ? Infinity : -Infinity;
  return diff / den;
}

/** The pass rule of sim-reference/README.md. */
export const Z_PASS = 3;
