/**
 * Speed of the simulator through the real engine (not a test): customers per second for
 *   1. the engine alone (issue → call → start → complete on one centre, no simulator),
 *   2. the D1 reference day (833 customers, 26 windows in 3 shifts),
 *   3. a reference day at D2 scale: D1 with every hourly rate and every shift's operators × 3
 *      (2,500 customers, 78 windows) — the size of the day Ciw was timed on,
 *   4. one day of the large weekday example (~2,500 applicants, 90 windows, bookings, side trips),
 *   5. "a year of 26 centres" (26 × 365 days of the large example, ~24 million applicants) on the
 *      worker threads: a sample of centre-days measured and projected, or all of it (--full-year).
 * Rows 1–4 each run in a process of their own (two warm-up runs, then --repeats measured runs:
 * median, min–max). Compared with Ciw 3.2.7 (~80 ms for a
 * 2,500-applicant reference day, ~31,000 customers/s; target 30×) and, with --ciw <python>, with Ciw
 * timed in the same run on the same two reference days (bench/ciw/ciw_day.py, the project's own Ciw
 * model of D1; Ciw itself is not in the repository).
 *
 *   pnpm --filter @asan/sim bench [--repeats <n>] [--sample <centre-days>] [--full-year] [--ciw <python>] [--out <file.md>]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { Centre, createConfig, kpi, time } from '@asan/queue-core';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import { checkWritable, writeOutput } from '../src/cli-common.ts';
import { decimalInteger } from '../src/decimal.ts';
import { runJobs } from '../src/pool.ts';
import type { Job } from '../src/jobs.ts';
import { SimError } from '../src/errors.ts';
import { importReference } from '../src/reference-import.ts';
import { simulate, simulateCounts } from '../src/simulate.ts';
import { createScenario } from '../src/spec.ts';
import { d1Reference, d2Scale, SCENARIOS } from './reference-days.ts';
import type { Scenario } from '../src/scenario.ts';

const CIW_PER_S = 2500 / 0.08;
const TARGET = 30 * CIW_PER_S;

interface Row {
  readonly name: string;
  readonly customers: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly threads: number;
}

/** One row measured several times: the median repeat (by customers per CPU-second) and the range. */
interface Repeated {
  readonly name: string;
  readonly runs: readonly Row[];
}

const perS = (r: Row): number => r.customers / (r.wallMs / 1000);
/** Per second of CPU (per thread's busy second for the threaded run): what the code does when it gets a core. */
const perCpuS = (r: Row): number => r.customers / (r.cpuMs / 1000);
const median = (xs: readonly number[]): number => kpi.quantile7(xs, 0.5);
const fmt = (x: number): string => Math.round(x).toLocaleString('en');

function measure(name: string, fn: () => number): Row {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const customers = fn();
  const wallMs = performance.now() - t0;
  const u = process.cpuUsage(c0);
  return { name, customers, wallMs, cpuMs: (u.user + u.system) / 1000, threads: 1 };
}

function engineAlone(n: number): number {
  const cfg = createConfig({
    id: 'bench',
    openingHours: Object.fromEntries(time.WEEKDAYS.map((d) => [d, { open: '00:00', close: '24:00' }])),
    agencies: [{ id: 'a', kind: 'public' }],
    services: [{ id: 'q', agency: 'a', prefix: 'Q', meanHandleMin: 4 }],
    windows: Array.from({ length: 8 }, (_, i) => ({ number: i + 1, floor: 0, agency: 'a', services: ['q'] })),
    policy: 'strict-priority',
    recallTimeoutMin: null,
  });
  const c = new Centre(cfg);
  let now = time.epochOf(time.parseDate('2025-03-03'), 0, cfg.offsetMs);
  for (let w = 1; w <= 8; w++) c.execute({ type: 'openWindow', now, window: w });
  for (let i = 0; i < 6; i++) c.execute({ type: 'issueWalkIn', now, service: 'q', citizen: `w${i}` });
  for (let i = 0; i < n; i++) {
    now += 1000;
    c.execute({ type: 'issueWalkIn', now, service: 'q', citizen: `c${i}` });
    const w = (i % 8) + 1;
    c.execute({ type: 'callNext', now, window: w });
    c.execute({ type: 'start', now, window: w });
    c.execute({ type: 'complete', now: now + 1, window: w });
  }
  return n;
}

