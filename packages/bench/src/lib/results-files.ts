/**
 * Writes a suite's results: `<suite>-<date>.json` and `.md`, and `<suite>-latest.md`, in one
 * directory (default packages/bench/results). A later run on the same date does not overwrite an
 * earlier one: it gets `<suite>-<date>-2`, `-3`, … Any suite can use it.
 */
import { accessSync, constants, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BenchError } from './errors.ts';
import { BENCH_ROOT } from './machine.ts';

export const DEFAULT_RESULTS_DIR = path.join(BENCH_ROOT, 'results');

export interface WrittenFiles {
  readonly json: string;
  readonly markdown: string;
  readonly latest: string;
}

/**
 * Refuses (BENCH_ERR_FILE) a results directory that writeResults could not write to — checked before
 * a suite measures anything, so that a typo in --out does not lose a long run. The directory need
 * not exist yet (writeResults creates it): then its nearest existing ancestor must be a directory
 * this process can write to. An existing `<suite>-latest.md` must be a writable file.
 */
export function checkResultsDir(dir: string, suite: string): void {
  const refuse = (why: string): never => {
    throw new BenchError('BENCH_ERR_FILE', `cannot write results to ${dir}: ${why} (nothing was measured; give another --out, or --no-write)`);
  };
  const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e));
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(d).isDirectory();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && path.dirname(d) !== d) continue; // not there (yet): look further up
      return refuse(reason(e));
    }
    if (!isDirectory) refuse(`${d} is not a directory`);
    try {
      accessSync(d, constants.W_OK | constants.X_OK);
    } catch (e) {
      refuse(`${d} is not writable (${reason(e)})`);
    }
    break;
  }
  const latest = path.join(dir, `${suite}-latest.md`);
  if (!existsSync(latest)) return;
  if (!statSync(latest).isFile()) refuse(`${latest} is not a file`);
  try {
    accessSync(latest, constants.W_OK);
  } catch (e) {
    refuse(`${latest} is not writable (${reason(e)})`);
  }
}

/**
 * Writes the results files. It runs after the suite has measured (and its table was printed): a
 * failure is BENCH_ERR_FILE with exit status 1, not a refusal.
 */
export function writeResults(dir: string, suite: string, date: string, data: unknown, markdown: string): WrittenFiles {
  try {
    mkdirSync(dir, { recursive: true });
    const base = path.join(dir, `${suite}-${date.slice(0, 10)}`);
    let stem = base;
    for (let n = 2; existsSync(`${stem}.json`) || existsSync(`${stem}.md`); n++) stem = `${base}-${n}`;
    const files = { json: `${stem}.json`, markdown: `${stem}.md`, latest: path.join(dir, `${suite}-latest.md`) };
    writeFileSync(files.json, JSON.stringify(data, null, 2) + '\n');
    writeFileSync(files.markdown, markdown);
    writeFileSync(files.latest, markdown);
    return files;
  } catch (e) {
    throw new BenchError('BENCH_ERR_FILE', `cannot write results to ${dir}: ${e instanceof Error ? e.message : String(e)} (the result is on stdout above)`, true);
  }
}
