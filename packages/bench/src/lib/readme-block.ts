/**
 * Keeps a generated block of a README in step with the latest results: the text between
 * `<!-- name:start -->` and `<!-- name:end -->` is replaced; the rest of the file is untouched.
 * When the markers are missing, `fallbackHeading` + the block is appended at the end; a block with
 * more than one start or end marker, or the end before the start, is refused (BENCH_ERR_FILE): by
 * checkBlock before a suite measures, and again by replaceBlock when it writes.
 *
 * A block holds a one-line caption (`resultsCaption`: date, machine, link to the results file) and
 * the result's tables — never the results file itself with its own headings: the README's headings
 * are the README's, and the setup, every repeat and the full machine stay in the linked file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BenchError } from './errors.ts';
import type { Machine } from './machine.ts';

const markersOf = (name: string) => ({ start: `<!-- ${name}:start -->`, end: `<!-- ${name}:end -->` });
const readmeText = (file: string): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');

/**
 * What is wrong with the block's markers in `text`, or null: none (the block is appended) or one
 * of each, start first. A second block, or markers out of order: which one is meant is not ours to guess.
 */
function markersProblem(file: string, text: string, name: string): string | null {
  const { start, end } = markersOf(name);
  const starts = text.split(start).length - 1;
  const ends = text.split(end).length - 1;
  if ((starts === 0 && ends === 0) || (starts === 1 && ends === 1 && text.indexOf(end) > text.indexOf(start))) return null;
  return `${file}: the results block "${name}" has ${starts} start and ${ends} end markers${starts === 1 && ends === 1 ? ', the end before the start' : ''}; it needs exactly one of each, in order`;
}

/** Before a suite measures (--update-readme): refuses, BENCH_ERR_FILE, a README whose block replaceBlock would refuse. */
export function checkBlock(file: string, name: string): void {
  const problem = markersProblem(file, readmeText(file), name);
  if (problem) throw new BenchError('BENCH_ERR_FILE', `${problem} (nothing was measured; fix the README and run again)`);
}

export function replaceBlock(file: string, name: string, body: string, fallbackHeading: string): void {
  const { start, end } = markersOf(name);
  const block = `${start}\n${body.trim()}\n${end}`;
  const text = readmeText(file);
  // Checked before measuring too (checkBlock): this catches a README changed during the run.
  const problem = markersProblem(file, text, name);
  if (problem) throw new BenchError('BENCH_ERR_FILE', `${problem} (the results files were written; fix the README and run again with --update-readme)`, true);
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  const next = i < 0 ? `${text.trimEnd()}${text ? '\n\n' : ''}${fallbackHeading}\n\n${block}\n` : text.slice(0, i) + block + text.slice(j + end.length);
  writeFileSync(file, next);
}

/** The repository a README belongs to: the nearest folder above it with pnpm-workspace.yaml (else the file system's root). */
function repositoryOf(file: string): string {
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return dir;
    dir = up;
  }
}

/**
 * A results file as a link from a README: its path relative to the README's folder, with forward
 * slashes. A results file outside the README's repository (`--out /tmp/results`) gets its absolute
 * path instead, which `resultsCaption` shows as text: a relative link out of the repository would
 * be broken once the README is committed.
 */
export function resultsLink(readmeFile: string, resultsFile: string): string {
  const inside = path.relative(repositoryOf(readmeFile), path.resolve(resultsFile));
  if (inside.startsWith('..') || path.isAbsolute(inside)) return path.resolve(resultsFile);
  return path.relative(path.dirname(readmeFile), resultsFile).split(path.sep).join('/');
}

/**
 * The first line of a README results block: what ran (optional), the date and the machine, and the
 * results file that holds the rest. `link` is null when the run wrote no results file (--no-write),
 * and an absolute path (shown as text) when the file is outside the repository (`resultsLink`).
 */
export function resultsCaption(m: Machine, link: string | null, what?: string): string {
  const run =
    `${what ? `${what}; run` : 'Run'} of ${m.date.slice(0, 10)} on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, ` +
    `commit ${m.commit}; 1-min load average ${m.loadAvg.start} → ${m.loadAvg.end}${m.nice ? `, nice ${m.nice}` : ''}.`;
  if (link === null) return `${run} No results file was written (--no-write).`;
  if (path.isAbsolute(link)) return `${run} Results: ${link} (outside the repository, not linked).`;
  return `${run} Results: [${link}](${link}).`;
}
