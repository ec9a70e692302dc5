/** The end of every suite command: write the results files, refresh a README block, print the table or the JSON. */
import path from 'node:path';
import { BENCH_ROOT } from '../lib/machine.ts';
import { replaceBlock, resultsLink } from '../lib/readme-block.ts';
import { writeResults } from '../lib/results-files.ts';

export interface EmitFlags {
  readonly out: string;
  readonly write: boolean;
  readonly json?: boolean;
  readonly updateReadme?: boolean;
}

export interface Emitted {
  /** Results file stem (`server` → server-<date>.json/.md, server-latest.md). */
  readonly suite: string;
  readonly date: string;
  readonly result: unknown;
  readonly markdown: string;
  /** What is printed on stdout (without --json). */
  readonly table: string;
  /** README block name and the heading used when the block is missing. */
  readonly readmeBlock: string;
  readonly readmeHeading: string;
  /** The README block's body: a caption linking the results file (null: none written), then the tables. */
  readonly readme: (resultsLink: string | null) => string;
}

export function emitResult(flags: EmitFlags, e: Emitted): void {
  let written: string | null = null;
  if (flags.write) {
    const files = writeResults(path.resolve(flags.out), e.suite, e.date, e.result, e.markdown);
    written = files.markdown;
    process.stderr.write(`wrote ${files.json}, ${files.markdown}, ${files.latest}\n`);
  }
  if (flags.updateReadme) {
    const readme = path.join(BENCH_ROOT, 'README.md');
    replaceBlock(readme, e.readmeBlock, e.readme(written === null ? null : resultsLink(readme, written)), e.readmeHeading);
    process.stderr.write('updated packages/bench/README.md\n');
  }
  process.stdout.write(flags.json ? JSON.stringify(e.result, null, 2) + '\n' : e.table + '\n');
}
