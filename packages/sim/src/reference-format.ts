/**
 * The external reference format (shared/sim-reference: scenarios.json, reference-values.json):
 * its types, and a reader that checks a file against it and lists every problem with its path.
 */
import { durationProblems, validateDist, type DistSpec } from './distributions.ts';
import { SimError, type Problem } from './errors.ts';

export type RefArrivals =
  | { readonly process: 'poisson'; readonly rate_per_min: number }
  | { readonly process: 'poisson_piecewise'; readonly interval_ends_min: readonly number[]; readonly rates_per_min: readonly number[] };

export interface RefClass {
  readonly name: string;
  readonly priority: number;
  readonly arrivals: RefArrivals;
  readonly service: DistSpec;
  readonly patience?: DistSpec;
}

export interface RefShift {
  readonly name: string;
  readonly count: number;
  readonly start_min: number;
  readonly end_min: number | null;
}

export interface RefScenario {
  readonly id: string;
  readonly type: 'steady_state' | 'day';
  readonly description?: string;
  readonly classes: readonly RefClass[];
  readonly servers: number | { readonly shifts: readonly RefShift[] };
  readonly arrivals_stop_min?: number;
  readonly run: { readonly warmup_min?: number; readonly horizon_min?: number; readonly replications: number; readonly seed_first: number };
}

export interface RefScenarioFile {
  readonly version: number;
  readonly scenarios: readonly RefScenario[];
}

export interface RefValue {
  readonly value: number;
  readonly ci95_half_width?: number;
  readonly source?: string;
}

