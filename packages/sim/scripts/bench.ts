/**
 * Speed of the simulator through the real engine (not a test): customers per second for
 *   1. the engine alone (issue → call → start → complete on one centre, no simulator),
 *   2. the D1 reference day (833 customers, 26 windows in 3 shifts),
 *   3. one day of the large weekday example (~2,500 applicants, 90 windows, bookings, side trips),
 *   4. "a year of 26 centres" (26 × 365 days of the large example, ~24 million applicants) on the
 *      worker threads: a sample of centre-days measured and projected, or all of it (--full-year).
 * Compared with Ciw 3.2.7 (~80 ms for a 2,500-applicant day, ~31,000 customers/s; target 30×).
 *
 *   pnpm --filter @asan/sim bench [--sample <centre-days>] [--full-year] [--out <file.md>]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { Centre, createConfig, time } from '@asan/queue-core';
import { Command } from 'commander';
import { runJobs } from '../src/pool.ts';
import type { Job } from '../src/jobs.ts';
import { readScenarioFile } from '../src/reference-format.ts';
import { importReference } from '../src/reference-import.ts';
import { simulate, simulateCounts } from '../src/simulate.ts';
import { createScenario } from '../src/spec.ts';
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

const perS = (r: Row): number => r.customers / (r.wallMs / 1000);
/** Per second of CPU (per thread's busy second for the threaded run): what the code does when it gets a core. */
const perCpuS = (r: Row): number => r.customers / (r.cpuMs / 1000);

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
  .option('--sample <n>', 'centre-days of the large example to run on the threads for the year projection', '104')
  .option('--full-year', 'run all 26 × 365 centre-days instead of projecting')
  .option('--out <file>', 'results file (markdown)', new URL('../bench/results.md', import.meta.url).pathname)
  .parse();
const opts = program.opts<{ sample: string; fullYear?: boolean; out: string }>();

const root = new URL('../../../../shared/sim-reference/', import.meta.url);
const d1 = importReference(readScenarioFile(JSON.parse(readFileSync(new URL('scenarios.json', root), 'utf8'))).scenarios.find((s) => s.id === 'D1_DAY_SHIFTS_8_10_8')!);
const largeSpec = JSON.parse(readFileSync(new URL('../examples/large-weekday.json', import.meta.url), 'utf8')) as unknown;
const large = createScenario(largeSpec);

const loadBefore = loadavg()[0]!;
const rows: Row[] = [];
engineAlone(100_000); // warm-up
rows.push(measure('engine alone (issue, call, start, complete; 8 windows)', () => engineAlone(400_000)));
days(d1, 100, 1); // warm-up
rows.push(measure('D1 reference day (833 customers, 26 windows in 3 shifts)', () => days(d1, 600, 1000)));
days(large, 5, 1);
rows.push(measure('large weekday example (~2,500 applicants, 90 windows)', () => days(large, 40, 1000)));
rows.push(
  measure('large weekday example, counts only (no records: what `sim year` runs)', () => {
    let k = 0;
    for (let i = 0; i < 40; i++) k += simulateCounts(large, { seed: 1000 + i }).citizens;
    return k;
  }),
);
// one day of the large example as Ciw times it: a single day, warm process
const one = measure('large weekday example, one day', () => days(large, 1, 5000));

const threads = availableParallelism();
const centreDays = opts.fullYear ? 26 * 365 : Number(opts.sample);
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
rows.push(yearRow);
const yearCustomers = (citizens / centreDays) * 26 * 365;
const yearS = opts.fullYear ? wallMs / 1000 : yearCustomers / perS(yearRow);

const machine = `${cpus()[0]?.model ?? 'unknown cpu'}, ${cpus().length} cores (${threads} used), node ${process.version}, ${new Date().toISOString().slice(0, 10)}; load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`;
const lines = [
  '# Simulator speed',
  '',
  `Machine: ${machine}. Measured with \`pnpm --filter @asan/sim bench\` (packages/sim/scripts/bench.ts).`,
  'Shared machine: other work may have run at the same time (see the load averages); CPU time of this process is given next to wall time (for the threaded run: all threads of the process, including starting the workers).',
  '',
  '| run | customers | wall ms | CPU ms | customers/s (wall) | customers/CPU-s | × Ciw 3.2.7 (31,250/s), CPU |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...[...rows, one].map(
    (r) =>
      `| ${r.name} | ${r.customers.toLocaleString('en')} | ${r.wallMs.toFixed(0)} | ${r.cpuMs.toFixed(0)} | ${Math.round(perS(r)).toLocaleString('en')} | ${Math.round(perCpuS(r)).toLocaleString('en')} | ${(perCpuS(r) / CIW_PER_S).toFixed(2)} |`,
  ),
  '',
  `A year of 26 centres (26 × 365 days of the large example, ${Math.round(yearCustomers / 1e6).toFixed(0)} million applicants) on ${threads} threads: ` +
    `${opts.fullYear ? 'ran in' : 'projected from the sample at'} ${(yearS / 60).toFixed(1)} minutes (one-day jobs, workers started inside the measurement). ` +
    'The full year, run with `pnpm sim year` (week stretches, counts only): bench/year.md.',
  '',
  `Target: 30 × Ciw ≈ ${Math.round(TARGET).toLocaleString('en')} customers/s. Best single-thread figure here: ${Math.round(Math.max(...rows.slice(1, 4).map(perCpuS))).toLocaleString('en')} per CPU-second — ` +
    `${Math.max(...rows.slice(1, 4).map(perCpuS)) >= TARGET ? 'met' : 'NOT met'}. The engine alone does ${Math.round(perCpuS(rows[0]!)).toLocaleString('en')} customers per CPU-second on this machine, an upper bound for any simulator driving it. ` +
    `A year of 26 centres at the threaded run's CPU rate on 2 free cores: ${((yearCustomers / (2 * perCpuS(yearRow))) / 60).toFixed(1)} minutes.`,
  '',
];
writeFileSync(opts.out, `${lines.join('\n')}\n`);
process.stdout.write(`${lines.join('\n')}\nwrote ${opts.out}\n`);
