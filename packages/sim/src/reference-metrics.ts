/**
 * The metrics of the reference format, computed from one run's records (one number per run):
 *
 *   n_arrivals  n_served  n_abandoned  mean_wait  max_wait  wait_qNN  p_wait_pos  p_wait_gt_Xmin
 *   p_abandon  p_delayed  mean_time_in_queue_all  mean_time_to_abandon  time_avg_queue_length
 *   max_queue_length  queue_length_at_Tmin  last_completion_min  mean_wait_arrivals_a_b
 *
 * with an optional `class.` prefix restricting a metric to one class. Names are parsed, not listed:
 * any NN, X, T, a, b works. Waits are in minutes: call (= service start, windows call at once) −
 * arrival. Queue length counts waiting citizens only (arrived, not called, not gone), as a
 * right-continuous function of time: its value at T is the one after everything that happens at T.
 * A metric with nothing to average (mean_time_to_abandon without abandonment) is NaN: that run
 * contributes nothing to the mean over runs.
 */
import { kpi } from '@asan/queue-core';
import { SimError } from './errors.ts';
import { MIN, waitingSegments, type RunResult, type SimRecord } from './records.ts';

export interface ParsedMetric {
  readonly name: string;
  readonly cls: string | null;
  readonly base: string;
  readonly a: number;
  readonly b: number;
}

const NUM = '(\\d+(?:\\.\\d+)?)';
const PATTERNS: readonly [RegExp, string][] = [
  [/^(n_arrivals|n_served|n_abandoned|mean_wait|max_wait|p_wait_pos|p_abandon|p_delayed|mean_time_in_queue_all|mean_time_to_abandon|time_avg_queue_length|max_queue_length|last_completion_min)$/, ''],
  [new RegExp(`^wait_q(\\d+)$`), 'wait_q'],
  [new RegExp(`^p_wait_gt_${NUM}min$`), 'p_wait_gt'],
  [new RegExp(`^queue_length_at_${NUM}min$`), 'queue_length_at'],
  [new RegExp(`^mean_wait_arrivals_${NUM}_${NUM}$`), 'mean_wait_arrivals'],
];

/** Parses a metric name; null when it is not one of the reference metrics. */
export function parseMetric(name: string, classes: readonly string[]): ParsedMetric | null {
  let cls: string | null = null;
  let rest = name;
  const dot = name.indexOf('.');
  if (dot > 0 && classes.includes(name.slice(0, dot))) {
    cls = name.slice(0, dot);
    rest = name.slice(dot + 1);
  }
  for (const [re, base] of PATTERNS) {
    const m = re.exec(rest);
    if (!m) continue;
    if (base === '') return { name, cls, base: m[1]!, a: NaN, b: NaN };
    if (base === 'wait_q') {
      const d = m[1]!;
      // q50 → 0.50, q5 → 0.05, q975 → 0.975
      const p = d.length <= 2 ? Number(d) / 100 : Number(`0.${d}`);
      return { name, cls, base, a: p, b: NaN };
    }
    return { name, cls, base, a: Number(m[1]), b: m[2] === undefined ? NaN : Number(m[2]) };
  }
  return null;
}

/** What the metrics of one class (or all) need, gathered in one pass. */
interface Group {
  arrivals: number;
  abandoned: number;
  abandonTimes: number[];
  waits: number[];
  waitArrivals: number[];
  /** Waiting segments [from, to) in minutes after the origin, of every record (measured or not). */
  segments: [number, number][];
  lastCompletion: number;
  /** Segment starts and ends, ascending (built on first use, for the number waiting at T). */
  starts?: Float64Array;
  ends?: Float64Array;
}

function gather(records: readonly SimRecord[], originMs: number, from: number, to: number, cls: string | null): Group {
  const g: Group = { arrivals: 0, abandoned: 0, abandonTimes: [], waits: [], waitArrivals: [], segments: [], lastCompletion: NaN };
  for (const r of records) {
    if (cls !== null && r.class !== cls) continue;
    for (const [a, b] of waitingSegments(r)) g.segments.push([(a - originMs) / MIN, (b - originMs) / MIN]);
    if (r.state === 'done' && r.endedAt !== null) {
      const e = (r.endedAt - originMs) / MIN;
      if (!(e <= g.lastCompletion)) g.lastCompletion = e;
    }
    if (r.arrivedAt === null || r.turnedAway) continue;
    const arr = (r.arrivedAt - originMs) / MIN;
    if (arr < from || arr >= to) continue;
    g.arrivals++;
    if (r.firstCalledAt !== null) {
      g.waits.push((r.firstCalledAt - r.arrivedAt) / MIN);
      g.waitArrivals.push(arr);
    } else if (r.abandoned) {
      g.abandoned++;
      g.abandonTimes.push((r.endedAt! - r.arrivedAt) / MIN);
    }
  }
  return g;
}

