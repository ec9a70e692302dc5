/** Markdown rendering of a replay result. */
import { resultsCaption } from '../lib/readme-block.ts';
import { fixed, int, machineLine, machineSection, targetTable } from '../server/report-format.ts';
import type { ReplayResult } from './replay-suite.ts';

/** The day, the replays table, the day statistics, the targets and the machine line: printed, and at the top of the results file. */
export function replayTable(r: ReplayResult): string {
  const d = r.day;
  const t = d.closingStats.total;
  return [
    `Day \`${r.scenario.id}\` (seed ${r.options.seed}, ${r.options.store} store): ${int(d.citizens)} citizens, ${int(d.commands)} commands (${int(d.refusedInSimulator)} refused by the engine, replayed as refusals too), ${int(d.events)} events; active span ${d.activeFrom.slice(11, 16)}–${d.activeTo.slice(11, 16)} UTC = ${fixed(d.activeSpanH, 2)} h.`,
    '',
    ...runsTable(r),
    '',
    `Day statistics compared just before the end of day${r.runs[0]?.dayEndChecks.length ? '' : ' (no end of day in this run: compared at the end only)'} and at the end. Before the end of day, both sides: issued ${int(t.issued)}, called ${int(t.called)}, served ${int(t.served)}, no-shows ${int(t.noShows)}, cancelled ${int(t.cancelled)}, mean wait ${fixed(t.meanWaitMin ?? NaN, 2)} min, max wait ${fixed(t.maxWaitMin ?? NaN, 1)} min.`,
    '',
    ...targetTable(r.targets),
    '',
    machineLine(r.machine),
  ].join('\n');
}

/**
 * The README block: one caption line (the day, the date, the machine, the results file), then the
 * replays table and the targets. The day statistics and the setup stay in the results file.
 */
export function replayReadmeBlock(r: ReplayResult, resultsLink: string | null): string {
  const d = r.day;
  const what = `Day \`${r.scenario.id}\` (seed ${r.options.seed}, ${r.options.store} store: ${int(d.citizens)} citizens, ${int(d.commands)} commands, active span ${d.activeFrom.slice(11, 16)}–${d.activeTo.slice(11, 16)} UTC = ${fixed(d.activeSpanH, 2)} h)`;
  return [resultsCaption(r.machine, resultsLink, what), '', ...runsTable(r), '', ...targetTable(r.targets)].join('\n');
}

function runsTable(r: ReplayResult): string[] {
  const d = r.day;
  return [
    '| replay | wall s | commands/s | × real time | lag p50 / p99 / max ms | answers differing | day statistics | events (server / simulator) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
    ...r.runs.map(
      (x) =>
        `| ${x.mode} | ${fixed(x.wallS, 2)} | ${int(x.commandsPerSec)} | ${int(x.speedUp)} | ${x.lagMs ? `${fixed(x.lagMs.median, 1)} / ${fixed(x.lagP99Ms ?? NaN, 1)} / ${fixed(x.maxLagMs ?? NaN, 1)}` : '–'} | ${int(x.mismatches)} | ${x.statsEqual ? 'equal' : '**NOT equal**'} | ${int(x.serverEvents)} / ${int(d.events)} |`,
    ),
  ];
}

export function replayMarkdown(r: ReplayResult): string {
  return [
    `# Replay of a simulated day — ${r.machine.date.slice(0, 10)}`,
    '',
    replayTable(r),
    '',
    '## What runs',
    '',
    `- The simulator (\`simulate\`, spec \`${r.options.specFile}\`, seed ${r.options.seed}, one day) is run once and every command it gives the engine is recorded with the engine's answer (${fixed(r.day.recordMs, 0)} ms).`,
    '- Each replay starts a fresh server process (`packages/server/src/main.ts --clock replay`) with the scenario\'s centre on a fresh store, and sends the commands over HTTP one after another with the admin token, each carrying the simulator\'s `now` in `x-asan-now`. Every answer is compared with the simulator\'s (accepted or the same refusal code; the same ticket issued, booked or called).',
    '- At the end, `GET …/stats/day` must deep-equal the simulator\'s engine `dayStats()`, and the server\'s log (read from its store after the process stops) must hold as many events as the simulator\'s centre.',
    '- × real time = the centre\'s active span (first arrival to the last command other than a tick) ÷ the wall time of the whole replay (bookings made the evening before and the end-of-day tick included in the wall time). Paced replays wait for each command\'s due time over the active span; lag = how late it was sent.',
    '',
    '## Day statistics before the end of day (simulator = server)',
    '',
    '```json',
    JSON.stringify(r.day.closingStats.total, null, 1),
    '```',
    '',
    `Simulator's own records: ${Object.entries(r.day.headline).map(([k, v]) => `${k} ${Number.isInteger(v) ? int(v) : fixed(v, 2)}`).join(', ')}.`,
    '',
    ...machineSection(r.machine),
  ].join('\n');
}
