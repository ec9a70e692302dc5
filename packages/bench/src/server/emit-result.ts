/**
 * The two ends of every suite command: before measuring, check that its outputs can be written
 * (checkOutputs); after, print the table or the JSON, then write the results files and refresh its
 * README blocks (emitResult) — printed first, so a file that cannot be written still leaves the
 * numbers on screen.
 */
import path from 'node:path';
import { BENCH_ROOT } from '../lib/machine.ts';
import { checkBlock, replaceBlock, resultsLink } from '../lib/readme-block.ts';
import { checkResultsDir, writeResults } from '../lib/results-files.ts';
import { userPath } from './cli-options.ts';

export interface EmitFlags {
  readonly out: string;
  readonly write: boolean;
  readonly json?: boolean;
  readonly updateReadme?: boolean;
}

/** A README block that --update-readme replaces. */
export interface ReadmeTarget {
  readonly file: string;
  /** Block name (`<!-- name:start -->`) and the heading used when the block is missing. */
  readonly block: string;
  readonly heading: string;
  /** What surrounds the suite's block in this README (default: nothing). */
  readonly wrap?: (block: string) => string;
}

/** Where a suite's results go: known before it runs. */
export interface Outputs {
  /** Results file stem (`server` → server-<date>.json/.md, server-latest.md). */
  readonly suite: string;
  readonly readmes: readonly ReadmeTarget[];
}

/** This package's README, for a suite's block. */
export function benchReadme(block: string, heading: string): ReadmeTarget {
  return { file: path.join(BENCH_ROOT, 'README.md'), block, heading };
}

export interface Emitted {
  readonly date: string;
  readonly result: unknown;
  readonly markdown: string;
  /** What is printed on stdout (without --json). */
  readonly table: string;
  /** The README block's body: a caption linking the results file (null: none written), then the tables. */
  readonly readme: (resultsLink: string | null) => string;
}

/**
 * Before the suite measures: refuses (BENCH_ERR_FILE, exit 2) an --out the results files could not
 * be written to and, with --update-readme, a README whose block markers replaceBlock would refuse.
 */
export function checkOutputs(flags: EmitFlags, outputs: Outputs): void {
  if (flags.write) checkResultsDir(userPath(flags.out), outputs.suite);
  if (flags.updateReadme) for (const r of outputs.readmes) checkBlock(r.file, r.block);
}

export function emitResult(flags: EmitFlags, outputs: Outputs, e: Emitted): void {
  process.stdout.write(flags.json ? JSON.stringify(e.result, null, 2) + '\n' : e.table + '\n');
  let written: string | null = null;
  if (flags.write) {
    const files = writeResults(userPath(flags.out), outputs.suite, e.date, e.result, e.markdown);
    written = files.markdown;
    process.stderr.write(`wrote ${files.json}, ${files.markdown}, ${files.latest}\n`);
  }
  if (flags.updateReadme) {
    for (const r of outputs.readmes) {
      // Each README's block links the results file from where that README is.
      const block = e.readme(written === null ? null : resultsLink(r.file, written));
      replaceBlock(r.file, r.block, r.wrap ? r.wrap(block) : block, r.heading);
    }
    process.stderr.write(`updated ${outputs.readmes.map((r) => path.relative(path.join(BENCH_ROOT, '..', '..'), r.file)).join(' and ')}\n`);
  }
}
