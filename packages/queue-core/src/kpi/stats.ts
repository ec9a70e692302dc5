/** Summary statistics of a sample: mean, population variance, type-7 percentiles, min, max. */
import { ascending, quantile7 } from './quantile.ts';

export interface Summary {
  readonly n: number;
  readonly mean: number;
  /** Population variance (divide by n): Avi-Itzhak & Levy's order-unfairness yardstick. */
  readonly variance: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly min: number;
  readonly max: number;
}

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Summary of a sample; null for an empty one. */
export function summarize(xs: readonly number[]): Summary | null {
  if (xs.length === 0) return null;
  const s = ascending(xs);
  const m = mean(s);
  let v = 0;
  for (const x of s) v += (x - m) * (x - m);
  return {
    n: s.length,
    mean: m,
    variance: v / s.length,
    p50: quantile7(s, 0.5),
    p90: quantile7(s, 0.9),
    p95: quantile7(s, 0.95),
    min: s[0]!,
    max: s[s.length - 1]!,
  };
}

/** Share of xs satisfying `ok`; null for an empty sample. */
export function share<T>(xs: readonly T[], ok: (x: T) => boolean): number | null {
  if (xs.length === 0) return null;
  let k = 0;
  for (const x of xs) if (ok(x)) k++;
  return k / xs.length;
}
