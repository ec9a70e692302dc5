/** `bench core`: the core suite (engine vs flatqueue at several depths, memory per ticket). */
import path from 'node:path';
import { Command, Option } from 'commander';
import { coreMarkdown, coreReadmeBlock, coreTable } from '../core/core-report.ts';
import { FULL_OPTIONS, QUICK_OPTIONS, runCoreSuite, type CoreOptions } from '../core/core-suite.ts';
import { BENCH_ROOT } from '../lib/machine.ts';
import { intList, positiveInt } from '../server/cli-options.ts';
import { DEFAULT_RESULTS_DIR } from '../lib/results-files.ts';
import { benchReadme, checkOutputs, emitResult, type Outputs } from '../server/emit-result.ts';

/** The core's results files, its block in this README, and queue-core's Performance section. */
const CORE_OUTPUTS: Outputs = {
  suite: 'core',
  readmes: [
    benchReadme('core-results', '### Latest core results'),
    { file: path.join(BENCH_ROOT, '..', 'queue-core', 'README.md'), block: 'core-bench', heading: '## Performance', wrap: (block) => performanceSection(block) },
  ],
};

interface CoreFlags {
  quick?: boolean;
  repeats?: number;
  out: string;
  json?: boolean;
  depths?: number[];
  time?: number;
  clock: 'cpu' | 'wall';
  memory: boolean;
  write: boolean;
  updateReadme?: boolean;
}

export function coreCommand(): Command {
  return new Command('core')
    .description(
      'Engine issue + callNext pairs vs flatqueue push + pop at 1k, 10k and 100k waiting tickets (same run), ' +
        'the 1k→100k slowdown and heap bytes per waiting ticket; writes <out>/core-<date>.json/.md and core-latest.md',
    )
    .option('--quick', 'smoke run: depths 1k and 10k, 150 ms per task, 2 repeats, memory at 10k')
    .option('--repeats <n>', 'repeats (median and min–max are reported); default 5, quick 2', positiveInt('repeats'))
    .option('--out <dir>', 'results directory', DEFAULT_RESULTS_DIR)
    .option('--json', 'print the result as JSON on stdout (instead of the markdown table)')
    .option('--depths <list>', 'queue depths, comma-separated (e.g. 1k,10k,100k)', intList('depths', 100, '1000,10k'))
    .option('--time <ms>', 'tinybench time per task in ms; default 1000, quick 150', positiveInt('time'))
    .addOption(
      new Option('--clock <clock>', 'what a sample measures: process CPU time (robust on a shared machine) or wall time').choices(['cpu', 'wall']).default('cpu'),
    )
    .option('--no-memory', 'skip the memory probe (child process)')
    .option('--no-write', 'do not write results files')
    .option('--update-readme', 'also replace the results table in packages/bench/README.md and the Performance section of packages/queue-core/README.md')
    .action(async (flags: CoreFlags) => {
      const base = flags.quick ? QUICK_OPTIONS : FULL_OPTIONS;
      const options: CoreOptions = {
        ...base,
        repeats: flags.repeats ?? base.repeats,
        depths: flags.depths ?? base.depths,
        timeMs: flags.time ?? base.timeMs,
        clock: flags.clock,
        memoryDepth: flags.memory ? base.memoryDepth : null,
        log: (line) => process.stderr.write(`${line}\n`),
      };
      checkOutputs(flags, CORE_OUTPUTS);
      const result = await runCoreSuite(options);
      emitResult(flags, CORE_OUTPUTS, { date: result.machine.date, result, markdown: coreMarkdown(result), table: coreTable(result), readme: (link) => coreReadmeBlock(result, link) });
    });
}

/** The queue-core README's Performance block: a pointer here, then the core block. */
export function performanceSection(table: string): string {
  return [
    'Measured by `pnpm bench core` (packages/bench, see its README for what a pair contains and how to',
    'read the ratios). Throughput is shown as a ratio to flatqueue measured in the same run, because',
    'absolute numbers depend on the machine.',
    '',
    table,
  ].join('\n');
}
