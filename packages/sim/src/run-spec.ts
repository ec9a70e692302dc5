/**
 * Runs a spec for a number of replications (seeds seed, seed + 1, …) on the worker pool and
 * aggregates the run summaries. Variants of one spec (another policy, another booking share…)
 * run with the same seeds — common random numbers — so their differences are sharper.
 */
import { aggregate, type Aggregate } from './aggregate.ts';
import { SimError } from './errors.ts';
import { seedBatches, type Job } from './jobs.ts';
import { executeJobs, type JobExecutor } from './pool.ts';
import { createScenario } from './spec.ts';
import type { RunSummary } from './summary.ts';

export interface RunSpecOptions {
  readonly days?: number;
  readonly replications?: number;
  readonly seed?: number;
  readonly threads?: number | undefined;
  readonly onProgress?: (done: number, total: number) => void;
  /** Runs the jobs elsewhere (BullMQ workers) instead of the local pool. */
  readonly executor?: JobExecutor | undefined;
}

/** Replications per job: enough to keep a thread busy, few enough to spread over threads. */
const PER_JOB = 4;

export async function runSpec(spec: unknown, options: RunSpecOptions = {}): Promise<Aggregate> {
  const jobs = specJobs(spec, options);
  const replications = options.replications ?? 10;
  let done = 0;
  const onDone = (i: number) => {
    done += jobs[i]!.seeds.length;
    options.onProgress?.(done, replications);
  };
  const results = await executeJobs(jobs, { executor: options.executor, threads: options.threads, onDone });
  const summaries: RunSummary[] = results.flatMap((r) => (r.kind === 'spec' ? [...r.summaries] : []));
  return aggregate(summaries);
}

/**
 * The jobs of a run, after every check (the options, the spec): throws a SimError before anything
 * runs. `sim compare` calls it for every spec before running the first.
 */
export function specJobs(spec: unknown, options: RunSpecOptions = {}): Job[] {
  const days = options.days ?? 1;
  const replications = options.replications ?? 10;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(replications) || replications < 1) throw new SimError('SIM_ERR_BAD_OPTION', { option: 'replications', reason: 'must be an integer ≥ 1' });
  if (!Number.isSafeInteger(seed) || seed < 0) throw new SimError('SIM_ERR_BAD_OPTION', { option: 'seed', reason: `must be an integer from 0 to ${Number.MAX_SAFE_INTEGER}, got ${seed}` });
  if (!Number.isSafeInteger(seed + (replications - 1))) {
    throw new SimError('SIM_ERR_BAD_OPTION', { option: 'seed', reason: `the last seed, seed + replications − 1 = ${seed + (replications - 1)}, is past ${Number.MAX_SAFE_INTEGER}: give a smaller --seed` });
  }
  const sc = createScenario(spec); // validates here, before any worker sees it
  if (!Number.isInteger(days) || days < 1 || days > sc.maxDays) throw new SimError('SIM_ERR_BAD_OPTION', { option: 'days', reason: `must be an integer from 1 to ${sc.maxDays}` });
  return seedBatches(seed, replications, PER_JOB).map((seeds) => ({ kind: 'spec', spec, seeds, days }));
}

/** A copy of a spec with centre settings replaced (e.g. { policy: 'fifo' }). */
export function withCentre(spec: unknown, centre: Record<string, unknown>): unknown {
  const s = spec as { centre?: Record<string, unknown> };
  return { ...s, centre: { ...(s.centre ?? {}), ...centre } };
}
