/**
 * The reference check (sim-reference/README.md): run every scenario of a scenarios file with its
 * replication count and seeds (seed_first, seed_first + 1, …), compute every metric the reference
 * file names for it, and compare: z = (sim − ref) / √(se_sim² + se_ref²), |z| < 3 passes.
 */
import { SimError } from './errors.ts';
import { estimate, zScore, Z_PASS, type Estimate } from './estimate.ts';
import { seedBatches, type Job } from './jobs.ts';
import { executeJobs, type JobExecutor } from './pool.ts';
import { readScenarioFile, readValuesFile, type RefScenario, type RefValue } from './reference-format.ts';
import { parseMetric } from './reference-metrics.ts';

export interface ValidateOptions {
  /** Replications per scenario instead of each scenario's run.replications. */
  readonly replications?: number | ((s: RefScenario) => number);
  /** Only these scenario ids. */
  readonly scenarios?: readonly string[];
  readonly threads?: number | undefined;
  /** Called after each batch with the replications done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Runs the jobs elsewhere (BullMQ workers) instead of the local pool. */
  readonly executor?: JobExecutor | undefined;
}

export interface MetricCheck {
  readonly scenario: string;
  readonly metric: string;
  readonly sim: Estimate;
  readonly ref: RefValue;
  readonly z: number;
  readonly pass: boolean;
}

export interface ValidateResult {
  readonly checks: readonly MetricCheck[];
  readonly passed: number;
  readonly failed: number;
  /** Replications run per scenario. */
  readonly replications: Readonly<Record<string, number>>;
  /** Scenarios of the scenarios file not checked because the values file has no values for them. */
  readonly skipped: readonly string[];
}

const BATCH_CUSTOMERS = 40_000;

function batchSize(s: RefScenario): number {
  // about BATCH_CUSTOMERS citizens per job, so jobs are neither tiny nor long
  const perRep = s.type === 'steady_state' ? (s.run.horizon_min! + s.run.warmup_min!) * totalRate(s) : 1000;
  return Math.max(1, Math.round(BATCH_CUSTOMERS / Math.max(1, perRep)));
}

function totalRate(s: RefScenario): number {
  return s.classes.reduce((a, c) => a + (c.arrivals.process === 'poisson' ? c.arrivals.rate_per_min : Math.max(...c.arrivals.rates_per_min)), 0);
}

