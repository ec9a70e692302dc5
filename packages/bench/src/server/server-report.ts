/** Markdown rendering of a server-suite result: per pipelining factor a table, then the targets. */
import { resultsCaption } from '../lib/readme-block.ts';
import { fixed, fixedRange, int, intRange, machineLine, machineSection, pctRange, targetTable } from './report-format.ts';
import { ROUTE_LABELS, type AnchorName, type RouteName } from './routes-under-load.ts';
import type { ServerSuiteResult, SubjectSummary } from './server-suite.ts';

function label(subject: string): string {
  const [store, route] = subject.includes(':') ? subject.split(':') : [null, subject];
  const text = ROUTE_LABELS[route as RouteName | AnchorName] ?? route;
  return store ? `${store}: ${text}` : text;
}

function row(s: SubjectSummary, withPost: boolean): string {
  const cpu = `${fixed(s.cpu.server, 2)} / ${s.cpu.redis === null ? '–' : fixed(s.cpu.redis, 2)} / ${fixed(s.cpu.loadGenerator, 2)}`;
  const us = `${int(s.serverUsPerRequest)} / ${s.redisUsPerRequest === null ? '–' : int(s.redisUsPerRequest)}`;
  return `| ${label(s.subject)} | ${intRange(s.reqPerSec)} | ${pctRange(s.perHello)} | ${pctRange(s.perEvalsha)} |${withPost ? ` ${pctRange(s.perPost)} |` : ''} ${fixedRange(s.p50Ms, 1)} | ${fixedRange(s.p99Ms, 1)} | ${cpu} | ${us} | ${int(s.non2xx)} |`;
}

/** The compact tables, the targets and the machine line: printed, and at the top of the results file. */
export function serverTable(r: ServerSuiteResult): string {
  return `${serverTables(r)}\n\n${machineLine(r.machine)}`;
}

/** The README block: a caption with the date, machine and results file, then the tables and targets. */
export function serverReadmeBlock(r: ServerSuiteResult, resultsLink: string | null): string {
  return `${resultsCaption(r.machine, resultsLink)}\n\n${serverTables(r)}`;
}

/** Per pipelining factor a table, then the targets. The "÷ bare POST" column only when the run had that anchor (the issue route). */
function serverTables(r: ServerSuiteResult): string {
  const o = r.options;
  const withPost = r.summaries.some((s) => s.perPost !== null && s.perPost !== undefined);
  const lines: string[] = [];
  for (const p of o.pipelinings) {
    lines.push(
      `**${o.connections} connections, pipelining ${p}** — median (min–max) over ${o.repeats} repeat${o.repeats === 1 ? '' : 's'}, ${o.durationS} s measured after ${o.warmupS} s warm-up, fresh process per run`,
      '',
      `| route | req/s | ÷ hello | ÷ EVALSHA route |${withPost ? ' ÷ bare POST |' : ''} p50 ms | p99 ms | CPU cores: server / Redis / load gen | CPU µs per request: server / Redis | non-2xx |`,
      `| --- | ---: | ---: | ---: |${withPost ? ' ---: |' : ''} ---: | ---: | ---: | ---: | ---: |`,
      ...r.summaries.filter((s) => s.pipelining === p).map((s) => row(s, withPost)),
      '',
    );
  }
  lines.push(...targetTable(r.targets));
  return lines.join('\n');
}

export function serverMarkdown(r: ServerSuiteResult): string {
  const o = r.options;
  const call = r.summaries.filter((s) => s.subject.endsWith(':call'));
  return [
    `# Server benchmark — ${r.machine.date.slice(0, 10)}`,
    '',
    serverTable(r),
    '',
    '## Setup',
    '',
    `- Stores: ${o.stores.join(', ')}${o.stores.includes('embedded') ? ` (embedded: LMDB, ${o.noSync ? 'noSync' : 'every commit flushed, the default'})` : ''}${r.redisVersion ? `; a private redis-server ${r.redisVersion} (no persistence) started for the run` : ''}.`,
    `- Centre \`bench\`: 20 services in 5 agencies, 100 windows (4 services each), open around the clock, no roster; local time set near noon. Server log level \`warn\` (no per-request log lines); public rate limit raised to 1,000,000/s (the limiter still runs).`,
    `- Prefill (library level, before the server starts): every window opened, ${int(o.prefillCall)} waiting walk-ins for the call route, ${int(o.prefillOther)} for the others. The status route asks for ${o.connections} tickets issued over HTTP before the warm-up.`,
    `- Load: autocannon, one instance per connection (each with its own request sequence), all in the harness process; latencies of every response in one HDR histogram. Only 127.0.0.1.`,
    ...(call.length > 0 ? [`- Call cycles per second (÷ 3): ${call.map((s) => `${s.subject} p${s.pipelining} ${int(s.opsPerSec.median)}`).join(', ')}.`] : []),
    '',
    '## Runs',
    '',
    '| repeat | pipelining | subject | req/s | p50 ms | p99 ms | server start ms | status codes |',
    '| ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |',
    ...r.runs.map(
      (x) =>
        `| ${x.repeat + 1} | ${x.pipelining} | ${x.subject} | ${int(x.result.reqPerSec)} | ${fixed(x.result.p50Ms, 2)} | ${fixed(x.result.p99Ms, 2)} | ${int(x.serverStartMs)} | ${Object.entries(x.result.statusCodes).map(([k, v]) => `${k}: ${v}`).join(', ')} |`,
    ),
    '',
    ...machineSection(r.machine, r.redisVersion ? [`Redis ${r.redisVersion}`] : []),
  ].join('\n');
}
