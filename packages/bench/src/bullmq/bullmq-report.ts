/** Markdown rendering of the BullMQ comparison. */
import { fixedRange, int, intRange, machineLine, machineSection, targetTable } from '../server/report-format.ts';
import type { BullmqSuiteResult } from './bullmq-suite.ts';
import { LANE_WINDOWS } from './engine-cycle.ts';

export function bullmqTable(r: BullmqSuiteResult): string {
  const s = r.summary;
  const o = r.options;
  return [
    `${int(o.tickets)} tickets per side, ${o.inFlight} in flight; median (min–max) over ${o.repeats} repeat${o.repeats === 1 ? '' : 's'}; a private redis-server ${r.redisVersion}.`,
    '',
    '| side | first phase /s | second phase /s | tickets/s (both phases) | Redis CPU µs per ticket |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| BullMQ: Queue.add, then a Worker (concurrency ${o.workerConcurrency}) | add ${intRange(s.bullmqAddPerSec)} | process ${intRange(s.bullmqProcessPerSec)} | ${intRange(s.bullmqCyclesPerSec)} | ${fixedRange(s.bullmqRedisUsPerCycle, 1)} |`,
    `| ours: issue, then call-next (decide → EVALSHA append → apply) | issue ${intRange(s.oursIssuePerSec)} | call ${intRange(s.oursCallPerSec)} | ${intRange(s.oursCyclesPerSec)} | ${fixedRange(s.oursRedisUsPerCycle, 1)} |`,
    '',
    ...targetTable(r.targets),
    '',
    machineLine(r.machine),
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
    `- **Ours**, at library level (no HTTP), exactly the server's path for a command: \`centre.decide\` → \`RedisStore.append\` (one EVALSHA of \`append-2.lua\`: compare the list length, RPUSH the msgpack events, PUBLISH the version) → \`centre.apply\`. ${o.inFlight} centres at once (as many commands in flight as BullMQ's adds), each one command at a time like the server's per-centre mutex. Phase 1: issue walk-ins; phase 2: call-next at each of the centre's ${LANE_WINDOWS} windows in turn; after every ${LANE_WINDOWS} calls one append with the ${LANE_WINDOWS} starts and completes frees the windows (counted in phase 2). A ticket costs 2 + 1/${LANE_WINDOWS} appends.`,
    '- Redis CPU: `INFO cpu` (used_cpu_sys + used_cpu_user) before and after each phase, ÷ tickets. Redis is flushed between sides; the order of the sides alternates by repeat.',
    '',
    '## Repeats',
    '',
    '| repeat | BullMQ add/s | BullMQ process/s | BullMQ tickets/s | BullMQ Redis µs | ours issue/s | ours call/s | ours tickets/s | ours Redis µs | ours appends | speed ratio | Redis CPU ratio |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.repeats.map(
      (x) =>
        `| ${x.repeat + 1} | ${int(x.bullmq.add.perSec)} | ${int(x.bullmq.process.perSec)} | ${int(x.bullmq.cyclesPerSec)} | ${x.bullmq.redisUsPerCycle.toFixed(1)} | ${int(x.ours.issue.perSec)} | ${int(x.ours.call.perSec)} | ${int(x.ours.cyclesPerSec)} | ${x.ours.redisUsPerCycle.toFixed(1)} | ${int(x.ours.appends)} | ${x.speed.toFixed(2)} | ${x.redisCpu.toFixed(2)} |`,
    ),
    '',
    ...machineSection(r.machine, [`Redis ${r.redisVersion}`]),
  ].join('\n');
}
