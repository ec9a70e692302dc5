/** `sim validate <scenarios.json> <reference-values.json>`: the reference check. */
import type { Command } from 'commander';
import { readJson, intOption, progressBar } from './cli-common.ts';
import { formatValidation, validate } from './validate.ts';

export function validateCommand(program: Command): void {
  program
    .command('validate')
    .description('Run every scenario of a reference scenarios file and compare each metric with the reference values: one row per metric (value, reference, z, pass), then "N passed, M failed". Exit code 1 on any failure.')
    .argument('<scenarios>', 'scenarios file in the reference format (sim-reference/scenarios.json)')
    .argument('<values>', 'reference values file (sim-reference/reference-values.json)')
    .option('-r, --replications <n>', 'replications per scenario instead of each scenario\'s run.replications', intOption('replications', 2))
    .option('-s, --scenario <id...>', 'only these scenario ids')
    .option('-t, --threads <n>', 'worker threads (default: the machine\'s cores; 1 = no threads)', intOption('threads', 1))
    .option('--no-progress', 'no progress bar')
    .action(async (scenarios: string, values: string, opts: { replications?: number; scenario?: string[]; threads?: number; progress: boolean }) => {
      const bar = opts.progress ? progressBar('replications') : null;
      const t0 = performance.now();
      const result = await validate(readJson(scenarios), readJson(values), {
        ...(opts.replications !== undefined ? { replications: opts.replications } : {}),
        ...(opts.scenario ? { scenarios: opts.scenario } : {}),
        ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
        onProgress: (done, total) => bar?.update(done, total),
      });
      bar?.stop();
      process.stdout.write(`${formatValidation(result)}\n`);
      process.stderr.write(`(${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
      if (result.failed > 0) process.exitCode = 1;
    });
}
