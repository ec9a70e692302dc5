/**
 * Sample quantiles, Hyndman & Fan type 7 (numpy's and R's default): with the values sorted
 * x[0] ≤ … ≤ x[n−1] and h = (n − 1)·p, the quantile is x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 */

function isSorted(xs: readonly number[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i - 1]! > xs[i]!) return false;
  return true;
}

/** Values in ascending order (the input itself when already sorted, else a sorted copy). */
export function ascending(xs: readonly number[]): readonly number[] {
  return isSorted(xs) ? xs : [...xs].sort((a, b) => a - b);
}

/** Type-7 quantile of `xs` (sorted or not) at p ∈ [0, 1]; NaN for an empty sample. */
export function quantile7(xs: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile7: p must be in [0, 1], got ${p}`);
  if (xs.length === 0) return Number.NaN;
  const s = ascending(xs);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const x0 = s[lo]!;
  return lo + 1 < s.length ? x0 + (h - lo) * (s[lo + 1]! - x0) : x0;
}
