/**
 * The bench CLI refuses what it cannot run with a coded one-line message (and a non-zero exit),
 * never a stack trace: a spec file that is missing, not JSON or not a valid spec; an option value
 * it cannot use. Runs the real CLI as a child process.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BENCH_ROOT } from '../src/lib/machine.ts';
import { decimalOf, integerOf, intList } from '../src/server/cli-options.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'bench-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bench(...args: string[]): { status: number | null; stderr: string; stdout: string } {
  return benchWith({}, ...args);
}

function benchWith(env: Record<string, string>, ...args: string[]): { status: number | null; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(BENCH_ROOT, 'src', 'cli.ts'), ...args], {
    cwd: BENCH_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, INIT_CWD: dir, ...env },
  });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

/** A refusal: exit 2 (nothing ran), the code and the detail on stderr, no stack trace. */
function expectRefusal(r: ReturnType<typeof bench>, code: string, detail: RegExp): void {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr).toContain(code);
  expect(r.stderr).toMatch(detail);
  expect(r.stderr).not.toMatch(/^\s+at /m); // no stack trace
  expect(r.stdout).toBe('');
}

describe('bench CLI: refusals', () => {
  it('replay of a spec file that does not exist', () => {
    expectRefusal(bench('replay', 'missing.json', '--no-write'), 'BENCH_ERR_FILE', /cannot read missing\.json: .*ENOENT/);
  });

  it('replay of a file that is not JSON', () => {
    writeFileSync(path.join(dir, 'broken.json'), '{nope');
    expectRefusal(bench('replay', 'broken.json', '--no-write'), 'BENCH_ERR_FILE', /broken\.json.*not valid JSON/);
  });

  it('replay of an invalid spec lists what to fix', () => {
    writeFileSync(path.join(dir, 'bad-spec.json'), JSON.stringify({ bad: 1 }));
    const r = bench('replay', 'bad-spec.json', '--no-write');
    expectRefusal(r, 'SIM_ERR_SPEC_INVALID', /- id: must be a non-empty string/);
    expect(r.stderr).toMatch(/- bad: is not a field here/);
  });

  it('replay with two stores (it replays against one)', () => {
    expectRefusal(bench('replay', '--store', 'embedded,redis', '--no-write'), 'BENCH_ERR_BAD_OPTION', /--store: one of embedded, redis/);
  });

  it('server: more than 100 connections with the call route (one operator per window), before anything starts', () => {
    for (const args of [['--connections', '101', '--routes', 'call'], ['--connections', '200'], ['--quick', '--connections', '101']]) {
      const r = bench('server', ...args, '--no-write');
      expectRefusal(r, 'BENCH_ERR_BAD_OPTION', new RegExp(`--connections ${args[args.indexOf('--connections') + 1]}: the call route has one operator per window, at most 100 connections`));
    }
  });

  it('a Redis suite on a machine without redis-server says what to install (exit 3)', () => {
    const r = benchWith({ PATH: dir }, 'bullmq', '--quick', '--no-write'); // no redis-server on this PATH
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/BENCH_ERR_NO_REDIS_SERVER: .*redis-server.*apt-get install -y redis-server/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

/**
 * Option values are checked when the options are parsed, before anything runs. Each case also
 * passes an unknown option (`--stop`): commander reports it only after every value has been
 * parsed, so a value the parser accepts ends in "unknown option" — never in a measured run.
 */
describe('bench CLI: option values', () => {
  const refusedValue = (args: string[], detail: RegExp): void => {
    const r = bench(...args, '--stop');
    expect(r.status, args.join(' ')).toBe(2);
    expect(r.stderr, args.join(' ')).toMatch(detail);
    expect(r.stderr).toMatch(/^error: BENCH_ERR_BAD_OPTION: /);
    expect(r.stderr).not.toMatch(/unknown option/);
    expect(r.stdout).toBe('');
  };

  it('refuses a list value given twice (it was run, and reported, twice)', () => {
    refusedValue(['core', '--depths', '1k,1k'], /depths: 1k is given twice/);
    refusedValue(['core', '--depths', '1k,10k,1000'], /depths: 1000 is given twice \(1k and 1000 are the same\)/);
    refusedValue(['server', '--routes', 'issue,call,issue'], /routes: issue is given twice/);
    refusedValue(['server', '--store', 'redis,redis'], /store: redis is given twice/);
    refusedValue(['server', '--pipelining', '1,1'], /pipelining: 1 is given twice/);
    refusedValue(['replay', '--speed', '1000,1000'], /--speed: 1000 is given twice/);
    refusedValue(['instructions', '--harness', 'd1,d1'], /--harness: d1 is given twice/);
  });

  it('reads integers as decimal digits only (0x2 was 2, 1e1 was 10); k for thousands stays', () => {
    refusedValue(['core', '--repeats', '0x2'], /repeats must be a positive integer/);
    refusedValue(['core', '--repeats', '1e1'], /repeats must be a positive integer/);
    refusedValue(['core', '--time', '0x10'], /time must be a positive integer/);
    refusedValue(['core', '--depths', '1e3'], /depths: integers ≥ 100/);
    refusedValue(['core', '--depths', '1000,'], /depths: integers ≥ 100/);
    refusedValue(['bullmq', '--tickets', '1e3'], /tickets must be a positive integer/);
    refusedValue(['bullmq', '--tickets', '2.0'], /tickets must be a positive integer/);
    refusedValue(['server', '--prefill-call', '0x10'], /prefill-call must be an integer ≥ 0/);
    refusedValue(['replay', '--seed', ''], /seed must be an integer ≥ 0/);
    refusedValue(['server', '--warmup', '1e1'], /warmup must be a number > 0 in decimal notation/);
    refusedValue(['replay', '--speed', '0x10'], /--speed: numbers > 0 in decimal notation/);
  });

  it('reads decimal integers, k for thousands and decimal fractions', () => {
    expect(['100', ' 7 ', '1k', '10K', '100k'].map(integerOf)).toEqual([100, 7, 1000, 10_000, 100_000]);
    for (const v of ['0x10', '1e3', '2.0', '', 'k', '1 k', '-1', '1kk']) expect(integerOf(v) >= 0, v).toBe(false);
    expect(intList('depths', 100)('1k,10k,100k')).toEqual([1000, 10_000, 100_000]);
    expect(['0.5', '3', '2.25', '.5'].map(decimalOf)).toEqual([0.5, 3, 2.25, 0.5]);
    for (const v of ['0x10', '1e1', '', '.', 'Infinity']) expect(Number.isNaN(decimalOf(v)), v).toBe(true);
  });
});

/**
 * Where the results go is checked before anything is measured. The Redis suites run here with no
 * redis-server on PATH: the old order (measure, then write) ended in BENCH_ERR_NO_REDIS_SERVER
 * (exit 3) before any measurement, never in a measured run; the core run is as small as it gets.
 */
describe('bench CLI: results that could not be written are refused before measuring', () => {
  const BUS = path.join(BENCH_ROOT, '..', 'sim', 'examples', 'mobile-bus.json');
  const notADirectory = /BENCH_ERR_FILE: cannot write results to .*: .* is not a directory \(nothing was measured; give another --out, or --no-write\)/;

  it('an --out under a file (/dev/null/results) or that is a file: BENCH_ERR_FILE, exit 2', () => {
    const file = path.join(dir, 'a-file');
    writeFileSync(file, '');
    for (const out of ['/dev/null/results', file, path.join(file, 'results')]) {
      for (const args of [['bullmq', '--quick'], ['server', '--store', 'redis', '--quick'], ['replay', BUS, '--store', 'redis']]) {
        expectRefusal(benchWith({ PATH: dir }, ...args, '--out', out), 'BENCH_ERR_FILE', notADirectory);
      }
    }
    expectRefusal(bench('core', '--quick', '--depths', '100', '--time', '1', '--repeats', '1', '--no-memory', '--out', '/dev/null/results'), 'BENCH_ERR_FILE', notADirectory);
  });

  it('a relative --out is taken from where pnpm was started (INIT_CWD), not from packages/bench', () => {
    // 'a-file-here' exists only in INIT_CWD: resolved there, the out under it is refused; resolved
    // from packages/bench (as before), it was accepted and the command went on (here: to look for redis-server)
    writeFileSync(path.join(dir, 'a-file-here'), '');
    const r = benchWith({ PATH: dir }, 'bullmq', '--quick', '--out', 'a-file-here/results');
    expectRefusal(r, 'BENCH_ERR_FILE', new RegExp(`cannot write results to ${path.join(dir, 'a-file-here', 'results').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `));
  });

  it('a <suite>-latest.md that is not a file', () => {
    const out = path.join(dir, 'out-with-latest-dir');
    mkdirSync(path.join(out, 'bullmq-latest.md'), { recursive: true });
    expectRefusal(benchWith({ PATH: dir }, 'bullmq', '--quick', '--out', out), 'BENCH_ERR_FILE', /bullmq-latest\.md is not a file \(nothing was measured/);
  });
});

describe('bench instructions: --scenarios', () => {
  it('a relative path is taken from where pnpm was started (INIT_CWD), as replay\'s spec, not from packages/bench', () => {
    // missing: the message names the file looked for
    const missing = bench('instructions', '--harness', 'd1', '--scenarios', 'no-scenarios.json');
    expect(missing.status, missing.stderr).toBe(2);
    expect(missing.stderr).toContain(`BENCH_ERR_BAD_OPTION: no scenarios file at ${path.join(dir, 'no-scenarios.json')} (--scenarios no-scenarios.json)`);
    // there: accepted, so the command goes on to look for valgrind (not on this PATH), before counting anything
    writeFileSync(path.join(dir, 'scenarios.json'), '{}');
    const found = benchWith({ PATH: dir }, 'instructions', '--harness', 'd1', '--scenarios', 'scenarios.json');
    expect(found.status, found.stderr).toBe(3);
    expect(found.stderr).toMatch(/BENCH_ERR_NO_VALGRIND/);
  });
});

