/**
 * What a team would build instead: tickets as BullMQ jobs on the same Redis. Two phases, as BullMQ
 * is usually measured: `Queue.add` of `tickets` jobs with `inFlight` adds outstanding at a time,
 * then one `Worker` (concurrency `workerConcurrency`, a processor that returns at once) taking them
 * all. Jobs are removed on completion (`removeOnComplete: true`), so Redis holds no history. Each
 * phase's wall time and Redis CPU (INFO cpu) are measured; one ticket's cycle is one add + one process.
 */
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { redisCpuSeconds } from '../server/private-redis.ts';

export interface Phase {
  readonly jobs: number;
  readonly seconds: number;
  readonly perSec: number;
  readonly redisCpuS: number;
  readonly redisUsPerJob: number;
}

export interface BullmqCycle {
  readonly add: Phase;
  readonly process: Phase;
  /** Tickets per second through both phases: 1 / (1/add + 1/process). */
  readonly cyclesPerSec: number;
  readonly redisUsPerCycle: number;
}

export interface BullmqCycleOptions {
  readonly port: number;
  readonly admin: Redis;
  readonly tickets: number;
  readonly inFlight: number;
  readonly workerConcurrency: number;
  readonly prefix: string;
}

export function phaseOf(jobs: number, seconds: number, redisCpuS: number): Phase {
  return { jobs, seconds, perSec: jobs / seconds, redisCpuS, redisUsPerJob: (redisCpuS / jobs) * 1e6 };
}

export async function bullmqCycle(o: BullmqCycleOptions): Promise<BullmqCycle> {
  const connection = { host: '127.0.0.1', port: o.port, maxRetriesPerRequest: null };
  const queue = new Queue('tickets', { connection, prefix: o.prefix });
  try {
    await queue.waitUntilReady();
    // add: `inFlight` lanes, each adding its share one after another
    const cpu0 = await redisCpuSeconds(o.admin);
    const t0 = process.hrtime.bigint();
    let next = 0;
    await Promise.all(
      Array.from({ length: o.inFlight }, async () => {
        for (let i = next++; i < o.tickets; i = next++) {
          await queue.add('ticket', { service: `s${i % 4}`, class: i % 10 === 0 ? 'priority' : 'general', citizen: `c${i}` }, { removeOnComplete: true });
        }
      }),
    );
    const add = phaseOf(o.tickets, Number(process.hrtime.bigint() - t0) / 1e9, (await redisCpuSeconds(o.admin)) - cpu0);

    // process: one Worker takes them all
    let done = 0;
    let finish: () => void = () => {};
    const allDone = new Promise<void>((resolve) => (finish = resolve));
    const worker = new Worker('tickets', async () => undefined, { connection, prefix: o.prefix, concurrency: o.workerConcurrency, autorun: false });
    worker.on('completed', () => {
      if (++done === o.tickets) finish();
    });
    const cpu1 = await redisCpuSeconds(o.admin);
    const t1 = process.hrtime.bigint();
    void worker.run();
    await allDone;
    const seconds = Number(process.hrtime.bigint() - t1) / 1e9;
    const processCpu = (await redisCpuSeconds(o.admin)) - cpu1;
    await worker.close();
    const processed = phaseOf(o.tickets, seconds, processCpu);
    return { add, process: processed, cyclesPerSec: 1 / (1 / add.perSec + 1 / processed.perSec), redisUsPerCycle: add.redisUsPerJob + processed.redisUsPerJob };
  } finally {
    await queue.close();
  }
}
