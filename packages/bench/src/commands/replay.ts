/** `bench replay <spec>`: a simulated centre-day replayed against the real server over HTTP, with an end-to-end consistency check. */
import path from 'node:path';
import { Command } from 'commander';
import { BenchError, readJsonFile } from '../lib/errors.ts';
import { BENCH_ROOT } from '../lib/machine.ts';
import { DEFAULT_RESULTS_DIR } from '../lib/results-files.ts';
import { replayMarkdown, replayReadmeBlock, replayTable } from '../replay/replay-report.ts';
import { runReplaySuite } from '../replay/replay-suite.ts';
import type { StoreKind } from '../server/bench-network.ts';
import { choiceList, nonNegativeInt, numberList, positiveInt, userPath } from '../server/cli-options.ts';
import { benchReadme, checkOutputs, emitResult, type Outputs } from '../server/emit-result.ts';

interface ReplayFlags {
  seed: number;
  store: StoreKind[];
  speed?: number[];
  window: number;
  out: string;
  json?: boolean;
  write: boolean;
  updateReadme?: boolean;
}

export function replayCommand(): Command {
  return new Command('replay')
    .description(
      'Generates a centre-day with the simulator (spec + seed) and replays its command stream against the real server over HTTP ' +
        '(fresh process with --clock replay: each request carries the simulated now), as fast as it can and paced at the --speed ' +
        'factors; checks every answer, and that the server\'s day statistics and event count equal the simulator\'s; reports the ' +
        'speed-up over real time. Writes <out>/replay-<store>-<date>.json/.md and replay-<store>-latest.md',
    )
    .argument('[spec]', 'simulator spec (JSON)', path.join(BENCH_ROOT, '..', 'sim', 'examples', 'large-weekday.json'))
    .option('--seed <n>', 'simulator seed', nonNegativeInt('seed'), 2025)
    .option('--store <kind>', 'server store: embedded or redis (a private redis-server)', choiceList('store', ['embedded', 'redis'] as const), ['embedded'])
    .option('--speed <list>', 'paced replays after the fast one, × real time, comma-separated (e.g. 1000); default none', numberList('--speed', '1000'))
    .option('--window <n>', 'requests pipelined on the one connection (1: each waits for the previous answer)', positiveInt('window'), 64)
    .option('--out <dir>', 'results directory', DEFAULT_RESULTS_DIR)
    .option('--json', 'print the result as JSON on stdout (instead of the markdown table)')
    .option('--no-write', 'do not write results files')
    .option('--update-readme', 'also replace the replay results block in packages/bench/README.md')
    .action(async (specFile: string, flags: ReplayFlags) => {
      if (flags.store.length !== 1) throw new BenchError('BENCH_ERR_BAD_OPTION', '--store: one of embedded, redis (a replay runs against one store)');
      const file = userPath(specFile);
      const spec = readJsonFile(file, specFile);
      const store = flags.store[0]!;
      const outputs: Outputs = { suite: `replay-${store}`, readmes: [benchReadme(`replay-${store}-results`, `### Latest replay results (${store} store)`)] };
      checkOutputs(flags, outputs);
      const result = await runReplaySuite({
        specFile: path.relative(path.join(BENCH_ROOT, '..', '..'), file),
        spec,
        seed: flags.seed,
        store,
        speeds: flags.speed ?? [],
        window: flags.window,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      emitResult(flags, outputs, { date: result.machine.date, result, markdown: replayMarkdown(result), table: replayTable(result), readme: (link) => replayReadmeBlock(result, link) });
      if (!result.runs.every((r) => r.consistent)) process.exitCode = 1;
    });
}
