/**
 * The ends of a suite command (src/server/emit-result.ts): its outputs are checked before it
 * measures (results directory, README block markers), and after it measures the table is printed
 * before any file is written, so a file that cannot be written still leaves the numbers on screen.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BenchError, exitStatusOf } from '../src/lib/errors.ts';
import { checkResultsDir } from '../src/lib/results-files.ts';
import { checkOutputs, emitResult, type Outputs } from '../src/server/emit-result.ts';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'bench-emit-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const thrown = (fn: () => void): BenchError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof BenchError) return e;
    throw e;
  }
  throw new Error('did not throw');
};

describe('checkResultsDir', () => {
  it('accepts a directory that exists or can be created under one, without creating it', () => {
    const d = tempDir();
    checkResultsDir(d, 'core');
    checkResultsDir(path.join(d, 'new', 'deeper'), 'core');
    expect(existsSync(path.join(d, 'new'))).toBe(false);
  });

  it('refuses, as a refusal (exit 2), a path under a file or a file', () => {
    const file = path.join(tempDir(), 'f');
    writeFileSync(file, '');
    for (const out of ['/dev/null/results', file, path.join(file, 'results')]) {
      const e = thrown(() => checkResultsDir(out, 'core'));
      expect(e.message).toMatch(/^BENCH_ERR_FILE: cannot write results to .* is not a directory \(nothing was measured/);
      expect(exitStatusOf(e)).toBe(2);
    }
  });
});

describe('checkOutputs and emitResult', () => {
  const outputsWith = (readme: string): Outputs => ({ suite: 'x', readmes: [{ file: readme, block: 'x-results', heading: '## X' }] });

  it('--update-readme: a README with doubled or out-of-order markers is refused before measuring, and left as it was', () => {
    for (const text of ['<!-- x-results:start -->\na\n<!-- x-results:end -->\n<!-- x-results:start -->\nb\n<!-- x-results:end -->\n', '<!-- x-results:end -->\n<!-- x-results:start -->\n']) {
      const readme = path.join(tempDir(), 'README.md');
      writeFileSync(readme, text);
      const e = thrown(() => checkOutputs({ out: tempDir(), write: true, updateReadme: true }, outputsWith(readme)));
      expect(e.message).toMatch(/^BENCH_ERR_FILE: .*README\.md: the results block "x-results" has .*\(nothing was measured; fix the README and run again\)$/);
      expect(exitStatusOf(e)).toBe(2);
      expect(readFileSync(readme, 'utf8')).toBe(text);
      checkOutputs({ out: tempDir(), write: true, updateReadme: false }, outputsWith(readme)); // not checked without --update-readme
    }
  });

  it('prints the table before writing, so a write that fails after measuring leaves it on stdout (exit 1, not 2)', () => {
    const printed: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (printed.push(String(chunk)), true));
    const e = thrown(() => emitResult({ out: '/dev/null/results', write: true }, outputsWith(path.join(tempDir(), 'README.md')), { date: '2026-11-25T04:00:00.000Z', result: { n: 1 }, markdown: '# x\n', table: '| the | table |', readme: () => '' }));
    expect(printed).toEqual(['| the | table |\n']);
    expect(e.message).toMatch(/^BENCH_ERR_FILE: cannot write results to \/dev\/null\/results: .*\(the result is on stdout above\)$/);
    expect(exitStatusOf(e)).toBe(1);
  });

  it('writes the files and the README blocks after printing', () => {
    const out = tempDir();
    const readme = path.join(out, 'README.md'); // the results file is linked from the README's folder
    const printed: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (printed.push(String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const outputs: Outputs = { suite: 'x', readmes: [{ file: readme, block: 'x-results', heading: '## X', wrap: (b) => `around\n\n${b}` }] };
    emitResult({ out, write: true, json: true, updateReadme: true }, outputs, { date: '2026-11-25T04:00:00.000Z', result: { n: 1 }, markdown: '# x\n', table: 'table', readme: (link) => `caption ${link}` });
    expect(printed).toEqual(['{\n  "n": 1\n}\n']);
    expect(JSON.parse(readFileSync(path.join(out, 'x-2026-11-25.json'), 'utf8'))).toEqual({ n: 1 });
    expect(readFileSync(path.join(out, 'x-latest.md'), 'utf8')).toBe('# x\n');
    expect(readFileSync(readme, 'utf8')).toBe(`## X\n\n<!-- x-results:start -->\naround\n\ncaption x-2026-11-25.md\n<!-- x-results:end -->\n`);
  });
});