function days(sc: Scenario, n: number, seed: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) k += simulate(sc, { seed: seed + i }).records.length;
  return k;
}

const program = new Command()
  .name('bench')
  .description('Customers per second of the simulator through the real engine; writes a markdown results file.')
  .option('--repeats <n>', 'measured runs of each single-thread row, after two warm-up runs in its own process (median, min–max)', '5')
  .option('--sample <n>', 'centre-days of the large example to run on the threads for the year projection', '104')
  .option('--full-year', 'run all 26 × 365 centre-days instead of projecting')
  .option('--ciw <python>', 'also time the two reference days in Ciw in this run with this Python (it must `import ciw`: Ciw 3.2.x installed, or PYTHONPATH set to a copy)')
  .option('--ciw-days <n>', 'days per measured repeat of each Ciw row (Ciw takes ~20 ms for D1, ~70 ms at D2 scale)', '20')
  .option('--out <file>', 'results file (markdown)', new URL('../bench/results.md', import.meta.url).pathname)
  .addOption(new Option('--row <index>', 'internal: measure one row (--repeats runs after two warm-up runs) in this process and print them as JSON').hideHelp())
  // (`pnpm --filter @asan/sim bench -- --help` passes the `--` on)
  .parse(process.argv[2] === '--' ? [...process.argv.slice(0, 2), ...process.argv.slice(3)] : process.argv);
