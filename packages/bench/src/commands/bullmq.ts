/** `bench bullmq`: tickets as BullMQ jobs vs our issue + call-next on the Redis store, at library level, same Redis. */
import { Command } from 'commander';
import { DEFAULT_RESULTS_DIR } from '../lib/results-files.ts';
import { bullmqMarkdown, bullmqReadmeBlock, bullmqTable } from '../bullmq/bullmq-report.ts';
import { FULL_OPTIONS, QUICK_OPTIONS, runBullmqSuite } from '../bullmq/bullmq-suite.ts';
import { positiveInt } from '../server/cli-options.ts';
import { benchReadme, checkOutputs, emitResult, type Outputs } from '../server/emit-result.ts';

interface BullmqFlags {
  quick?: boolean;
  tickets?: number;
  inFlight?: number;
  concurrency?: number;
  repeats?: number;
  out: string;
  json?: boolean;
  write: boolean;
  updateReadme?: boolean;
}

export function bullmqCommand(): Command {
  return new Command('bullmq')
    .description(
      'Tickets as BullMQ jobs (Queue.add with N in flight, then a Worker) vs our issue + call-next on the Redis store at library ' +
        'level (the server\'s CentreHost: grouped decide → one EVALSHA append per group → answer), on one private redis-server: tickets per second and Redis CPU per ticket ' +
        '(INFO cpu) for both; writes <out>/bullmq-<date>.json/.md and bullmq-latest.md',
    )
    .option('--tickets <n>', 'tickets per side (e.g. 50k); default 50k, quick 1k', positiveInt('tickets'))
    .option('--in-flight <n>', 'BullMQ adds outstanding, and our clients (one command in flight each); default 50, quick 10', positiveInt('in-flight'))
    .option('--concurrency <n>', 'BullMQ Worker concurrency; default 50, quick 10', positiveInt('concurrency'))
    .option('--repeats <n>', 'repeats (median and min–max are reported); default 3, quick 1', positiveInt('repeats'))
    .option('--quick', 'smoke run: 1k tickets, 10 in flight, 1 repeat')
    .option('--out <dir>', 'results directory', DEFAULT_RESULTS_DIR)
    .option('--json', 'print the result as JSON on stdout (instead of the markdown table)')
    .option('--no-write', 'do not write results files')
    .option('--update-readme', 'also replace the bullmq results block in packages/bench/README.md')
    .action(async (flags: BullmqFlags) => {
      const base = flags.quick ? QUICK_OPTIONS : FULL_OPTIONS;
      const outputs: Outputs = { suite: 'bullmq', readmes: [benchReadme('bullmq-results', '### Latest BullMQ results')] };
      checkOutputs(flags, outputs); // before Redis starts
      const result = await runBullmqSuite({
        tickets: flags.tickets ?? base.tickets,
        inFlight: flags.inFlight ?? base.inFlight,
        workerConcurrency: flags.concurrency ?? base.workerConcurrency,
        repeats: flags.repeats ?? base.repeats,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      emitResult(flags, outputs, { date: result.machine.date, result, markdown: bullmqMarkdown(result), table: bullmqTable(result), readme: (link) => bullmqReadmeBlock(result, link) });
    });
}