export interface RefValuesFile {
  readonly scenarios: Readonly<Record<string, Readonly<Record<string, RefValue>>>>;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function checkArrivals(p: string, a: unknown, bad: (path: string, m: string) => void): void {
  if (!isObj(a)) return bad(p, 'must be an object with a "process"');
  if (a.process === 'poisson') {
    if (!isNum(a.rate_per_min) || a.rate_per_min < 0) bad(`${p}.rate_per_min`, 'must be a number ≥ 0');
  } else if (a.process === 'poisson_piecewise') {
    const ends = a.interval_ends_min;
    const rates = a.rates_per_min;
    if (!Array.isArray(ends) || ends.length === 0 || !ends.every(isNum)) return bad(`${p}.interval_ends_min`, 'must be a non-empty array of numbers');
    if (!ends.every((e: number, i: number) => e > 0 && (i === 0 || e > (ends[i - 1] as number)))) bad(`${p}.interval_ends_min`, 'must be increasing and > 0');
    if (!Array.isArray(rates) || rates.length !== ends.length || !rates.every((r) => isNum(r) && r >= 0)) {
      bad(`${p}.rates_per_min`, `must be ${ends.length} numbers ≥ 0 (one per interval)`);
    }
  } else bad(`${p}.process`, `must be "poisson" or "poisson_piecewise", got ${JSON.stringify(a.process)}`);
}

/** Checks a parsed scenarios file; throws SIM_ERR_REFERENCE_INVALID listing every problem. */
export function readScenarioFile(json: unknown): RefScenarioFile {
  const problems: Problem[] = [];
  const bad = (path: string, message: string) => void problems.push({ path, message });
  if (!isObj(json) || !Array.isArray(json.scenarios)) throw new SimError('SIM_ERR_REFERENCE_INVALID', {}, [{ path: 'scenarios', message: 'must be an array of scenarios' }]);
  const ids = new Set<string>();
  json.scenarios.forEach((s: unknown, i: number) => {
    const p = `scenarios[${i}]`;
    if (!isObj(s)) return bad(p, 'must be an object');
    if (typeof s.id !== 'string' || s.id === '') bad(`${p}.id`, 'must be a non-empty string');
    else if (ids.has(s.id)) bad(`${p}.id`, `duplicate id ${s.id}`);
    else ids.add(s.id);
    if (s.type !== 'steady_state' && s.type !== 'day') bad(`${p}.type`, `must be "steady_state" or "day", got ${JSON.stringify(s.type)}`);
    if (!Array.isArray(s.classes) || s.classes.length === 0) bad(`${p}.classes`, 'must be a non-empty array');
    else {
      const names = new Set<string>();
      s.classes.forEach((c: unknown, k: number) => {
        const q = `${p}.classes[${k}]`;
        if (!isObj(c)) return bad(q, 'must be an object');
        if (typeof c.name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(c.name)) bad(`${q}.name`, 'must be an id of letters, digits, _ . - (1–64)');
        else if (names.has(c.name)) bad(`${q}.name`, `duplicate class ${c.name}`);
        else names.add(c.name);
        if (!isNum(c.priority)) bad(`${q}.priority`, 'must be a number (lower is served first)');
        checkArrivals(`${q}.arrivals`, c.arrivals, bad);
        // durations: no negative draws (a deterministic below 0 was refused by validateDist itself)
        const duration = (path: string, d: unknown): void => {
          const problems = validateDist(d);
          for (const m of problems.length > 0 ? problems : durationProblems(d as DistSpec)) bad(path, m);
        };
        duration(`${q}.service`, c.service);
        if (c.patience !== undefined) duration(`${q}.patience`, c.patience);
      });
    }
    const sv = s.servers;
    if (isNum(sv)) {
      if (!Number.isInteger(sv) || sv < 1) bad(`${p}.servers`, 'must be an integer ≥ 1');
    } else if (isObj(sv) && Array.isArray(sv.shifts) && sv.shifts.length > 0) {
      if (s.type !== 'day') bad(`${p}.servers.shifts`, 'shifts are only defined for "day" scenarios');
      sv.shifts.forEach((g: unknown, k: number) => {
        const q = `${p}.servers.shifts[${k}]`;
        if (!isObj(g)) return bad(q, 'must be an object');
        if (!isNum(g.count) || !Number.isInteger(g.count) || g.count < 1) bad(`${q}.count`, 'must be an integer ≥ 1');
        if (!isNum(g.start_min) || g.start_min < 0) bad(`${q}.start_min`, 'must be a number ≥ 0');
        if (g.end_min !== null && (!isNum(g.end_min) || !isNum(g.start_min) || g.end_min <= g.start_min)) bad(`${q}.end_min`, 'must be null or a number > start_min');
      });
    } else bad(`${p}.servers`, 'must be an integer or { "shifts": [...] }');
    if (s.arrivals_stop_min !== undefined && (!isNum(s.arrivals_stop_min) || s.arrivals_stop_min <= 0)) bad(`${p}.arrivals_stop_min`, 'must be a number > 0');
    const run = s.run;
    if (!isObj(run)) bad(`${p}.run`, 'must be an object with replications and seed_first');
    else {
      if (!isNum(run.replications) || !Number.isInteger(run.replications) || run.replications < 2) bad(`${p}.run.replications`, 'must be an integer ≥ 2');
      if (!isNum(run.seed_first) || !Number.isSafeInteger(run.seed_first)) bad(`${p}.run.seed_first`, 'must be an integer');
      if (s.type === 'steady_state') {
        if (!isNum(run.warmup_min) || run.warmup_min < 0) bad(`${p}.run.warmup_min`, 'must be a number ≥ 0');
        if (!isNum(run.horizon_min) || run.horizon_min <= 0) bad(`${p}.run.horizon_min`, 'must be a number > 0');
      }
    }
    if (s.type === 'day' && Array.isArray(s.classes)) {
      const unbounded = s.arrivals_stop_min === undefined && s.classes.some((c: unknown) => isObj(c) && isObj(c.arrivals) && c.arrivals.process === 'poisson');
      if (unbounded) bad(`${p}.arrivals_stop_min`, 'a day scenario with constant-rate arrivals needs arrivals_stop_min');
    }
  });
  if (problems.length > 0) throw new SimError('SIM_ERR_REFERENCE_INVALID', {}, problems);
  return json as unknown as RefScenarioFile;
}

/** Checks a parsed reference-values file. */
export function readValuesFile(json: unknown): RefValuesFile {
  const problems: Problem[] = [];
  if (!isObj(json) || !isObj(json.scenarios)) throw new SimError('SIM_ERR_REFERENCE_INVALID', {}, [{ path: 'scenarios', message: 'must be an object: scenario id → metric → value' }]);
  for (const [id, metrics] of Object.entries(json.scenarios)) {
    if (!isObj(metrics)) {
      problems.push({ path: `scenarios.${id}`, message: 'must be an object: metric → { value, ci95_half_width? }' });
      continue;
    }
    for (const [m, v] of Object.entries(metrics)) {
      const p = `scenarios.${id}.${m}`;
      if (!isObj(v) || !isNum(v.value)) problems.push({ path: p, message: 'must have a numeric "value"' });
      else if (v.ci95_half_width !== undefined && (!isNum(v.ci95_half_width) || v.ci95_half_width < 0)) problems.push({ path: `${p}.ci95_half_width`, message: 'must be a number ≥ 0' });
    }
  }
  if (problems.length > 0) throw new SimError('SIM_ERR_REFERENCE_INVALID', {}, problems);
  return json as unknown as RefValuesFile;
}
