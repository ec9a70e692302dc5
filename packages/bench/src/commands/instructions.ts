/** `bench instructions`: instruction counts per unit of work under valgrind (A/B on a noisy machine). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { BASE_PACKAGES, countInstructions, DEFAULT_NODE_FLAGS, InstructionsError, type BasePackage, type HarnessCounts } from '../instructions/count.ts';
import { HARNESSES, HARNESS_NAMES, type HarnessName } from '../instructions/harnesses.ts';
import { BENCH_ROOT } from '../lib/machine.ts';
import { choiceList, nonNegativeInt, positiveInt, userPath } from '../server/cli-options.ts';
import { spread } from '../lib/stats.ts';

interface Flags {
  nodeFlags: string;
  basePackages: BasePackage[];
  harness: HarnessName[];
  from?: number;
  to?: number;
  repeats: number;
  base?: string;
  top: number;
  json?: boolean;
  scenarios: string;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en');

export function formatCounts(results: HarnessCounts[]): string {
  const lines: string[] = ['| harness | subject | instructions per unit: median (min–max) | repeats |', '| --- | --- | ---: | ---: |'];
  for (const r of results) {
    const head = spread(r.counts.find((c) => c.subject === 'head')!.perUnit);
    for (const c of r.counts) {
      const s = spread(c.perUnit);
      const vs = c.subject === 'base' ? ` (head ${(((head.median - s.median) / s.median) * 100).toFixed(1)} % vs base)` : '';
      lines.push(`| ${r.harness} (per ${r.unit}; ${r.from}→${r.to}) | ${c.subject} | ${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})${vs} | ${c.perUnit.length} |`);
    }
    for (const c of r.counts) {
      if (c.top.length === 0) continue;
      lines.push('', `Top functions of ${r.harness} (${c.subject}), difference of the two runs (JIT code is "???:???"):`, '');
      for (const t of c.top) lines.push(`  ${fmt(t.instructions / (r.to - r.from)).padStart(8)} per ${r.unit}  ${t.share.toFixed(2).padStart(6)} %  ${t.fn}`);
    }
  }
  return lines.join('\n');
}

export function instructionsCommand(): Command {
  const harnessHelp = HARNESS_NAMES.map((n) => `${n}: ${HARNESSES[n].description} (default ${HARNESSES[n].from}→${HARNESSES[n].to} ${HARNESSES[n].unit}s)`).join('; ');
  return new Command('instructions')
    .description(
      'Instructions per unit of work under valgrind (cachegrind, --cache-sim=no; node --predictable): the difference between a small and a large run ' +
        'of the same seeded workload, so start-up cancels out. Repeats within ~1 % where time on a shared machine spreads 10–40 %: ' +
        'use it to compare two versions of the engine or the simulator (--base). Needs valgrind. Harnesses — ' +
        harnessHelp,
    )
    .option('--harness <list>', `comma-separated: ${HARNESS_NAMES.join(', ')}`, choiceList('--harness', HARNESS_NAMES), ['core-pair'] as HarnessName[])
    .option('--from <units>', 'units of the small run (one harness only; default per harness)', positiveInt('from'))
    .option('--to <units>', 'units of the large run (one harness only; default per harness)', positiveInt('to'))
    .option('--repeats <n>', 'repeats of each pair of runs', positiveInt('repeats'), 2)
    .option('--base <rev>', 'also count a git revision (its queue-core and sim sources, checked out in a temporary worktree, with these harnesses)')
    .option('--base-packages <list>', `which packages come from --base (the others are this working tree's in both): ${BASE_PACKAGES.join(', ')}`, choiceList('--base-packages', BASE_PACKAGES), [...BASE_PACKAGES] as BasePackage[])
    .option('--top <n>', 'list the n functions with most instructions in the difference (builtins, GC, C++; JIT code is one line)', nonNegativeInt('--top'), 0)
    .option('--node-flags <flags>', 'flags for node under valgrind, space-separated (e.g. "--predictable --no-allocation-site-pretenuring": V8\'s pretenuring decisions moved a large day by ±7 % between builds)', DEFAULT_NODE_FLAGS.join(' '))
    .option('--json', 'print the result as JSON')
    .option('--scenarios <file>', 'the reference scenarios file (for d1 and d2; a relative path is from where pnpm was started)', path.resolve(BENCH_ROOT, '..', '..', '..', 'shared', 'sim-reference', 'scenarios.json'))
    .action(async (flags: Flags) => {
      if ((flags.from !== undefined || flags.to !== undefined) && flags.harness.length > 1) {
        console.error('BENCH_ERR_BAD_OPTION: --from and --to are units of one harness (a pair, a D1 day, a D2-scale day, a large day): give one --harness with them');
        process.exitCode = 2;
        return;
      }
      if ((flags.from ?? HARNESSES[flags.harness[0]!].from) >= (flags.to ?? HARNESSES[flags.harness[0]!].to)) {
        console.error('BENCH_ERR_BAD_OPTION: --to must be larger than --from');
        process.exitCode = 2;
        return;
      }
      // a relative path is taken from where pnpm was started, as replay's spec
      const scenarios = userPath(flags.scenarios);
      if ((flags.harness.includes('d1') || flags.harness.includes('d2')) && !existsSync(scenarios)) {
        console.error(`BENCH_ERR_BAD_OPTION: no scenarios file at ${scenarios} (--scenarios ${flags.scenarios})`);
        process.exitCode = 2;
        return;
      }
      try {
        const results = await countInstructions(flags.harness, {
          from: flags.from,
          to: flags.to,
          repeats: flags.repeats,
          base: flags.base,
          basePackages: flags.basePackages,
          nodeFlags: flags.nodeFlags.split(/\s+/).filter((f) => f.length > 0),
          top: flags.top,
          scenarios,
          largeExample: path.resolve(BENCH_ROOT, '..', 'sim', 'examples', 'large-weekday.json'),
          log: (line) => console.error(line),
        });
        console.log(flags.json ? JSON.stringify(results, null, 2) : formatCounts(results));
      } catch (e) {
        if (e instanceof InstructionsError) {
          console.error(e.message);
          process.exitCode = e.code === 'BENCH_ERR_NO_VALGRIND' ? 3 : 1;
          return;
        }
        throw e;
      }
    });
}
