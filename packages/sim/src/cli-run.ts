/** `sim run <spec>`: simulate a spec, print the summary (or --json). */
import type { Command } from 'commander';
import { addRunOptions, intOption, progressBar, readJson, specRunOptions, type RunOptions } from './cli-common.ts';
import { formatRun } from './format-run.ts';
import { executorFor } from './cli-executor.ts';
import { runSpec } from './run-spec.ts';

export function runCommand(program: Command): void {
  addRunOptions(
    program
      .command('run')
      .description('Simulate a centre spec (packages/sim/examples/*.json) through the real engine and print waits, abandonment, fairness, ETA accuracy and utilisation (means over replications with 95% CIs).')
      .argument('<spec>', 'scenario spec (JSON, the project format)')
      .option('--json', 'print the aggregate as JSON (metrics with CIs, and the mean run summary)')
      .option('--top <n>', 'services listed by longest p90 wait', intOption('top', 0), 10),
    { replications: 10 },
  ).action(async (file: string, opts: RunOptions & { json?: boolean; top: number }) => {
    const spec = readJson(file);
    const bar = opts.progress ? progressBar('replications') : null;
    const exec = await executorFor(opts);
    const t0 = performance.now();
    try {
      const agg = await runSpec(spec, specRunOptions(opts, exec, (d, t) => bar?.update(d, t)));
      bar?.stop();
      process.stdout.write(opts.json ? `${JSON.stringify(agg, null, 1)}\n` : `${formatRun((spec as { id?: string }).id ?? file, agg, { topServices: opts.top })}\n`);
      process.stderr.write(`(${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    } finally {
      await exec?.close();
    }
  });
}
