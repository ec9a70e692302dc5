/**
 * Writes a suite's results: `<suite>-<date>.json` and `.md`, and `<suite>-latest.md`, in one
 * directory (default packages/bench/results). A later run on the same date does not overwrite an
 * earlier one: it gets `<suite>-<date>-2`, `-3`, … Any suite can use it.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BENCH_ROOT } from './machine.ts';

export const DEFAULT_RESULTS_DIR = path.join(BENCH_ROOT, 'results');

export interface WrittenFiles {
  readonly json: string;
  readonly markdown: string;
  readonly latest: string;
}

export function writeResults(dir: string, suite: string, date: string, data: unknown, markdown: string): WrittenFiles {
  mkdirSync(dir, { recursive: true });
  const base = path.join(dir, `${suite}-${date.slice(0, 10)}`);
  let stem = base;
  for (let n = 2; existsSync(`${stem}.json`) || existsSync(`${stem}.md`); n++) stem = `${base}-${n}`;
  const files = { json: `${stem}.json`, markdown: `${stem}.md`, latest: path.join(dir, `${suite}-latest.md`) };
  writeFileSync(files.json, JSON.stringify(data, null, 2) + '\n');
  writeFileSync(files.markdown, markdown);
  writeFileSync(files.latest, markdown);
  return files;
}
