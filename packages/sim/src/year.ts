/**
 * `sim year`: many centres for many days — the scale test of issue 5 ("a year of 26 centres"; the
 * calendar year of the large example gives about 22 million applicants, bench/year.md). Each centre runs its days in stretches of `stretchDays` consecutive days
 * (one engine, bookings made the day before, each day's opening hours), one seed per (centre,
 * stretch); stretches are plain-JSON jobs on the piscina threads (or BullMQ), and only counts come
 * back. Reports applicants, wall time, CPU time of the whole process (all threads:
 * `process.cpuUsage`), customers per second of wall and per CPU-second.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { time } from '@asan/queue-core';
import type { Job, JobResult, StretchCounts } from './jobs.ts';
import { executeJobs, type JobExecutor } from './pool.ts';
import { SimError } from './errors.ts';
import { createScenario } from './spec.ts';

export interface YearOptions {
  readonly centres: number;
  readonly days: number;
  /** First seed; centre c, stretch k uses seed + c · S + k, S = max(1000, stretches per centre). */
  readonly seed: number;
  readonly threads?: number | undefined;
  /** Days per job (one engine, one seed). Default 7. */
  readonly stretchDays?: number;
  readonly executor?: JobExecutor | undefined;
  readonly onProgress?: (done: number, total: number, customers: number) => void;
}

export interface YearResult {
  readonly spec: string;
  readonly centres: number;
  readonly days: number;
  readonly firstDate: string;
  readonly jobs: number;
  readonly threads: number;
  readonly totals: StretchCounts;
  readonly wallMs: number;
  /** CPU time of this process, all threads (user + system). */
  readonly cpuMs: number;
  readonly customersPerS: number;
  readonly customersPerCpuS: number;
  readonly machine: string;
}

export function yearJobs(spec: Record<string, unknown>, o: { centres: number; days: number; seed: number; stretchDays: number }): Job[] {
  // SIM_ERR_SPEC_INVALID here, once, before any job runs (it came back from every worker as SIM_ERR_WORKER)
  createScenario(spec);
  const day0 = time.parseDate(spec.date ?? '2025-03-03');
  if (Number.isNaN(day0)) throw new SimError('SIM_ERR_BAD_OPTION', { option: 'spec.date', reason: 'the spec needs a date YYYY-MM-DD' });
  // Seeds per centre: 1000 (the seeds of every run up to 1,000 stretches stay as they were), more for longer runs so that no two jobs share one.
  const stretches = Math.ceil(o.days / o.stretchDays);
  const perCentre = Math.max(1000, stretches);
  const last = o.seed + perCentre * (o.centres - 1) + stretches - 1;
  if (!Number.isSafeInteger(o.seed) || !Number.isSafeInteger(last)) {
    throw new SimError('SIM_ERR_BAD_OPTION', { option: 'seed', reason: `centre c, week k uses seed + ${perCentre}·c + k: the last seed, ${last}, is past ${Number.MAX_SAFE_INTEGER}; give a smaller --seed` });
  }
  const jobs: Job[] = [];
  // stretch-major order: every centre's first week, then every centre's second week, … (progress is even)
  for (let k = 0; k * o.stretchDays < o.days; k++) {
    for (let c = 0; c < o.centres; c++) {
      const days = Math.min(o.stretchDays, o.days - k * o.stretchDays);
      jobs.push({ kind: 'stretch', spec, date: time.formatDay(day0 + k * o.stretchDays), days, seeds: [o.seed + c * perCentre + k] });
    }
  }
  return jobs;
}

/** The jobs of a year run, after every check (options, spec, seeds): throws a SimError before anything runs. */
export function yearPlan(spec: Record<string, unknown>, o: YearOptions): Job[] {
  const stretchDays = o.stretchDays ?? 7;
  if (o.centres < 1 || o.days < 1 || stretchDays < 1) throw new SimError('SIM_ERR_BAD_OPTION', { option: 'centres/days', reason: 'must be ≥ 1' });
  return yearJobs(spec, { centres: o.centres, days: o.days, seed: o.seed, stretchDays });
}

export async function runYear(spec: Record<string, unknown>, o: YearOptions): Promise<YearResult> {
  const jobs = yearPlan(spec, o);
  const threads = o.threads ?? availableParallelism();
  const totals = { days: 0, citizens: 0, arrived: 0, served: 0, abandoned: 0, noShows: 0, turnedAway: 0, transfers: 0, commands: 0, events: 0 };
  let done = 0;
  const add = (r: JobResult) => {
    if (r.kind !== 'stretch') return;
    for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += r.counts[k];
  };
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const results = await executeJobs(jobs, {
    executor: o.executor,
    threads,
    onDone: () => {
      done++;
      o.onProgress?.(done, jobs.length, 0);
    },
  });
  const wallMs = performance.now() - t0;
  const u = process.cpuUsage(c0);
  for (const r of results) add(r);
  const cpuMs = (u.user + u.system) / 1000;
  return {
    spec: String(spec.id ?? ''),
    centres: o.centres,
    days: o.days,
    firstDate: String(spec.date ?? '2025-03-03'),
    jobs: jobs.length,
    threads,
    totals,
    wallMs,
    cpuMs,
    customersPerS: totals.citizens / (wallMs / 1000),
    customersPerCpuS: totals.citizens / (cpuMs / 1000),
    machine: `${cpus()[0]?.model ?? 'unknown cpu'}, ${cpus().length} cores, node ${process.version}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} at the end`,
  };
}
