/**
 * A job: a batch of replications described as plain JSON (so it can go to a worker thread or, via
 * BullMQ, to another process or machine) and its result, also plain JSON. `runJob` is the one
 * function every executor calls — in-process, on piscina threads, or in BullMQ workers — so the
 * same seeds give the same numbers wherever they run.
 */
import { importReference } from './reference-import.ts';
import type { RefScenario } from './reference-format.ts';
import { referenceMetrics } from './reference-metrics.ts';
import type { Scenario } from './scenario.ts';
import { simulate, simulateCounts, type RunCounts } from './simulate.ts';
import { createScenario, scenarioOnDate } from './spec.ts';
import { summarizeRun, type RunSummary } from './summary.ts';

export type Job =
  | {
      readonly kind: 'reference';
      readonly scenario: RefScenario;
      readonly metrics: readonly string[];
      readonly seeds: readonly number[];
    }
  | {
      readonly kind: 'spec';
      /** The project's spec (JSON). */
      readonly spec: unknown;
      readonly seeds: readonly number[];
      readonly days: number;
    }
  | {
      /**
       * A stretch of one centre's year (`sim year`): `days` consecutive days from `date` with one
       * seed; only counts come back (no per-citizen statistics).
       */
      readonly kind: 'stretch';
      readonly spec: unknown;
      readonly date: string;
      readonly days: number;
      /** One seed. */
      readonly seeds: readonly [number];
    }
  | {
      /** Speed measurement: simulate only, return how many citizens and how long (no statistics). */
      readonly kind: 'count';
      readonly spec: unknown;
      readonly seeds: readonly number[];
      readonly days: number;
    };

export type JobResult =
  | { readonly kind: 'reference'; readonly values: readonly Record<string, number>[] }
  | { readonly kind: 'spec'; readonly summaries: readonly RunSummary[] }
  | { readonly kind: 'count'; readonly citizens: number; readonly busyMs: number }
  | { readonly kind: 'stretch'; readonly counts: StretchCounts };

/** What a stretch of centre-days did (summed over its days). */
export type StretchCounts = RunCounts;

const cache = new Map<string, Scenario>();

function cached(key: string, build: () => Scenario): Scenario {
  let sc = cache.get(key);
  if (!sc) {
    if (cache.size > 32) cache.clear();
    cache.set(key, (sc = build()));
  }
  return sc;
}

/** The scenarios of a stretch spec by first date (`sim year`: the same spec on ~53 dates). */
const onDates = new WeakMap<Scenario, Map<string, Scenario>>();

/** Runs the replications of a job, one per seed, in seed order. */
export function runJob(job: Job): JobResult {
  if (job.kind === 'reference') {
    const r = job.scenario;
    const sc = cached(`ref:${JSON.stringify(r)}`, () => importReference(r));
    const classes = r.classes.map((c) => c.name);
    const window =
      r.type === 'steady_state' ? { from: r.run.warmup_min!, to: r.run.warmup_min! + r.run.horizon_min! } : { from: -Infinity, to: Infinity };
    return { kind: 'reference', values: job.seeds.map((seed) => referenceMetrics(simulate(sc, { seed }), job.metrics, classes, window)) };
  }
  if (job.kind === 'stretch') {
    const spec = job.spec as Record<string, unknown>;
    // one build per spec; the other dates' scenarios share its config and sources (scenarioOnDate)
    const first = cached(`stretch:${JSON.stringify(spec)}`, () => createScenario({ ...spec, date: job.date }));
    let dates = onDates.get(first);
    if (dates === undefined) onDates.set(first, (dates = new Map()));
    let sc = dates.get(job.date);
    if (sc === undefined) dates.set(job.date, (sc = scenarioOnDate(first, spec, job.date)));
    return { kind: 'stretch', counts: simulateCounts(sc, { seed: job.seeds[0], days: job.days }) };
  }
  const sc = cached(`spec:${JSON.stringify(job.spec)}`, () => createScenario(job.spec));
  if (job.kind === 'count') {
    // wall time of this job on its thread (process.cpuUsage would count every thread of the process)
    const t0 = performance.now();
    let citizens = 0;
    for (const seed of job.seeds) citizens += simulate(sc, { seed, days: job.days }).records.length;
    return { kind: 'count', citizens, busyMs: performance.now() - t0 };
  }
  return { kind: 'spec', summaries: job.seeds.map((seed) => summarizeRun(sc, simulate(sc, { seed, days: job.days }))) };
}

/** Splits seeds first, first+1, …, first+n−1 into batches of about `size`. */
export function seedBatches(first: number, n: number, size: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < n; i += size) out.push(Array.from({ length: Math.min(size, n - i) }, (_, k) => first + i + k));
  return out;
}
