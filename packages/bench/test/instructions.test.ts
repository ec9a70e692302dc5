import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundle, InstructionsError, parseAnnotate, parseInstructionTotal } from '../src/instructions/count.ts';

const REPO = path.resolve(import.meta.dirname, '..', '..', '..');
const SCENARIOS = path.resolve(REPO, '..', 'shared', 'sim-reference', 'scenarios.json');
const LARGE = path.join(REPO, 'packages', 'sim', 'examples', 'large-weekday.json');

/** Runs a harness bundle with plain node (no valgrind): what valgrind runs, checked for working. */
function runBundle(file: string, harness: string, units: number): { out: { harness: string; units: number } } {
  const res = execFileSync(process.execPath, [file, harness, String(units), SCENARIOS, LARGE], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { out: JSON.parse(res.trim().split('\n').pop()!) };
}

describe('bench instructions', () => {
  it('reads the instruction total of a cachegrind summary, and refuses output without one', () => {
    const stderr = '==123== \n==123== I   refs:      2,782,474,268\n';
    expect(parseInstructionTotal(stderr)).toBe(2_782_474_268);
    expect(() => parseInstructionTotal('==1== ERROR SUMMARY: 0 errors')).toThrow(InstructionsError);
    expect(() => parseInstructionTotal('nothing')).toThrow(/BENCH_ERR_HARNESS_FAILED/);
  });

  it('reads the function lines of cg_annotate', () => {
    const text = [
      '816,382,799 (100.0%)  PROGRAM TOTALS',
      '--------------------------------------------------------------------------------',
      '607,217,755 (74.38%)  ???:???',
      ' 20,579,458 ( 2.52%)  ???:Builtins_StringFromCharCode',
      ' -1,000 (-0.01%)  ???:v8::internal::Scavenger::Process(v8::JobDelegate*)',
    ].join('\n');
    expect(parseAnnotate(text)).toEqual([
      { instructions: 607_217_755, share: 74.38, fn: '???:???' },
      { instructions: 20_579_458, share: 2.52, fn: '???:Builtins_StringFromCharCode' },
      { instructions: -1000, share: -0.01, fn: '???:v8::internal::Scavenger::Process(v8::JobDelegate*)' },
    ]);
  });

  it('bundles the harnesses into one file that runs each workload (core pair, D1 day, large day)', async () => {
    const file = await bundle('test-head');
    expect(runBundle(file, 'core-pair', 300).out.units).toBeGreaterThanOrEqual(300);
    expect(runBundle(file, 'd1', 1).out).toEqual({ harness: 'd1', units: 1 });
    expect(runBundle(file, 'large-day', 1).out).toEqual({ harness: 'large-day', units: 1 });
  }, 120_000);

  it('with a base tree, bundles that tree\'s engine and simulator sources', async () => {
    const tree = mkdtempSync(path.join(tmpdir(), 'asan-base-test-'));
    try {
      execFileSync('git', ['-C', REPO, 'worktree', 'add', '--detach', tree, 'HEAD'], { stdio: 'pipe' });
      // a marker only the base tree has, in the engine and in the simulator
      appendFileSync(path.join(tree, 'packages', 'queue-core', 'src', 'index.ts'), "\nconsole.error('marker: base engine');\n");
      appendFileSync(path.join(tree, 'packages', 'sim', 'src', 'simulate.ts'), "\nconsole.error('marker: base simulator');\n");
      const based = await bundle('test-base', tree);
      const res = execFileSync(process.execPath, [based, 'd1', '1', SCENARIOS, LARGE], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(JSON.parse(res.trim())).toEqual({ harness: 'd1', units: 1 });
      const withStderr = execFileSync('sh', ['-c', `"${process.execPath}" "${based}" d1 1 "${SCENARIOS}" "${LARGE}" 2>&1 >/dev/null`], { encoding: 'utf8' });
      expect(withStderr).toContain('marker: base engine');
      expect(withStderr).toContain('marker: base simulator');
      // only the engine from the base tree: the simulator is this checkout's
      const engineOnly = await bundle('test-base-engine', tree, ['queue-core']);
      const engineStderr = execFileSync('sh', ['-c', `"${process.execPath}" "${engineOnly}" d1 1 "${SCENARIOS}" "${LARGE}" 2>&1 >/dev/null`], { encoding: 'utf8' });
      expect(engineStderr).toContain('marker: base engine');
      expect(engineStderr).not.toContain('marker: base simulator');
      // and the head bundle has neither
      const head = await bundle('test-head');
      const headStderr = execFileSync('sh', ['-c', `"${process.execPath}" "${head}" d1 1 "${SCENARIOS}" "${LARGE}" 2>&1 >/dev/null`], { encoding: 'utf8' });
      expect(headStderr).not.toContain('marker:');
    } finally {
      execFileSync('git', ['-C', REPO, 'worktree', 'remove', '--force', tree], { stdio: 'pipe' });
      rmSync(tree, { recursive: true, force: true });
    }
  }, 120_000);
});