function meanOf(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : kpi.mean(xs);
}

/** How many of the ascending xs are < t. */
function countBelow(xs: Float64Array, t: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The non-empty segments' starts and ends, ascending (built once per group). */
function sortedEnds(g: Group): { starts: Float64Array; ends: Float64Array } {
  if (!g.starts || !g.ends) {
    const live = g.segments.filter(([a, b]) => b > a);
    g.starts = Float64Array.from(live, (x) => x[0]).sort();
    g.ends = Float64Array.from(live, (x) => x[1]).sort();
  }
  return { starts: g.starts, ends: g.ends };
}

/** Waiting at t (just before: a < t ≤ b) = #{a < t} − #{b < t}; an empty segment counts in neither. */
function queueAt(g: Group, t: number): number {
  const { starts, ends } = sortedEnds(g);
  return countBelow(starts, t) - countBelow(ends, t);
}

/** The largest number waiting after all the arrivals and departures of an instant. */
function maxQueue(g: Group): number {
  const { starts, ends } = sortedEnds(g);
  let i = 0;
  let j = 0;
  let n = 0;
  let max = 0;
  while (i < starts.length || (j < ends.length && ends[j]! !== Infinity)) {
    const t = i < starts.length && !(ends[j]! < starts[i]!) ? starts[i]! : ends[j]!;
    while (i < starts.length && starts[i] === t) {
      n++;
      i++;
    }
    while (j < ends.length && ends[j] === t) {
      n--;
      j++;
    }
    if (n > max) max = n;
  }
  return max;
}

function timeAverageQueue(g: Group, from: number, to: number): number {
  let area = 0;
  for (const [a, b] of g.segments) {
    const lo = Math.max(a, from);
    const hi = Math.min(b, to);
    if (hi > lo) area += hi - lo;
  }
  return area / (to - from);
}

function value(m: ParsedMetric, g: Group, from: number, to: number, sortedWaits: readonly number[]): number {
  const served = g.waits.length;
  const pos = () => g.waits.filter((w) => w > 0).length;
  switch (m.base) {
    case 'n_arrivals':
      return g.arrivals;
    case 'n_served':
      return served;
    case 'n_abandoned':
      return g.abandoned;
    case 'mean_wait':
      return meanOf(g.waits);
    case 'max_wait':
      return served === 0 ? NaN : sortedWaits[served - 1]!;
    case 'wait_q':
      return kpi.quantile7(sortedWaits, m.a);
    case 'p_wait_pos':
      return served === 0 ? NaN : pos() / served;
    case 'p_wait_gt':
      return served === 0 ? NaN : g.waits.filter((w) => w > m.a).length / served;
    case 'p_abandon':
      return g.arrivals === 0 ? NaN : g.abandoned / g.arrivals;
    case 'p_delayed':
      return g.arrivals === 0 ? NaN : (pos() + g.abandoned) / g.arrivals;
    case 'mean_time_in_queue_all':
      return meanOf([...g.waits, ...g.abandonTimes]);
    case 'mean_time_to_abandon':
      return meanOf(g.abandonTimes);
    case 'time_avg_queue_length':
      return timeAverageQueue(g, from, to);
    case 'max_queue_length':
      return maxQueue(g);
    case 'queue_length_at':
      return queueAt(g, m.a);
    case 'last_completion_min':
      return g.lastCompletion;
    case 'mean_wait_arrivals':
      return meanOf(g.waits.filter((_, i) => g.waitArrivals[i]! >= m.a && g.waitArrivals[i]! < m.b));
    default:
      return NaN;
  }
}

/**
 * Values of the named metrics for one run. `from`/`to`: the measured arrival window in minutes
 * after the origin (steady state: warm-up and warm-up + horizon; a day: everything).
 */
export function referenceMetrics(
  run: RunResult,
  names: readonly string[],
  classes: readonly string[],
  window: { readonly from: number; readonly to: number },
): Record<string, number> {
  const groups = new Map<string | null, { g: Group; sorted: readonly number[] }>();
  const out: Record<string, number> = {};
  for (const name of names) {
    const m = parseMetric(name, classes);
    if (!m) throw new SimError('SIM_ERR_UNKNOWN_METRIC', { metric: name, scenario: run.scenario });
    let entry = groups.get(m.cls);
    if (!entry) {
      const g = gather(run.records, run.originMs, window.from, window.to, m.cls);
      entry = { g, sorted: kpi.ascending(g.waits) };
      groups.set(m.cls, entry);
    }
    out[name] = value(m, entry.g, window.from, window.to, entry.sorted);
  }
  return out;
}
