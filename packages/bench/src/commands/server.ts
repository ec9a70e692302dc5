/** `bench server`: autocannon against the real server (embedded and Redis stores) with its anchors in the same run. */
import { Command } from 'commander';
import { DEFAULT_RESULTS_DIR } from '../lib/results-files.ts';
import type { StoreKind } from '../server/bench-network.ts';
import { benchReadme, checkOutputs, emitResult, type Outputs } from '../server/emit-result.ts';
import { choiceList, intList, nonNegativeInt, positiveInt, positiveNumber } from '../server/cli-options.ts';
import { ROUTES, type RouteName } from '../server/routes-under-load.ts';
import { serverMarkdown, serverReadmeBlock, serverTable } from '../server/server-report.ts';
import { checkServerOptions, FULL_OPTIONS, QUICK_OPTIONS, runServerSuite, type ServerSuiteOptions } from '../server/server-suite.ts';

interface ServerFlags {
  quick?: boolean;
  store: StoreKind[];
  routes?: RouteName[];
  pipelining?: number[];
  connections?: number;
  warmup?: number;
  duration?: number;
  repeats?: number;
  prefillCall?: number;
  sync: boolean;
  out: string;
  json?: boolean;
  write: boolean;
  updateReadme?: boolean;
}

export function serverCommand(): Command {
  return new Command('server')
    .description(
      'autocannon against the real server (fresh process per run, warm-up then measured run) on its hot routes — issue a ticket, ' +
        'call-next + start + complete at 100 windows, ticket status, public load — with the anchors Fastify hello world, ' +
        'Fastify + one Redis EVALSHA and (with the issue route) a bare Fastify POST of the issue request measured in the same run; req/s, p50, p99, CPU of server, Redis and load generator; ' +
        'writes <out>/server-<date>.json/.md and server-latest.md. Traffic goes to 127.0.0.1 only; Redis is a private redis-server.',
    )
    .option('--store <list>', 'stores: embedded, redis or both (comma-separated)', choiceList('store', ['embedded', 'redis'] as const), ['embedded', 'redis'])
    .option('--routes <list>', `routes of ours (comma-separated of ${ROUTES.join(', ')}); default all`, choiceList('routes', ROUTES))
    .option('--pipelining <list>', 'pipelining factors (comma-separated); default 1,10', intList('pipelining'))
    .option('--connections <n>', 'connections (at most 100 with the call route: one per window); default 100, quick 4', positiveInt('connections'))
    .option('--warmup <s>', 'warm-up seconds per run; default 3, quick 0.5', positiveNumber('warmup'))
    .option('--duration <s>', 'measured seconds per run; default 10, quick 1', positiveNumber('duration'))
    .option('--repeats <n>', 'repeats (median and min–max are reported); default 3, quick 1', positiveInt('repeats'))
    .option('--prefill-call <n>', 'waiting tickets in the store before a call-route run (e.g. 400k); default 400k, quick 150k', nonNegativeInt('prefill-call'))
    .option('--no-sync', 'embedded store without flushing every commit (the server default flushes)')
    .option('--quick', 'smoke run: 4 connections, 0.5 s warm-up, 1 s runs, 1 repeat, small prefill')
    .option('--out <dir>', 'results directory', DEFAULT_RESULTS_DIR)
    .option('--json', 'print the result as JSON on stdout (instead of the markdown table)')
    .option('--no-write', 'do not write results files')
    .option('--update-readme', 'also replace the server results block in packages/bench/README.md')
    .action(async (flags: ServerFlags) => {
      const base = flags.quick ? QUICK_OPTIONS : FULL_OPTIONS;
      const options: ServerSuiteOptions = {
        ...base,
        stores: flags.store,
        routes: flags.routes ?? base.routes,
        pipelinings: flags.pipelining ?? base.pipelinings,
        connections: flags.connections ?? base.connections,
        warmupS: flags.warmup ?? base.warmupS,
        durationS: flags.duration ?? base.durationS,
        repeats: flags.repeats ?? base.repeats,
        prefillCall: flags.prefillCall ?? base.prefillCall,
        noSync: !flags.sync,
        log: (line) => process.stderr.write(`${line}\n`),
      };
      // before any server or Redis starts
      checkServerOptions(options);
      const outputs: Outputs = { suite: 'server', readmes: [benchReadme('server-results', '### Latest server results')] };
      checkOutputs(flags, outputs);
      const result = await runServerSuite(options);
      emitResult(flags, outputs, { date: result.machine.date, result, markdown: serverMarkdown(result), table: serverTable(result), readme: (link) => serverReadmeBlock(result, link) });
    });
}
