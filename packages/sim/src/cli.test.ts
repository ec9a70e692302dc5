import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const SIM = fileURLToPath(new URL('..', import.meta.url));
const BUS = fileURLToPath(new URL('../examples/mobile-bus.json', import.meta.url));

/** `sim …` as a child process, the way `pnpm sim` runs it (in packages/sim, INIT_CWD = the caller's directory). */
function sim(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: SIM, env: { ...process.env, INIT_CWD: SIM }, encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('sim CLI: bad options and outputs', () => {
  it('refuses a --top that is not an integer ≥ 0', () => {
    for (const top of ['abc', '-3']) {
      const r = sim('run', BUS, '-r', '1', '-t', '1', '--no-progress', '--top', top);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/--top must be an integer ≥ 0/);
      expect(r.stdout).toBe('');
    }
  }, 60_000);

  it("commander's usage errors are one SIM_ERR_BAD_OPTION line with exit 2 (they were `error: …`, the whole help, exit 1)", () => {
    const cases: [string[], RegExp][] = [
      [['run', BUS, '-r', '0'], /option '-r, --replications <n>' argument '0' is invalid\. --replications must be an integer ≥ 1/],
      [['run', BUS, '--top', '-1'], /--top must be an integer ≥ 0/],
      [['run', BUS, '--bogus'], /unknown option '--bogus'/],
      [['run', BUS, '--jsn'], /unknown option '--jsn' \(Did you mean --json\?\)/],
      [['run'], /missing required argument 'spec'/],
      [['worker'], /required option '--redis <url>' not specified/],
      [['validate', BUS, BUS, '-r', '1'], /--replications must be an integer ≥ 2/],
      [['bogus'], /unknown command 'bogus'/],
    ];
    for (const [args, why] of cases) {
      const r = sim(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(new RegExp(`^SIM_ERR_BAD_OPTION: [^\n]*${why.source}\n$`));
      expect(r.stdout).toBe('');
    }
    const none = sim(); // no command: the help, then the coded line
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^Usage: sim /);
    expect(none.stderr).toMatch(/\nSIM_ERR_BAD_OPTION: give a command: run, report, compare, validate, worker, year\n$/);
    for (const args of [['--help'], ['run', '--help'], ['help', 'year'], ['--version']]) {
      const r = sim(...args);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toMatch(args[0] === '--version' ? /^\d+\.\d+\.\d+\n$/ : /^Usage: sim /);
      expect(r.stderr).toBe('');
    }
  }, 120_000);

  it('reads integer options as decimal integers only (an empty --seed was seed 0, --days 0x2 was 2 days)', () => {
    for (const [opt, v] of [['--seed', ''], ['--days', '0x2'], ['--replications', '1e1'], ['--seed', '2.0']]) {
      const r = sim('run', BUS, '-t', '1', '--no-progress', '-r', '1', opt!, v!);
      expect(r.status, `${opt} '${v}'`).toBe(2); // a usage error (exit 1 is validate's "a metric failed")
      expect(r.stderr).toMatch(new RegExp(`${opt} must be an integer ≥ \\d`));
      expect(r.stdout).toBe('');
    }
  }, 60_000);

  it('an unreachable --redis fails at once with SIM_ERR_REDIS (it retried forever, printing error objects with stacks)', () => {
    for (const args of [['run', BUS, '-r', '1', '--no-progress'], ['worker']]) {
      const r = sim(...args, '--redis', 'redis://127.0.0.1:1');
      expect(r.status, args[0]).toBe(2);
      expect(r.stderr).toMatch(/^SIM_ERR_REDIS: Cannot reach Redis at redis:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  }, 60_000);

  it('refuses --workers without --redis (it was ignored: the run went to local threads)', () => {
    for (const args of [['run', BUS, '-r', '1'], ['year', BUS, '--centres', '1', '--days', '1'], ['validate', BUS, BUS]]) {
      const r = sim(...args, '--workers', '2', '--no-progress');
      expect(r.status, args[0]).toBe(2);
      expect(r.stderr).toMatch(/^SIM_ERR_BAD_OPTION: Option --workers is invalid: it starts BullMQ workers for --redis; give --redis <url> too/);
      expect(r.stdout).toBe('');
    }
  }, 60_000);

  it('checks every spec before running anything: year and compare refuse a bad spec with SIM_ERR_SPEC_INVALID first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
    const bad = join(dir, 'x.json');
    writeFileSync(bad, '{"id":"x"}');
    const cases: string[][] = [
      // year: was SIM_ERR_WORKER wrapping it; with --redis, SIM_ERR_REDIS came first
      ['year', bad, '--centres', '2', '--days', '1', '--threads', '2'],
      ['year', bad, '--centres', '2', '--days', '1', '--redis', 'redis://127.0.0.1:1'],
      // compare: the first spec's replications all ran before the second was refused (this many would take minutes)
      ['compare', BUS, bad, '-r', '1000000', '-t', '1'],
      ['compare', BUS, bad, '--redis', 'redis://127.0.0.1:1'],
    ];
    for (const args of cases) {
      const r = sim(...args, '--no-progress');
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^SIM_ERR_SPEC_INVALID: Scenario spec is invalid: /);
      expect(r.stdout).toBe('');
    }
  }, 120_000);

  it("year --help gives the calendar year's applicants as about 22 million (it said ~24 million; bench/year.md: 22.0 million)", () => {
    const r = sim('year', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/a year of 26 large centres, about 22 million applicants/);
    expect(r.stdout).not.toMatch(/24 million/);
  }, 60_000);

  it('off a terminal, run, report, compare, validate and year show progress as a line every 5 % on stderr (only year did), none with --no-progress', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
    const ref = '../../../shared/sim-reference/';
    const cases: [string[], string][] = [
      [['run', BUS, '-r', '8', '-t', '1'], '8 replications'],
      [['report', BUS, '-r', '4', '-t', '1', '-o', join(dir, 'r.html')], '4 replications'],
      [['compare', BUS, '--policies', 'edd,fifo', '-r', '4', '-t', '1'], '8 replications'],
      [['validate', `${ref}scenarios.json`, `${ref}reference-values.json`, '--scenario', 'D1_DAY_SHIFTS_8_10_8', '-r', '4', '-t', '1'], '4 replications'],
      [['year', BUS, '--centres', '2', '--days', '7', '-t', '1'], '2 weeks'],
    ];
    for (const [args, total] of cases) {
      const r = sim(...args);
      expect(r.status === 0 || (args[0] === 'validate' && r.status === 1), `${args[0]}: ${r.stderr}`).toBe(true);
      const lines = r.stderr.split('\n').filter((l) => /^\d+% /.test(l));
      expect(lines.length, args[0]).toBeGreaterThan(0);
      for (const l of lines) expect(l, args[0]).toMatch(/^\d+% \(\d+\/\d+ (replications|weeks), \d+ s\)$/);
      const [n, unit] = total.split(' ');
      expect(lines.at(-1), args[0]).toMatch(new RegExp(`^100% \\(${n}/${n} ${unit}, \\d+ s\\)$`));
      expect(sim(...args, '--no-progress').stderr, args[0]).not.toMatch(/^\d+% /m);
    }
  }, 120_000);

  it('compare: two specs with the same id are told apart by their files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
    const copy = join(dir, 'bus-more-windows.json');
    writeFileSync(copy, readFileSync(BUS, 'utf8')); // the same id, as a copy edited for staffing keeps it
    const r = sim('compare', BUS, copy, '-r', '1', '-t', '1', '--no-progress');
    expect(r.status).toBe(0);
    const head = r.stdout.split('\n')[0]!;
    expect(head).toMatch(/mobile-bus \(.*mobile-bus\.json\)\s+mobile-bus \(.*bus-more-windows\.json\)$/);
    const json = sim('compare', BUS, copy, '-r', '1', '-t', '1', '--no-progress', '--json');
    expect((JSON.parse(json.stdout) as { name: string }[]).map((x) => x.name)).toEqual([`mobile-bus (${BUS})`, `mobile-bus (${copy})`]);
    // a policy twice would be two identical columns
    const twice = sim('compare', BUS, '--policies', 'edd,fifo,edd', '-r', '1', '-t', '1', '--no-progress');
    expect(twice.status).toBe(2);
    expect(twice.stderr).toMatch(/^SIM_ERR_BAD_OPTION: Option --policies is invalid: edd is given twice/);
  }, 60_000);

  it('says an output file cannot be written with SIM_ERR_OUTPUT, before running anything', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
    const cases: string[][] = [
      ['report', BUS, '-r', '1', '-t', '1', '--no-progress', '-o', join(dir, 'no-such-dir', 'r.html')],
      ['report', BUS, '-r', '1', '-t', '1', '--no-progress', '-o', dir],
      ['year', BUS, '--centres', '1', '--days', '1', '--threads', '1', '--no-progress', '--json', join(dir, 'no-such-dir', 'y.json')],
      // a directory where no file can be created, though access() says yes to root: year printed its result, then SIM_ERR_OUTPUT
      ['year', BUS, '--centres', '1', '--days', '1', '--threads', '1', '--no-progress', '--json', '/proc/sim-cli-no-such.json'],
      ['report', BUS, '-r', '1', '-t', '1', '--no-progress', '-o', '/proc/sim-cli-no-such.html'],
    ];
    for (const args of cases) {
      const r = sim(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^SIM_ERR_OUTPUT: Cannot write .*(no-such-dir|sim-cli-)/);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(r.stdout).toBe(''); // nothing was simulated: year prints its result, report 'wrote'
    }
    expect(existsSync(join(dir, 'no-such-dir'))).toBe(false);
    // the check opens the file for writing, and leaves no trace: a new file is removed again, an old one kept as it was
    const bad = join(dir, 'x.json');
    writeFileSync(bad, '{"id":"x"}');
    const old = join(dir, 'old.html');
    writeFileSync(old, 'kept');
    for (const out of [join(dir, 'new.html'), old]) {
      const r = sim('report', bad, '-r', '1', '--no-progress', '-o', out);
      expect(r.stderr).toMatch(/^SIM_ERR_SPEC_INVALID/);
    }
    expect(existsSync(join(dir, 'new.html'))).toBe(false);
    expect(readFileSync(old, 'utf8')).toBe('kept');
  }, 60_000);
});

