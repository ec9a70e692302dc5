/**
 * Jain's fairness index (Jain, Chiu & Hawe 1984): J(x) = (Σx)² / (n·Σx²), 1/n ≤ J ≤ 1, 1 = equal.
 * Use it over target-normalised waits (W/T_class), never over raw waits across classes
 * (fairness-research.md §1.5).
 */
export function jain(xs: readonly number[]): number | null {
  let s = 0;
  let s2 = 0;
  for (const x of xs) {
    if (!(x >= 0)) throw new RangeError(`jain: values must be ≥ 0, got ${x}`);
    s += x;
    s2 += x * x;
  }
  // Undefined for an empty vector or when every value is 0.
  return s2 === 0 ? null : (s * s) / (xs.length * s2);
}
