/**
 * The BullMQ comparison: per repeat, on one private redis-server (flushed between sides), BullMQ's
 * add + process cycle and our issue + call-next at library level, in alternating order. Ratios are
 * taken per repeat (ours ÷ BullMQ) and summarised as median and min–max.
 */
import { describeMachine, finishMachine, type Machine } from '../lib/machine.ts';
import { spread, type Spread } from '../lib/stats.ts';
import { noonOffsetMin } from '../server/bench-network.ts';
import { startPrivateRedis } from '../server/private-redis.ts';
import { fixedRange, pct, type Target } from '../server/report-format.ts';
import { bullmqCycle, type BullmqCycle } from './bullmq-cycle.ts';
import { engineCycle, type EngineCycle } from './engine-cycle.ts';

export interface BullmqSuiteOptions {
  readonly tickets: number;
  readonly inFlight: number;
  readonly workerConcurrency: number;
  readonly repeats: number;
  readonly log: (line: string) => void;
}

export const FULL_OPTIONS: Omit<BullmqSuiteOptions, 'log'> = { tickets: 50_000, inFlight: 50, workerConcurrency: 50, repeats: 3 };
export const QUICK_OPTIONS: Omit<BullmqSuiteOptions, 'log'> = { tickets: 1_000, inFlight: 10, workerConcurrency: 10, repeats: 1 };

export interface BullmqRepeat {
  readonly repeat: number;
  readonly bullmq: BullmqCycle;
  readonly ours: EngineCycle;
  /** ours cycles/s ÷ BullMQ cycles/s */
  readonly speed: number;
  /** ours Redis µs per ticket ÷ BullMQ's */
  readonly redisCpu: number;
}

export interface BullmqSuiteResult {
  readonly suite: 'bullmq';
  readonly options: Omit<BullmqSuiteOptions, 'log'>;
  readonly machine: Machine;
  readonly redisVersion: string;
  readonly repeats: readonly BullmqRepeat[];
  readonly summary: {
    readonly bullmqAddPerSec: Spread;
    readonly bullmqProcessPerSec: Spread;
    readonly bullmqCyclesPerSec: Spread;
    readonly bullmqRedisUsPerCycle: Spread;
    readonly oursIssuePerSec: Spread;
    readonly oursCallPerSec: Spread;
    readonly oursCyclesPerSec: Spread;
    readonly oursRedisUsPerCycle: Spread;
    readonly speed: Spread;
    readonly redisCpu: Spread;
  };
  readonly targets: readonly Target[];
}

export async function runBullmqSuite(options: BullmqSuiteOptions): Promise<BullmqSuiteResult> {
  const { log, ...opts } = options;
  const machine = describeMachine(['bullmq', 'ioredis']);
  const redis = await startPrivateRedis();
  try {
    const redisVersion = /redis_version:(\S+)/.exec(await redis.client.info('server'))?.[1] ?? 'unknown';
    const repeats: BullmqRepeat[] = [];
    for (let repeat = 0; repeat < opts.repeats; repeat++) {
      let bullmq: BullmqCycle | undefined;
      let ours: EngineCycle | undefined;
      const sides = [
        async () => {
          bullmq = await bullmqCycle({ port: redis.port, admin: redis.client, tickets: opts.tickets, inFlight: opts.inFlight, workerConcurrency: opts.workerConcurrency, prefix: `bench-bull-${repeat}` });
          log(`repeat ${repeat + 1}: BullMQ add ${Math.round(bullmq.add.perSec)}/s, process ${Math.round(bullmq.process.perSec)}/s, cycle ${Math.round(bullmq.cyclesPerSec)}/s, Redis ${bullmq.redisUsPerCycle.toFixed(1)} µs/ticket`);
        },
        async () => {
          const now = Date.now();
          ours = await engineCycle({ url: redis.url, admin: redis.client, tickets: opts.tickets, inFlight: opts.inFlight, prefix: `bench-ours-${repeat}`, nowMs: now, utcOffsetMin: noonOffsetMin(now) });
          log(`repeat ${repeat + 1}: ours issue ${Math.round(ours.issue.perSec)}/s, call ${Math.round(ours.call.perSec)}/s, cycle ${Math.round(ours.cyclesPerSec)}/s, Redis ${ours.redisUsPerCycle.toFixed(1)} µs/ticket, ${(ours.commands / ours.appends).toFixed(1)} commands per append`);
        },
      ];
      for (const side of repeat % 2 === 0 ? sides : [...sides].reverse()) {
        await side();
        await redis.client.flushall(); // our private Redis only
      }
      repeats.push({ repeat, bullmq: bullmq!, ours: ours!, speed: ours!.cyclesPerSec / bullmq!.cyclesPerSec, redisCpu: ours!.redisUsPerCycle / bullmq!.redisUsPerCycle });
    }
    const s = (f: (r: BullmqRepeat) => number) => spread(repeats.map(f));
    const summary = {
      bullmqAddPerSec: s((r) => r.bullmq.add.perSec),
      bullmqProcessPerSec: s((r) => r.bullmq.process.perSec),
      bullmqCyclesPerSec: s((r) => r.bullmq.cyclesPerSec),
      bullmqRedisUsPerCycle: s((r) => r.bullmq.redisUsPerCycle),
      oursIssuePerSec: s((r) => r.ours.issue.perSec),
      oursCallPerSec: s((r) => r.ours.call.perSec),
      oursCyclesPerSec: s((r) => r.ours.cyclesPerSec),
      oursRedisUsPerCycle: s((r) => r.ours.redisUsPerCycle),
      speed: s((r) => r.speed),
      redisCpu: s((r) => r.redisCpu),
    };
    const targets: Target[] = [
      { name: 'ours issue + call-next per second ÷ BullMQ add + process per second', goal: '≥ 2×', shown: `${fixedRange(summary.speed, 2)}×`, pass: summary.speed.median >= 2 },
      {
        name: 'ours Redis CPU per ticket ÷ BullMQ’s',
        goal: '≤ ½',
        shown: `${fixedRange(summary.redisCpu, 2)} (${pct(summary.redisCpu.median)})`,
        pass: summary.redisCpu.median <= 0.5,
      },
    ];
    return { suite: 'bullmq', options: opts, machine: finishMachine(machine), redisVersion, repeats, summary, targets };
  } finally {
    await redis.stop();
  }
}
