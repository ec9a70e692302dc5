/** Markdown rendering of the BullMQ comparison. */
import { resultsCaption } from '../lib/readme-block.ts';
import { fixedRange, int, intRange, machineLine, machineSection, targetTable } from '../server/report-format.ts';
import type { BullmqSuiteResult } from './bullmq-suite.ts';
import { COMMANDS_PER_TICKET } from './engine-cycle.ts';

/** The table, the targets and the machine line: printed, and at the top of the results file. */
export function bullmqTable(r: BullmqSuiteResult): string {
  return `${bullmqTables(r)}\n\n${machineLine(r.machine)}`;
}

/** The README block: a caption with the date, machine and results file, then the table and targets. */
export function bullmqReadmeBlock(r: BullmqSuiteResult, resultsLink: string | null): string {
  return `${resultsCaption(r.machine, resultsLink)}\n\n${bullmqTables(r)}`;
}

function bullmqTables(r: BullmqSuiteResult): string {
  const s = r.summary;
  const o = r.options;
  return [
    `${int(o.tickets)} tickets per side, ${o.inFlight} in flight; median (min–max) over ${o.repeats} repeat${o.repeats === 1 ? '' : 's'}; a private redis-server ${r.redisVersion}.`,
    '',
    '| side | first phase /s | second phase /s | tickets/s (both phases) | Redis CPU µs per ticket |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| BullMQ: Queue.add, then a Worker (concurrency ${o.workerConcurrency}) | add ${intRange(s.bullmqAddPerSec)} | process ${intRange(s.bullmqProcessPerSec)} | ${intRange(s.bullmqCyclesPerSec)} | ${fixedRange(s.bullmqRedisUsPerCycle, 1)} |`,
    `| ours: issue, then call-next + start + complete (the server's CentreHost: grouped decide → one EVALSHA append per group → answer) | issue ${intRange(s.oursIssuePerSec)} | call ${intRange(s.oursCallPerSec)} | ${intRange(s.oursCyclesPerSec)} | ${fixedRange(s.oursRedisUsPerCycle, 1)} |`,
    '',
    ...targetTable(r.targets),
  ].join('\n');
}

export function bullmqMarkdown(r: BullmqSuiteResult): string {
  const o = r.options;
  return [
    `# BullMQ comparison — ${r.machine.date.slice(0, 10)}`,
    '',
    bullmqTable(r),
    '',
    '## What runs',
    '',
    `- **BullMQ** (what a team would build instead: tickets as jobs). Phase 1: \`Queue.add\` of ${int(o.tickets)} jobs ({ service, class, citizen }, \`removeOnComplete: true\`), ${o.inFlight} adds outstanding at a time. Phase 2: one \`Worker\` with concurrency ${o.workerConcurrency} and a processor that returns at once takes them all. Tickets/s = 1 / (1/add + 1/process).`,
    `- **Ours**, at library level (no HTTP), through the server's own write path: one centre's \`CentreHost\` (what every write route runs through) on a \`RedisStore\` with the server's default settings (append attempts, a snapshot every 1,000 events). ${o.inFlight} clients, each with one command in flight (as many as BullMQ's adds), call \`host.run\`: commands waiting together are decided as a group in arrival order and appended in one EVALSHA of \`append-2.lua\` (compare the list length, RPUSH the msgpack events, PUBLISH the version); each is answered only after its group's append succeeded. Phase 1: issue walk-ins; phase 2: client i, at window i + 1, runs call-next, start and complete for each of its tickets (the server's call cycle). ${COMMANDS_PER_TICKET} commands per ticket; the repeats table gives the successful appends (commands ÷ appends = mean group size). Not included: HTTP, auth, the answer's JSON and public token, metrics.`,
    '- Redis CPU: `INFO cpu` (used_cpu_sys + used_cpu_user) before and after each phase, ÷ tickets. Redis is flushed between sides; the order of the sides alternates by repeat.',
    '',
    '## Repeats',
    '',
    '| repeat | BullMQ add/s | BullMQ process/s | BullMQ tickets/s | BullMQ Redis µs | ours issue/s | ours call/s | ours tickets/s | ours Redis µs | ours appends | ours commands per append | speed ratio | Redis CPU ratio |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.repeats.map(
      (x) =>
        `| ${x.repeat + 1} | ${int(x.bullmq.add.perSec)} | ${int(x.bullmq.process.perSec)} | ${int(x.bullmq.cyclesPerSec)} | ${x.bullmq.redisUsPerCycle.toFixed(1)} | ${int(x.ours.issue.perSec)} | ${int(x.ours.call.perSec)} | ${int(x.ours.cyclesPerSec)} | ${x.ours.redisUsPerCycle.toFixed(1)} | ${int(x.ours.appends)} | ${(x.ours.commands / x.ours.appends).toFixed(1)} | ${x.speed.toFixed(2)} | ${x.redisCpu.toFixed(2)} |`,
    ),
    '',
    ...machineSection(r.machine, [`Redis ${r.redisVersion}`]),
  ].join('\n');
}
