/**
 * Non-homogeneous Poisson arrivals with piecewise-constant rates, by inversion of the cumulative
 * rate: draw E ~ Exp(1) and walk forward through the intervals until the accumulated rate reaches
 * E. Exact (no thinning), one uniform per arrival, and the same stream gives the same times
 * whatever else the scenario contains.
 */
import type { Stream } from './rng.ts';
import type { ArrivalProcess } from './scenario.ts';

/**
 * The first arrival strictly after offset `t` (ms from the day's origin), or Infinity when there
 * is none before `stop` (default the process's own; a day's closing time may come earlier).
 */
export function nextArrival(p: ArrivalProcess, t: number, s: Stream, stop = p.stop): number {
  let e = -Math.log(1 - s.next());
  let k = intervalOf(p, t);
  if (t < p.start) t = p.start;
  while (k < p.ends.length) {
    const end = p.ends[k]!;
    const rate = p.rates[k]!;
    if (rate > 0) {
      const room = (end - t) * rate;
      if (room > e) {
        const at = t + e / rate;
        return at < stop ? at : Infinity;
      }
      e -= room;
    }
    t = end;
    k++;
    if (t >= stop) return Infinity;
  }
  return Infinity;
}

/** Index of the interval containing t (ends.length when past the last). */
function intervalOf(p: ArrivalProcess, t: number): number {
  const ends = p.ends;
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t < ends[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Expected arrivals of a process over a day (for reports and spec checks). */
export function expectedArrivals(p: ArrivalProcess): number {
  let n = 0;
  let from = p.start;
  p.ends.forEach((end, k) => {
    const to = Math.min(end, p.stop);
    if (to > from) n += (to - from) * p.rates[k]!;
    from = Math.max(from, end);
  });
  return n;
}
