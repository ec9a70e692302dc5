import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeResults } from '../src/lib/results-files.ts';

describe('writeResults', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('keeps an earlier run of the same date and numbers the later ones; latest is the last run', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-results-'));
    dirs.push(dir);
    const date = '2026-11-24T05:00:00.000Z';
    const first = writeResults(dir, 'core', date, { run: 1 }, '# run 1\n');
    const second = writeResults(dir, 'core', date, { run: 2 }, '# run 2\n');
    const third = writeResults(dir, 'core', date, { run: 3 }, '# run 3\n');
    expect(path.basename(first.json)).toBe('core-2026-11-24.json');
    expect(path.basename(second.json)).toBe('core-2026-11-24-2.json');
    expect(path.basename(third.markdown)).toBe('core-2026-11-24-3.md');
    expect(JSON.parse(readFileSync(first.json, 'utf8'))).toEqual({ run: 1 });
    expect(readFileSync(second.markdown, 'utf8')).toBe('# run 2\n');
    expect(readFileSync(path.join(dir, 'core-latest.md'), 'utf8')).toBe('# run 3\n');
  });
});
