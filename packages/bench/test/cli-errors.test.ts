/**
 * The bench CLI refuses what it cannot run with a coded one-line message (and a non-zero exit),
 * never a stack trace: a spec file that is missing, not JSON or not a valid spec; an option value
 * it cannot use. Runs the real CLI as a child process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BENCH_ROOT } from '../src/lib/machine.ts';

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

  it('a Redis suite on a machine without redis-server says what to install (exit 3)', () => {
    const r = benchWith({ PATH: dir }, 'bullmq', '--quick', '--no-write'); // no redis-server on this PATH
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/BENCH_ERR_NO_REDIS_SERVER: .*redis-server.*apt-get install -y redis-server/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
