/** Markdown rendering of a core-suite result: the table the READMEs quote, then the details. */
import { resultsCaption } from '../lib/readme-block.ts';
import { spread, type Spread } from '../lib/stats.ts';
import type { CoreResult } from './core-suite.ts';

const int = (x: number) => Math.round(x).toLocaleString('en-US');
const range = (s: Spread) => `${int(s.median)} (${int(s.min)}–${int(s.max)})`;
const ratio = (s: Spread) => `${s.median.toFixed(3)} (${s.min.toFixed(3)}–${s.max.toFixed(3)})`;
const ns = (s: Spread) => `${int(s.median)}`;
const verdict = (p: boolean | null) => (p === null ? 'not measured' : p ? '**pass**' : '**FAIL**');

/** The compact table (per depth, then the targets, then memory) and the machine line: printed, and at the top of the results file. */
export function coreTable(r: CoreResult): string {
  const m = r.machine;
  return (
    `${coreTables(r)}\n\n` +
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; ${m.date.slice(0, 10)}, commit ${m.commit}; ` +
    `load average ${m.loadAvg.start}–${m.loadAvg.end} on ${m.cores} cores${m.nice !== 0 ? `, run at nice ${m.nice}` : ''}.`
  );
}

/** The README block (packages/bench and queue-core): a caption with the date, machine and results file, then the tables. */
export function coreReadmeBlock(r: CoreResult, resultsLink: string | null): string {
  return `${resultsCaption(r.machine, resultsLink)}\n\n${coreTables(r)}`;
}

/** Per depth, then the targets, then memory; no machine line. */
function coreTables(r: CoreResult): string {
  const cpu = r.options.clock === 'cpu';
  const perSec = cpu ? 'pairs per CPU-second' : 'pairs/s';
  const nsUnit = cpu ? 'CPU ns/pair' : 'ns/pair';
  const lines = [
    `| waiting tickets | engine ${perSec} | flatqueue ${perSec} | engine ÷ flatqueue | engine ${nsUnit} | flatqueue ${nsUnit} |`,
    `| ---: | ---: | ---: | ---: | ---: | ---: |`,
    ...r.depths.map(
      (d) =>
        `| ${int(d.depth)} | ${range(d.enginePairsPerSec)} | ${range(d.flatqueuePairsPerSec)} | ${ratio(d.ratio)} | ${ns(d.engineNsPerPair)} | ${ns(d.flatqueueNsPerPair)} |`,
    ),
    '',
    `Median (min–max) over ${r.options.repeats} repeats. One engine pair = \`issueWalkIn\` + \`callNext\` through \`Centre.execute\`; ` +
      `one flatqueue pair = \`push\` + \`pop\`. Both at constant depth. ` +
      (cpu
        ? 'Timed in process CPU time (user + system), so time spent waiting for a core on the shared machine does not count; garbage collection does.'
        : 'Timed on the wall clock.'),
    '',
    `| target | goal | measured (median, min–max) | result |`,
    `| --- | --- | --- | --- |`,
    ...r.targets.map((t) => `| ${t.name} | ${t.target} | ${t.measured} | ${verdict(t.pass)} |`),
  ];
  if (r.memory) {
    const m = r.memory;
    lines.push(
      '',
      `Memory at ${int(m.depth)} waiting tickets: ${m.bytesPerTicket.toFixed(0)} B/ticket = ` +
        `${m.arrayBufferBytesPerTicket.toFixed(0)} B in typed arrays (arrayBuffers) + ${m.heapBytesPerTicket.toFixed(0)} B on the V8 heap (heapUsed).`,
    );
  }
  return lines.join('\n');
}

/** The full results page written next to the JSON. */
export function coreMarkdown(r: CoreResult): string {
  const o = r.options;
  const m = r.machine;
  const s = r.setup;
  const out = [
    `# Core benchmark — ${m.date.slice(0, 10)}${o.quick ? ' (quick)' : ''}`,
    '',
    coreTable(r),
    '',
    '## Per depth: details',
    '',
    `| waiting tickets | engine, mean | engine, median batch | engine, wall mean | flatqueue, mean | flatqueue, median batch | flatqueue, wall mean | start + complete, wall (not in the pair) | prefill, wall ns/issue |`,
    `| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
    ...r.depths.map((d) => {
      const prefill = spread(r.runs.filter((x) => x.depth === d.depth).map((x) => x.engine.prefillNsPerTicket));
      return (
        `| ${int(d.depth)} | ${range(d.engineNsPerPair)} | ${range(d.engineP50NsPerPair)} | ${range(d.engineWallNsPerPair)} ` +
        `| ${range(d.flatqueueNsPerPair)} | ${range(d.flatqueueP50NsPerPair)} | ${range(d.flatqueueWallNsPerPair)} | ${int(d.bookkeepingNsPerPair.median)} | ${int(prefill.median)} |`
      );
    }),
    '',
    `ns per pair, median (min–max) over repeats. "mean" and "median batch" are on the run's clock (${o.clock}); the mean is what the tables above use ` +
      '(it includes garbage-collection pauses); the median batch leaves them out. "wall mean" also counts any time the process waited for a core.',
    '',
    r.slowdown ? `Engine slowdown ${int(r.slowdown.from)} → ${int(r.slowdown.to)}: ${ratio(r.slowdown.factor)}× (pair time at the larger depth ÷ at the smaller, per repeat).` : '',
    '',
    '## Setup',
    '',
    `- Centre: ${s.services} services in ${s.agencies} agencies, ${s.windows} windows (all open) each serving ${s.servicesPerWindow} services of its agency; Zipf (s = 1) service popularity; classes priority (~10 %, target 10 min) and general (30 min); EDD policy.`,
    `- Seeds: centre ${o.centreSeed}, workload ${o.workloadSeed} (+ repeat index). \`now\` starts Monday 10:00 Baku and advances ${s.stepMs} ms per pair.`,
    `- tinybench ${m.packages['tinybench']}: ${o.timeMs} ms per task after ${o.warmupMs} ms warm-up; one sample = a batch of up to ${s.engineBatch} engine pairs or ${s.flatqueueBatch} flatqueue pairs, reported per pair. Clock: ${o.clock === 'cpu' ? `process CPU time (\`process.cpuUsage\`, µs; ${s.cpuReadCostUs} µs per read pair subtracted)` : '`process.hrtime.bigint`'}. Engine and flatqueue run in the same Bench, order alternating by repeat.`,
    `- Engine batch: services (by popularity), classes, citizen keys and windows drawn before the timer; each call at a random window, free in this batch, that serves the service just issued; after the timer, start + complete free the windows.`,
    `- flatqueue ${m.packages['flatqueue']} (growable arrays) with the same EDD keys (d = now + T_class).`,
    '',
    '## Machine',
    '',
    `- CPU: ${m.cpu} × ${m.cores}; memory ${m.memoryGiB} GiB; ${m.os}`,
    `- Node ${m.node} (V8 ${m.v8}); ${Object.entries(m.packages).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `- Commit ${m.commit}; 1-min load average ${m.loadAvg.start} at start, ${m.loadAvg.end} at end (shared machine: other work may have been running); nice ${m.nice}.`,
    `- Date ${m.date}`,
    '',
  ];
  return out.join('\n');
}
