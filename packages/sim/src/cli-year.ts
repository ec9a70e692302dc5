/** `sim year [spec]`: many centres × many days on the worker threads (issue 5's scale test). */
import type { Command } from 'commander';
import { checkWritable, intOption, progressBar, readJson, writeOutput } from './cli-common.ts';
import { executorFor } from './cli-executor.ts';
import { runYear, yearPlan, type YearResult } from './year.ts';

const DEFAULT_SPEC = new URL('../examples/large-weekday.json', import.meta.url).pathname;

export function formatYear(r: YearResult): string {
  const t = r.totals;
  const n = (x: number) => Math.round(x).toLocaleString('en');
  return [
    `${r.centres} centre(s) × ${r.days} day(s) of ${r.spec} from ${r.firstDate} (${r.jobs} jobs of up to 7 days, ${r.threads} thread(s))`,
    `  applicants (citizens)      ${n(t.citizens)}  (arrived ${n(t.arrived)}, served ${n(t.served)}, left ${n(t.abandoned)}, no-shows ${n(t.noShows)}, turned away ${n(t.turnedAway)}, transfers ${n(t.transfers)})`,
    `  engine commands / events   ${n(t.commands)} / ${n(t.events)}`,
    `  wall time                  ${(r.wallMs / 1000).toFixed(1)} s`,
    `  CPU time (all threads)     ${(r.cpuMs / 1000).toFixed(1)} s`,
    `  customers per second       ${n(r.customersPerS)} (wall), ${n(r.customersPerCpuS)} per CPU-second`,
    `  machine                    ${r.machine}`,
  ].join('\n');
}

export function yearCommand(program: Command): void {
  program
    .command('year')
    .description("Simulate many centres for many days (default: a year of 26 large centres, about 22 million applicants) on the worker threads; prints applicants, wall and CPU time, customers per second.")
    .argument('[spec]', 'scenario spec (default: examples/large-weekday.json)')
    .option('-c, --centres <n>', 'centres (each its own seeds)', intOption('centres', 1), 26)
    .option('-d, --days <n>', 'days per centre, from the spec date', intOption('days', 1), 365)
    .option('-s, --seed <n>', 'first seed (centre c, week k: seed + 1000·c + k; more than 1000 weeks: seed + weeks·c + k)', intOption('seed', 0), 1)
    .option('-t, --threads <n>', "worker threads (default: the machine's cores)", intOption('threads', 1))
    .option('--redis <url>', 'spread the weeks over BullMQ workers on this Redis (see `sim worker`)')
    .option('--workers <n>', 'with --redis: start this many local worker processes', intOption('workers', 0))
    .option('--json <file>', 'also write the result as JSON')
    .option('--no-progress', 'no progress bar')
    .action(async (file: string | undefined, opts: { centres: number; days: number; seed: number; threads?: number; redis?: string; workers?: number; json?: string; progress: boolean }) => {
      const spec = readJson(file ?? DEFAULT_SPEC) as Record<string, unknown>;
      if (opts.json) checkWritable(opts.json);
      yearPlan(spec, opts); // the spec and options checked before workers start or Redis is reached
      const bar = opts.progress ? progressBar('weeks') : null;
      const exec = await executorFor({ redis: opts.redis, workers: opts.workers } as Parameters<typeof executorFor>[0]);
      try {
        const r = await runYear(spec, {
          centres: opts.centres,
          days: opts.days,
          seed: opts.seed,
          threads: opts.threads,
          executor: exec?.run,
          onProgress: (done, total) => bar?.update(done, total),
        });
        bar?.stop();
        // the file first: a result printed and then SIM_ERR_OUTPUT (exit 2) reads as done and failed at once
        if (opts.json) writeOutput(opts.json, `${JSON.stringify(r, null, 1)}\n`);
        process.stdout.write(`${formatYear(r)}\n`);
      } finally {
        await exec?.close();
      }
    });
}