const opts = program.opts<{ repeats: string; sample: string; fullYear?: boolean; ciw?: string; ciwDays: string; out: string; row?: string }>();
/** A whole number from min to max written in decimal digits (not '0x2' or '1e1', which Number() reads), or a refusal: exit 2. */
function wholeNumber(option: string, value: string, min: number, max: number): number {
  const n = decimalInteger(value);
  if (Number.isNaN(n) || n < min || n > max) {
    process.stderr.write(`SIM_ERR_BAD_OPTION: ${option} must be a whole number from ${min} to ${max}, got ${value}\n`);
    process.exit(2);
  }
  return n;
}
const repeats = wholeNumber('--repeats', opts.repeats, 1, 50);
const sample = wholeNumber('--sample', opts.sample, 1, 26 * 365);
// The results file is written at the end: whether it can be is checked before anything is measured.
// a relative --out is taken from where pnpm was started (pnpm runs this script in packages/sim)
const out = path.resolve(process.env.INIT_CWD ?? process.cwd(), opts.out);
if (opts.row === undefined) {
  try {
    checkWritable(out);
  } catch (e) {
    if (!(e instanceof SimError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exit(2);
  }
}
const ciwDays = wholeNumber('--ciw-days', opts.ciwDays, 2, 1000);

const d1Ref = d1Reference();
const d1 = importReference(d1Ref);
const d2 = importReference(d2Scale(d1Ref));
const largeSpec = JSON.parse(readFileSync(new URL('../examples/large-weekday.json', import.meta.url), 'utf8')) as unknown;
const large = createScenario(largeSpec);

const countsOnly = (n: number, seed: number): number => {
  let k = 0;
  for (let i = 0; i < n; i++) k += simulateCounts(large, { seed: seed + i }).citizens;
  return k;
};
const plan: { name: string; warm: () => unknown; run: () => number }[] = [
  { name: 'engine alone (issue, call, start, complete; 8 windows)', warm: () => engineAlone(400_000), run: () => engineAlone(400_000) },
  { name: 'D1 reference day (833 customers, 26 windows in 3 shifts)', warm: () => days(d1, 600, 1), run: () => days(d1, 600, 1000) },
  { name: 'reference day at D2 scale (D1 × 3: 2,500 customers, 78 windows in 3 shifts)', warm: () => days(d2, 200, 1), run: () => days(d2, 200, 1000) },
  { name: 'large weekday example (~2,500 applicants, 90 windows)', warm: () => days(large, 40, 1), run: () => days(large, 40, 1000) },
  { name: 'large weekday example, counts only (no records: what `sim year` runs)', warm: () => countsOnly(40, 1), run: () => countsOnly(40, 1000) },
  // one day of the large example as Ciw times it: a single day, warm process
  { name: 'large weekday example, one day', warm: () => days(large, 40, 1), run: () => days(large, 1, 5000) },
];

if (opts.row !== undefined) {
  // Child: one row; two warm-up runs of its own workload (compiled hot paths, settled heap; compiler
  // threads count in process CPU), then --repeats measured runs, printed as JSON for the parent.
  const p = plan[Number(opts.row)];
  if (!/^\d+$/.test(opts.row) || p === undefined) {
    process.stderr.write(`SIM_ERR_BAD_OPTION: --row must be a row index from 0 to ${plan.length - 1}, got ${opts.row}\n`);
    process.exit(2);
  }
  p.warm();
  p.warm();
  const runs: Row[] = [];
  for (let r = 0; r < repeats; r++) runs.push(measure(p.name, p.run));
  process.stdout.write(`${JSON.stringify(runs)}\n`);
  process.exit(0);
}

/**
 * Each row runs in a process of its own (this script with --row), as the server suite runs each
 * subject: a row measured in a process that already ran other rows inherits their heap and their
 * type feedback (the engine's and simulator's functions compiled for the large example's many event
 * and command shapes ran a reference day 11–14 % slower than in a process of its own).
 */
function measureInChild(index: number): Row[] {
  // The node flags of this process (tsx's loader) but not a debugger's or profiler's: one per child would clash or multiply.
  const nodeArgs = process.execArgv.filter((a) => !/^--(inspect|cpu-prof|heap-prof|prof)/.test(a));
  const out = spawnSync(process.execPath, [...nodeArgs, fileURLToPath(import.meta.url), '--row', String(index), '--repeats', String(repeats)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (out.error) throw new Error(`bench row ${index} could not run: ${out.error.message}`);
  if (out.status !== 0) throw new Error(`bench row ${index} exited with ${out.status ?? out.signal}`);
  return JSON.parse(out.stdout.trim().split('\n').pop()!) as Row[];
}

/** Ciw timed on the two reference days (D1, D2 scale) by bench/ciw/ciw_day.py with `python`. */
interface CiwTimes {
  readonly version: string;
  readonly python: string;
  readonly d1: Repeated;
  readonly d2: Repeated;
}

/** What bench/ciw/ciw_day.py prints for one scale. */
interface CiwOut {
  readonly ciw: string;
  readonly python: string;
  readonly runs: readonly { readonly customers: number; readonly cpuMs: number; readonly wallMs: number }[];
}

function timeCiw(python: string): CiwTimes {
  const script = fileURLToPath(new URL('../bench/ciw/ciw_day.py', import.meta.url));
  const [d1, d2] = [1, 3].map((scale) => {
    const args = [script, '--scenarios', fileURLToPath(SCENARIOS), '--scale', String(scale), '--days', String(ciwDays), '--repeats', String(repeats)];
    const out = spawnSync(python, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (out.error || out.status !== 0) {
      const why = out.error?.message ?? out.stderr.trim().split('\n').slice(-3).join(' / ');
      const reason = `${why} (ran: ${python} ${args.join(' ')}; --ciw needs a Python that can \`import ciw\`: Ciw 3.2.x installed, or PYTHONPATH set to a copy)`;
      process.stderr.write(`${new SimError('SIM_ERR_CIW', { python, reason }).message}\n`);
      process.exit(2);
    }
    return JSON.parse(out.stdout) as CiwOut;
  }) as [CiwOut, CiwOut];
  const label = `Ciw ${d1.ciw} (Python ${d1.python}, bench/ciw/ciw_day.py)`;
  const rows = (name: string, runs: CiwOut['runs']): Repeated => ({ name, runs: runs.map((r) => ({ name, ...r, threads: 1 })) });
  return {
    version: d1.ciw,
    python: d1.python,
    d1: rows(`${label}: D1 reference day, ${ciwDays} days a repeat`, d1.runs),
    d2: rows(`${label}: reference day at D2 scale, ${ciwDays} days a repeat`, d2.runs),
  };
}

const loadBefore = loadavg()[0]!;
// Ciw first: a Python that cannot run it fails the command before the long rows.
const ciw = opts.ciw === undefined ? null : timeCiw(opts.ciw);
if (ciw) process.stderr.write(`Ciw ${ciw.version}: D1 ${ciw.d1.runs.map((x) => fmt(perCpuS(x))).join(', ')}; D2 scale ${ciw.d2.runs.map((x) => fmt(perCpuS(x))).join(', ')} customers/CPU-s\n`);
const measured: Repeated[] = plan.map((p, i) => {
  const runs = measureInChild(i);
  process.stderr.write(`${p.name}: ${runs.map((x) => fmt(perCpuS(x))).join(', ')} customers/CPU-s\n`);
  return { name: p.name, runs };
});
const med = (m: Repeated): number => median(m.runs.map(perCpuS));
const [engineRow, d1Row, d2Row, , , oneDay] = measured as [Repeated, Repeated, Repeated, Repeated, Repeated, Repeated];

const threads = availableParallelism();
const centreDays = opts.fullYear ? 26 * 365 : sample;
const perJob = 4;
const jobs: Job[] = [];
for (let i = 0; i < centreDays; i += perJob) {
  jobs.push({ kind: 'count', spec: largeSpec, seeds: Array.from({ length: Math.min(perJob, centreDays - i) }, (_, k) => 100_000 + i + k), days: 1 });
}
const c0 = process.cpuUsage();
const t0 = performance.now();
const results = await runJobs(jobs, { threads });
const wallMs = performance.now() - t0;
const cu = process.cpuUsage(c0);
const citizens = results.reduce((a, r) => a + (r.kind === 'count' ? r.citizens : 0), 0);
// CPU time of the whole process (all threads, including starting them), not the threads' wall time
const cpuMs = (cu.user + cu.system) / 1000;
const yearRow: Row = { name: `${centreDays} centre-days of the large example on ${threads} threads`, customers: citizens, wallMs, cpuMs, threads };
const yearCustomers = (citizens / centreDays) * 26 * 365;
const yearS = opts.fullYear ? wallMs / 1000 : yearCustomers / perS(yearRow);

const machine = `${cpus()[0]?.model ?? 'unknown cpu'}, ${cpus().length} cores (${threads} used), node ${process.version}, ${new Date().toISOString().slice(0, 10)}; load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`;
const range = (xs: number[]): string => `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;
const refMet = med(d1Row) >= TARGET && med(d2Row) >= TARGET;
const oneDayMs = median(oneDay.runs.map((r) => r.cpuMs));
const lines = [
  '# Simulator speed',
  '',
  `Machine: ${machine}. Measured with \`pnpm --filter @asan/sim bench\` (packages/sim/scripts/bench.ts), each single-thread row in a process of its own: two warm-up runs, then ${repeats} measured run${repeats === 1 ? '' : 's'}.`,
  'Shared machine: other work may have run at the same time (see the load averages); CPU time of this process is given next to wall time (for the threaded run: all threads of the process, including starting the workers).',
  '',
  `| run | customers per repeat | wall ms (median) | CPU ms (median) | customers/s (wall), median | customers/CPU-s, median (min–max) | × Ciw 3.2.7 (31,250/s), CPU |${ciw ? ' × Ciw timed in this run (same day), CPU |' : ''}`,
  `| --- | ---: | ---: | ---: | ---: | ---: | ---: |${ciw ? ' ---: |' : ''}`,
  ...[...measured, ...(ciw ? [ciw.d1, ciw.d2] : [])].map((m) => {
    const cpu = m.runs.map(perCpuS);
    const same = !ciw ? '' : m === d1Row ? ` ${(med(d1Row) / med(ciw.d1)).toFixed(2)} |` : m === d2Row ? ` ${(med(d2Row) / med(ciw.d2)).toFixed(2)} |` : ' — |';
    return `| ${m.name} | ${m.runs[0]!.customers.toLocaleString('en')} | ${median(m.runs.map((r) => r.wallMs)).toFixed(0)} | ${median(m.runs.map((r) => r.cpuMs)).toFixed(0)} | ${fmt(median(m.runs.map(perS)))} | ${fmt(median(cpu))} (${range(cpu)}) | ${(median(cpu) / CIW_PER_S).toFixed(2)} |${same}`;
  }),
  `| ${yearRow.name} | ${yearRow.customers.toLocaleString('en')} | ${yearRow.wallMs.toFixed(0)} | ${yearRow.cpuMs.toFixed(0)} | ${fmt(perS(yearRow))} | ${fmt(perCpuS(yearRow))} (one run) | ${(perCpuS(yearRow) / CIW_PER_S).toFixed(2)} |${ciw ? ' — |' : ''}`,
  '',
  `A year of 26 centres (26 × 365 days of the large example, ~${Math.round(yearCustomers / 1e6).toFixed(0)} million applicants at the sample's applicants per day; the calendar year that \`pnpm sim year\` runs counts its own: bench/year.md) on ${threads} threads: ` +
    `${opts.fullYear ? 'ran in' : 'projected from the sample at'} ${(yearS / 60).toFixed(1)} minutes (one-day jobs, workers started inside the measurement: an upper bound, as starting the workers dominates a short sample). ` +
    'The full year, run with `pnpm sim year` (week stretches, counts only): bench/year.md.',
  '',
  `Target (issue 5): ≥ 30 × Ciw ≈ ${fmt(TARGET)} customers/s, a centre-day in under 3 ms. ` +
    `On the reference days, the kind of day Ciw was timed on: D1 ${fmt(med(d1Row))} per CPU-second, D2 scale ${fmt(med(d2Row))} (a 2,500-customer day in ${((2500 / med(d2Row)) * 1000).toFixed(2)} ms of CPU), medians — ` +
    `${refMet ? 'met' : 'NOT met'}. ` +
    (ciw
      ? `Against Ciw timed in this run on the same days (Ciw ${ciw.version}, Python ${ciw.python}: D1 ${fmt(med(ciw.d1))}, D2 scale ${fmt(med(ciw.d2))} customers per CPU-second, a D2-scale day in ${median(ciw.d2.runs.map((r) => r.cpuMs / ciwDays)).toFixed(0)} ms): ` +
        `D1 ${(med(d1Row) / med(ciw.d1)).toFixed(1)}×, D2 scale ${(med(d2Row) / med(ciw.d2)).toFixed(1)}× — ${med(d1Row) >= 30 * med(ciw.d1) && med(d2Row) >= 30 * med(ciw.d2) ? 'met' : 'NOT met'}. `
      : 'Ciw was not timed in this run (`--ciw <python>`). ') +
    `The large weekday example (bookings, side trips, 82 services, 90 windows: a richer day than Ciw's) takes ${oneDayMs.toFixed(1)} ms of CPU for one day (median) — under 3 ms: ${oneDayMs < 3 ? 'met' : 'NOT met'}. ` +
    `The engine alone does ${fmt(med(engineRow))} customers per CPU-second on this machine, an upper bound for any simulator driving it. ` +
    `A year of 26 centres at the threaded run's CPU rate on 2 free cores: ${(yearCustomers / (2 * perCpuS(yearRow)) / 60).toFixed(1)} minutes, again an upper bound (one-day jobs with worker start-up). The year itself runs in week stretches with \`pnpm sim year\`; its target (≤ 1 minute) is checked on those runs: bench/year.md.`,
  '',
];
// Printed first: a results file that cannot be written now (checked before measuring) still leaves the numbers on screen.
process.stdout.write(`${lines.join('\n')}\n`);
try {
  writeOutput(out, `${lines.join('\n')}\n`);
} catch (e) {
  if (!(e instanceof SimError)) throw e;
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
}
process.stdout.write(`wrote ${out}\n`);
