/**
 * Smoke test of the BullMQ comparison in a tiny mode: both sides ran on a private Redis, every
 * ticket was issued and called, Redis CPU was read, the ratios are the ratios of the numbers shown.
 * No speed assertion.
 */
import { describe, expect, it } from 'vitest';
import { bullmqMarkdown, bullmqTable } from '../src/bullmq/bullmq-report.ts';
import { runBullmqSuite } from '../src/bullmq/bullmq-suite.ts';
import { LANE_WINDOWS } from '../src/bullmq/engine-cycle.ts';

describe('bullmq comparison (tiny mode)', () => {
  it('adds and processes BullMQ jobs, issues and calls our tickets, and compares tickets/s and Redis CPU', async () => {
    const tickets = 200;
    const lanes = 5;
    const r = await runBullmqSuite({ tickets, inFlight: lanes, workerConcurrency: 5, repeats: 1, log: () => {} });
    const x = r.repeats[0]!;
    expect(x.bullmq.add.jobs).toBe(tickets);
    expect(x.bullmq.process.jobs).toBe(tickets);
    expect(x.ours.leftWaiting).toBe(0); // every issued ticket was called
    // one append per issue and per call, plus one per round of LANE_WINDOWS calls to free the windows
    const perLane = tickets / lanes;
    expect(x.ours.appends).toBe(2 * tickets + lanes * Math.ceil(perLane / LANE_WINDOWS));
    for (const v of [x.bullmq.cyclesPerSec, x.ours.cyclesPerSec, x.bullmq.redisUsPerCycle, x.ours.redisUsPerCycle]) expect(v).toBeGreaterThan(0);
    expect(x.speed).toBeCloseTo(x.ours.cyclesPerSec / x.bullmq.cyclesPerSec, 10);
    expect(x.redisCpu).toBeCloseTo(x.ours.redisUsPerCycle / x.bullmq.redisUsPerCycle, 10);
    expect(r.targets.map((t) => typeof t.pass)).toEqual(['boolean', 'boolean']);
    expect(bullmqTable(r)).toContain('BullMQ: Queue.add');
    expect(bullmqMarkdown(r)).toContain('## Repeats');
  });
});
