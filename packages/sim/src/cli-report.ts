/** `sim report <spec> -o report.html`: a self-contained HTML report with charts. */
import type { Command } from 'commander';
import { addRunOptions, checkWritable, progressBar, readJson, specRunOptions, writeOutput, type RunOptions } from './cli-common.ts';
import { executorFor } from './cli-executor.ts';
import { htmlReport } from './html-report.ts';
import { runSpec } from './run-spec.ts';

export function reportCommand(program: Command): void {
  addRunOptions(
    program
      .command('report')
      .description('Simulate a spec and write a self-contained HTML report (inline SVG charts: waiting over the day, wait distributions per class and service, utilisation over the day and by agency, target compliance, ETA accuracy).')
      .argument('<spec>', 'scenario spec (JSON, the project format)')
      .option('-o, --out <file>', 'output HTML file', 'report.html'),
    { replications: 10 },
  ).action(async (file: string, opts: RunOptions & { out: string }) => {
    const spec = readJson(file) as { id?: string; name?: string; description?: string };
    checkWritable(opts.out);
    const bar = opts.progress ? progressBar('replications') : null;
    const exec = await executorFor(opts);
    try {
      const agg = await runSpec(spec, specRunOptions(opts, exec, (d, t) => bar?.update(d, t)));
      bar?.stop();
      writeOutput(opts.out, htmlReport(spec.name ?? spec.id ?? file, agg, spec.description ?? ''));
      process.stdout.write(`wrote ${opts.out}\n`);
    } finally {
      await exec?.close();
    }
  });
}
