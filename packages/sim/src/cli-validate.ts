/** `sim validate <scenarios.json> <reference-values.json>`: the reference check. */
import type { Command } from 'commander';
import { readJson, intOption, progressBar } from './cli-common.ts';
import { executorFor } from './cli-executor.ts';
import { formatValidation, validate } from './validate.ts';

export function validateCommand(program: Command): void {
  program
    .command('validate')
    .description('Run every scenario of a reference scenarios file and compare each metric with the reference values: one row per metric (value, reference, z, pass), then "N passed, M failed". Scenarios the values file has no values for are named as skipped; a --scenario without values, or nothing to check, is refused (exit 2). Exit code 1 on any failure.')
    .argument('<scenarios>', 'scenarios file in the reference format (sim-reference/scenarios.json)')
    .argument('<values>', 'reference values file (sim-reference/reference-values.json)')
    .option('-r, --replications <n>', 'replications per scenario instead of each scenario\'s run.replications', intOption('replications', 2))
    .option('-s, --scenario <id...>', 'only these scenario ids')
    .option('-t, --threads <n>', 'worker threads (default: the machine\'s cores; 1 = no threads)', intOption('threads', 1))
    .option('--redis <url>', 'spread the replications over BullMQ workers on this Redis (see `sim worker`)')
    .option('--workers <n>', 'with --redis: start this many local worker processes (0: use workers started elsewhere)', intOption('workers', 0))
    .option('--no-progress', 'no progress bar')
    .action(async (scenarios: string, values: string, opts: { replications?: number; scenario?: string[]; threads?: number; progress: boolean; redis?: string; workers?: number }) => {
      const bar = opts.progress ? progressBar('replications') : null;
      const t0 = performance.now();
      const exec = await executorFor({ days: 1, replications: 1, seed: 0, progress: false, ...(opts.redis ? { redis: opts.redis } : {}), ...(opts.workers !== undefined ? { workers: opts.workers } : {}) });
      let result;
      try {
        result = await validate(readJson(scenarios), readJson(values), {
          ...(opts.replications !== undefined ? { replications: opts.replications } : {}),
          ...(opts.scenario ? { scenarios: opts.scenario } : {}),
          ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
          ...(exec ? { executor: exec.run } : {}),
          onProgress: (done, total) => bar?.update(done, total),
        });
      } finally {
        bar?.stop();
        await exec?.close();
      }
      process.stdout.write(`${formatValidation(result)}\n`);
      process.stderr.write(`(${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
      if (result.failed > 0) process.exitCode = 1;
    });
}