export async function validate(scenariosJson: unknown, valuesJson: unknown, options: ValidateOptions = {}): Promise<ValidateResult> {
  const file = readScenarioFile(scenariosJson);
  const values = readValuesFile(valuesJson);
  // a scenario is checked when the values file has at least one metric for it
  const hasValues = (id: string): boolean => Object.keys(values.scenarios[id] ?? {}).length > 0;
  const withValues = file.scenarios.filter((s) => hasValues(s.id)).map((s) => s.id);
  let chosen = file.scenarios.filter((s) => hasValues(s.id));
  let skipped: string[] = [];
  if (options.scenarios && options.scenarios.length > 0) {
    // asked for by name: each must be there with values (it was dropped silently when it had none)
    for (const id of options.scenarios) {
      if (!file.scenarios.some((s) => s.id === id)) {
        throw new SimError('SIM_ERR_UNKNOWN_SCENARIO', { scenario: id, file: 'the scenarios file', known: file.scenarios.map((s) => s.id).join(', ') });
      }
      if (!hasValues(id)) {
        throw new SimError('SIM_ERR_UNKNOWN_SCENARIO', { scenario: id, file: 'the reference values file (it has no values for it)', known: withValues.join(', ') || 'none' });
      }
    }
    chosen = chosen.filter((s) => options.scenarios!.includes(s.id));
  } else {
    skipped = file.scenarios.filter((s) => !hasValues(s.id)).map((s) => s.id);
  }
  if (chosen.length === 0) {
    // never "0 passed, 0 failed": a check that checked nothing is not a pass
    throw new SimError('SIM_ERR_REFERENCE_INVALID', {}, [
      { path: 'scenarios', message: `the values file has values for none of the scenarios of the scenarios file (${file.scenarios.map((s) => s.id).join(', ') || 'none'}): nothing to check` },
    ]);
  }
  const reps = new Map<string, number>();
  const jobs: Job[] = [];
  const owner: string[] = [];
  for (const s of chosen) {
    const metrics = Object.keys(values.scenarios[s.id]!);
    const classes = s.classes.map((c) => c.name);
    for (const m of metrics) if (!parseMetric(m, classes)) throw new SimError('SIM_ERR_UNKNOWN_METRIC', { metric: m, scenario: s.id });
    const r = options.replications === undefined ? s.run.replications : typeof options.replications === 'number' ? options.replications : options.replications(s);
    if (!Number.isInteger(r) || r < 2) throw new SimError('SIM_ERR_BAD_OPTION', { option: 'replications', reason: `must be an integer ≥ 2, got ${r}` });
    reps.set(s.id, r);
    for (const seeds of seedBatches(s.run.seed_first, r, batchSize(s))) {
      jobs.push({ kind: 'reference', scenario: s, metrics, seeds });
      owner.push(s.id);
    }
  }
  const total = [...reps.values()].reduce((a, b) => a + b, 0);
  let done = 0;
  const onDone = (i: number) => {
    done += jobs[i]!.seeds.length;
    options.onProgress?.(done, total);
  };
  const results = await executeJobs(jobs, { executor: options.executor, threads: options.threads, onDone });
  const perScenario = new Map<string, Record<string, number>[]>();
  results.forEach((r, i) => {
    if (r.kind !== 'reference') return;
    const list = perScenario.get(owner[i]!) ?? [];
    list.push(...r.values);
    perScenario.set(owner[i]!, list);
  });
  const checks: MetricCheck[] = [];
  for (const s of chosen) {
    const runs = perScenario.get(s.id) ?? [];
    for (const [metric, ref] of Object.entries(values.scenarios[s.id]!)) {
      const sim = estimate(runs.map((v) => v[metric]!));
      const z = zScore(sim, ref);
      checks.push({ scenario: s.id, metric, sim, ref, z, pass: Number.isFinite(z) && Math.abs(z) < Z_PASS });
    }
  }
  const passed = checks.filter((c) => c.pass).length;
  return { checks, passed, failed: checks.length - passed, replications: Object.fromEntries(reps), skipped };
}

const fmt = (x: number): string =>
  !Number.isFinite(x) ? String(x) : x === 0 ? '0' : Math.abs(x) >= 1000 ? x.toFixed(1) : Math.abs(x) < 0.001 ? x.toExponential(3) : x.toPrecision(5);

/** The printed table: one row per metric, the scenarios skipped (no reference values), then `N passed, M failed`. */
export function formatValidation(r: ValidateResult): string {
  const lines: string[] = [];
  let current = '';
  const head = `${'metric'.padEnd(34)}${'value'.padStart(12)} ${'±95%'.padStart(10)} ${'reference'.padStart(12)} ${'±95%'.padStart(10)}${'z'.padStart(8)}  pass`;
  for (const c of r.checks) {
    if (c.scenario !== current) {
      current = c.scenario;
      lines.push('', `${c.scenario} (${r.replications[c.scenario]} replications)`, head);
    }
    lines.push(
      `${c.metric.padEnd(34)}${fmt(c.sim.mean).padStart(12)} ${fmt(c.sim.halfWidth).padStart(10)} ${fmt(c.ref.value).padStart(12)} ${(c.ref.ci95_half_width === undefined ? 'exact' : fmt(c.ref.ci95_half_width)).padStart(10)}${c.z.toFixed(2).padStart(8)}  ${c.pass ? 'yes' : 'NO'}`,
    );
  }
  if (r.skipped.length > 0) lines.push('', `skipped (no reference values in the values file): ${r.skipped.join(', ')}`);
  lines.push('', `${r.passed} passed, ${r.failed} failed`);
  return lines.join('\n');
}
