/**
 * Many replications → one answer. `meanOf` averages same-shaped JSON values leaf by leaf (numbers:
 * the mean of those that are finite; null/NaN/missing leave a replication out of that leaf), and
 * `metricTable` gives the reference metrics with their 95 % confidence intervals.
 */
import { estimate, type Estimate } from './estimate.ts';
import type { RunSummary } from './summary.ts';

type Json = number | string | boolean | null | undefined | readonly Json[] | { readonly [k: string]: Json };

export function meanOf<T>(values: readonly T[]): T {
  return meanJson(values as unknown as Json[]) as unknown as T;
}

function meanJson(values: readonly Json[]): Json {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return null;
  const first = present[0];
  if (typeof first === 'number') {
    const xs = present.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
  }
  if (typeof first === 'string' || typeof first === 'boolean') return first;
  if (Array.isArray(first)) {
    const n = Math.max(...present.map((v) => (v as readonly Json[]).length));
    return Array.from({ length: n }, (_, i) => meanJson(present.map((v) => (v as readonly Json[])[i])));
  }
  const keys = new Set<string>();
  for (const v of present) for (const k of Object.keys(v as object)) keys.add(k);
  const out: Record<string, Json> = {};
  for (const k of keys) out[k] = meanJson(present.map((v) => (v as Record<string, Json>)[k]));
  return out;
}

/** Each reference metric over the replications: mean, n, sd, 95 % half-width. */
export function metricTable(summaries: readonly RunSummary[]): Record<string, Estimate> {
  const names = new Set<string>();
  for (const s of summaries) for (const k of Object.keys(s.metrics)) names.add(k);
  return Object.fromEntries([...names].map((k) => [k, estimate(summaries.map((s) => s.metrics[k] ?? NaN))]));
}

export interface Aggregate {
  readonly replications: number;
  readonly seeds: readonly number[];
  readonly metrics: Readonly<Record<string, Estimate>>;
  /** The leaf-by-leaf mean of the run summaries. */
  readonly mean: RunSummary;
}

export function aggregate(summaries: readonly RunSummary[]): Aggregate {
  return { replications: summaries.length, seeds: summaries.map((s) => s.seed), metrics: metricTable(summaries), mean: meanOf(summaries) };
}