describe('speed benchmark (scripts/bench.ts): refusals before anything is measured, and the Ciw anchor', () => {
  const BENCH = fileURLToPath(new URL('../scripts/bench.ts', import.meta.url));
  // run as `pnpm --filter @asan/sim bench` runs it: in packages/sim, INIT_CWD = where pnpm was started
  let initCwd = SIM;
  const bench = (...args: string[]): { status: number | null; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', BENCH, ...args], { cwd: SIM, env: { ...process.env, INIT_CWD: initCwd }, encoding: 'utf8', timeout: 30_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('refuses a Python that cannot run Ciw with SIM_ERR_CIW, before measuring anything, and writes no results', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-bench-'));
    // a Python without site-packages (-S) cannot import ciw, whatever this machine has installed
    const noCiw = join(dir, 'python-without-ciw');
    writeFileSync(noCiw, '#!/bin/sh\nexec python3 -I -S "$@"\n', { mode: 0o755 });
    for (const python of [join(dir, 'no-such-python'), noCiw]) {
      const out = join(dir, 'results.md');
      const r = bench('--ciw', python, '--repeats', '1', '--out', out);
      expect(r.status, python).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^SIM_ERR_CIW: Ciw could not be timed with ${python.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `));
      expect(r.stderr).toMatch(/--ciw needs a Python that can `import ciw`/);
      expect(r.stderr).not.toMatch(/customers\/CPU-s/); // no row was measured
      expect(r.stdout).toBe('');
      expect(existsSync(out)).toBe(false);
    }
  }, 60_000);

  // Each case also gives --ciw-days 1, refused after --repeats, --sample and --out are checked:
  // a value those checks let through ends in the --ciw-days refusal, never in a measured run.
  const refusedBefore = (args: string[], detail: RegExp): void => {
    const r = bench(...args, '--ciw-days', '1');
    expect(r.status, args.join(' ')).toBe(2);
    expect(r.stderr, args.join(' ')).toMatch(detail);
    expect(r.stderr).not.toMatch(/--ciw-days/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stdout).toBe('');
  };

  it('refuses a --sample that is not a whole number from 1 to 26 × 365 with SIM_ERR_BAD_OPTION (abc was NaN centre-days)', () => {
    for (const sample of ['abc', '0', '9491', '0x10', '1e2', '2.5', '']) {
      refusedBefore(['--sample', sample], new RegExp(`^SIM_ERR_BAD_OPTION: --sample must be a whole number from 1 to 9490, got ${sample.replace('.', '\\.')}$`, 'm'));
    }
  }, 60_000);

  it('reads --repeats as decimal digits (0x2 was 2 repeats, 1e1 was 10)', () => {
    for (const repeats of ['0x2', '1e1']) refusedBefore(['--repeats', repeats], new RegExp(`^SIM_ERR_BAD_OPTION: --repeats must be a whole number from 1 to 50, got ${repeats}$`, 'm'));
  }, 60_000);

  it('refuses an --out that cannot be written with SIM_ERR_OUTPUT, before measuring anything (it was written at the end)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-bench-'));
    for (const out of [join(dir, 'no-such-dir', 'results.md'), dir, '/dev/null/results.md']) {
      refusedBefore(['--repeats', '1', '--out', out], /^SIM_ERR_OUTPUT: Cannot write /);
    }
    expect(existsSync(join(dir, 'no-such-dir'))).toBe(false);
  }, 60_000);

  it('takes a relative --out from where pnpm was started (INIT_CWD), not from packages/sim', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-bench-'));
    initCwd = dir;
    try {
      // no-such-dir exists in neither place: the refusal names the file under INIT_CWD
      refusedBefore(['--repeats', '1', '--out', join('no-such-dir', 'results.md')], new RegExp(`^SIM_ERR_OUTPUT: Cannot write ${join(dir, 'no-such-dir', 'results.md').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `));
    } finally {
      initCwd = SIM;
    }
  }, 60_000);

  it('refuses --ciw-days outside 2…1000 with SIM_ERR_BAD_OPTION', () => {
    for (const days of ['1', 'x', '1001']) {
      const r = bench('--ciw', 'python3', '--ciw-days', days, '--repeats', '1');
      expect(r.status, days).toBe(2);
      expect(r.stderr).toMatch(/^SIM_ERR_BAD_OPTION: --ciw-days must be a whole number from 2 to 1000/);
      expect(r.stdout).toBe('');
    }
  }, 60_000);
});
