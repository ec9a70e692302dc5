/**
 * Smoke test of the BullMQ comparison in a tiny mode: both sides ran on a private Redis, every
 * ticket was issued and called, Redis CPU was read, the ratios are the ratios of the numbers shown.
 * No speed assertion.
 */
import { describe, expect, it } from 'vitest';
import { bullmqMarkdown, bullmqTable } from '../src/bullmq/bullmq-report.ts';
import { runBullmqSuite } from '../src/bullmq/bullmq-suite.ts';
import { COMMANDS_PER_TICKET } from '../src/bullmq/engine-cycle.ts';

describe('bullmq comparison (tiny mode)', () => {
  it('adds and processes BullMQ jobs, issues and calls our tickets, and compares tickets/s and Redis CPU', async () => {
    const tickets = 200;
    const lanes = 5;
    const r = await runBullmqSuite({ tickets, inFlight: lanes, workerConcurrency: 5, repeats: 1, log: () => {} });
    const x = r.repeats[0]!;
    expect(x.bullmq.add.jobs).toBe(tickets);
    expect(x.bullmq.process.jobs).toBe(tickets);
    expect(x.ours.leftWaiting).toBe(0); // every issued ticket was called
    // every command went through the centre's host; groups: at least one command per append, never more than in flight
    expect(x.ours.commands).toBe(COMMANDS_PER_TICKET * tickets);
    expect(x.ours.conflicts).toBe(0);
    expect(x.ours.appends).toBeGreaterThanOrEqual(x.ours.commands / lanes);
    expect(x.ours.appends).toBeLessThanOrEqual(x.ours.commands);
    for (const v of [x.bullmq.cyclesPerSec, x.ours.cyclesPerSec, x.bullmq.redisUsPerCycle, x.ours.redisUsPerCycle]) expect(v).toBeGreaterThan(0);
    expect(x.speed).toBeCloseTo(x.ours.cyclesPerSec / x.bullmq.cyclesPerSec, 10);
    expect(x.redisCpu).toBeCloseTo(x.ours.redisUsPerCycle / x.bullmq.redisUsPerCycle, 10);
    expect(r.targets.map((t) => typeof t.pass)).toEqual(['boolean', 'boolean']);
    expect(bullmqTable(r)).toContain('BullMQ: Queue.add');
    expect(bullmqMarkdown(r)).toContain('## Repeats');
  });
});
