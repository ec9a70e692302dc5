/** `sim compare`: specs or policies side by side, on the same seeds (common random numbers). */
import type { Command } from 'commander';
import type { Aggregate } from './aggregate.ts';
import { addRunOptions, progressBar, readJson, specRunOptions, type RunOptions } from './cli-common.ts';
import { executorFor } from './cli-executor.ts';
import { SimError } from './errors.ts';
import { formatComparison } from './format-run.ts';
import { runSpec, specJobs, withCentre } from './run-spec.ts';

const POLICIES = ['edd', 'strict-priority', 'fifo'];

export function compareCommand(program: Command): void {
  addRunOptions(
    program
      .command('compare')
      .description('Run two or more specs (e.g. the same centre with more windows at 17:00, or another booking share) or one spec under several call-next policies, with the same seeds, and print them side by side.')
      .argument('<specs...>', 'scenario specs (JSON); one spec with --policies, or two or more')
      .option('-p, --policies <list>', `comma-separated policies to compare on one spec (${POLICIES.join(', ')})`)
      .option('--json', 'print the aggregates as JSON'),
    { replications: 10 },
  ).action(async (files: string[], opts: RunOptions & { policies?: string; json?: boolean }) => {
    const variants: { name: string; spec: unknown }[] = [];
    if (opts.policies) {
      if (files.length !== 1) throw new SimError('SIM_ERR_BAD_OPTION', { option: '--policies', reason: 'give exactly one spec with --policies' });
      const spec = readJson(files[0]!);
      for (const p of opts.policies.split(',').map((x) => x.trim())) {
        if (!POLICIES.includes(p)) throw new SimError('SIM_ERR_BAD_OPTION', { option: '--policies', reason: `unknown policy ${p}; use ${POLICIES.join(', ')}` });
        if (variants.some((v) => v.name === p)) throw new SimError('SIM_ERR_BAD_OPTION', { option: '--policies', reason: `${p} is given twice` });
        variants.push({ name: p, spec: withCentre(spec, { policy: p }) });
      }
    } else {
      if (files.length < 2) throw new SimError('SIM_ERR_BAD_OPTION', { option: 'specs', reason: 'give two or more specs, or one spec with --policies' });
      for (const f of files) {
        const spec = readJson(f);
        variants.push({ name: (spec as { id?: string }).id ?? f, spec });
      }
      // specs with the same id (a copy edited for another staffing keeps it) are told apart by their files
      const ids = variants.map((v) => v.name);
      variants.forEach((v, i) => {
        if (ids.indexOf(v.name) !== ids.lastIndexOf(v.name)) v.name = `${v.name} (${files[i]})`;
      });
    }
    // every spec checked before the first runs (a bad second spec was refused after all of the first's replications)
    for (const v of variants) specJobs(v.spec, specRunOptions(opts, null, () => {}));
    const bar = opts.progress ? progressBar('replications') : null;
    const exec = await executorFor(opts);
    const results: { name: string; agg: Aggregate }[] = [];
    try {
      let offset = 0;
      const total = variants.length * opts.replications;
      for (const v of variants) {
        const agg = await runSpec(v.spec, specRunOptions(opts, exec, (d) => bar?.update(offset + d, total)));
        offset += opts.replications;
        results.push({ name: v.name, agg });
      }
    } finally {
      bar?.stop();
      await exec?.close();
    }
    process.stdout.write(opts.json ? `${JSON.stringify(results, null, 1)}\n` : `${formatComparison(results)}\n`);
  });
}
