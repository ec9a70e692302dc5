/**
 * Spreads jobs over BullMQ workers on Redis: each job (a batch of replications, plain JSON) is a
 * BullMQ job; a worker runs `runJob` on it and returns the result; the caller waits for every
 * result and puts them back in job order. Workers are `sim worker` processes, started by the
 * caller (`--workers N`, killed at the end) or elsewhere on any machine that reaches the Redis.
 *
 * Keys: BullMQ prefix `asan-sim`; a run with its own workers uses its own queue
 * (`run-<pid>-<time>`), removed at the end; shared workers listen on the queue `jobs`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { Executor } from './cli-executor.ts';
import { SimError } from './errors.ts';
import type { Job, JobResult } from './jobs.ts';

export const KEY_PREFIX = 'asan-sim';
export const SHARED_QUEUE = 'jobs';

export interface RedisExecutorOptions {
  readonly url: string;
  /** Worker processes to start here (0: rely on workers started elsewhere on SHARED_QUEUE). */
  readonly localWorkers: number;
  readonly prefix?: string;
  readonly queue?: string;
}

/**
 * Throws SIM_ERR_REDIS unless Redis answers at `url` (one attempt): the connections BullMQ uses
 * retry for ever, so an unreachable URL would hang the command, printing each failed attempt.
 */
export async function checkRedis(url: string): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 5000 });
  let cause: Error | null = null; // (the connection's own error, e.g. ECONNREFUSED; the rejection only says it closed)
  probe.on('error', (e: Error) => void (cause ??= e));
  try {
    await probe.connect();
    await probe.ping();
  } catch (e) {
    throw new SimError('SIM_ERR_REDIS', { url, reason: (cause as Error | null)?.message ?? (e instanceof Error ? e.message : String(e)) });
  } finally {
    probe.disconnect();
  }
}

export function connect(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}

/** Starts a `sim worker` process on a queue. */
export function startWorkerProcess(url: string, queue: string, prefix: string): ChildProcess {
  const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
  return spawn(process.execPath, ['--import', 'tsx', cli, 'worker', '--redis', url, '--queue', queue, '--prefix', prefix], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export async function redisExecutor(o: RedisExecutorOptions): Promise<Executor> {
  await checkRedis(o.url);
  const prefix = o.prefix ?? KEY_PREFIX;
  const own = o.localWorkers > 0;
  const name = o.queue ?? (own ? `run-${process.pid}-${Date.now()}` : SHARED_QUEUE);
  const connection = connect(o.url);
  const eventsConnection = connect(o.url);
  const queue = new Queue(name, { connection, prefix });
  const events = new QueueEvents(name, { connection: eventsConnection, prefix });
  await events.waitUntilReady();
  const workers: ChildProcess[] = [];
  for (let i = 0; i < o.localWorkers; i++) workers.push(startWorkerProcess(o.url, name, prefix));
  let batch = 0;
  return {
    async run(jobs: readonly Job[], onDone: (i: number) => void): Promise<JobResult[]> {
      const tag = `${process.pid}-${Date.now()}-${batch++}`;
      const added = await queue.addBulk(jobs.map((data, i) => ({ name: 'replications', data, opts: { jobId: `${tag}-${i}`, removeOnComplete: true, removeOnFail: true } })));
      return Promise.all(
        added.map(async (job, i) => {
          try {
            const r = (await job.waitUntilFinished(events)) as JobResult;
            onDone(i);
            return r;
          } catch (e) {
            throw new SimError('SIM_ERR_WORKER', { reason: e instanceof Error ? e.message : String(e) });
          }
        }),
      );
    },
    async close(): Promise<void> {
      for (const w of workers) w.kill('SIGTERM');
      if (own) await queue.obliterate({ force: true }).catch(() => undefined);
      await events.close();
      await queue.close();
      connection.disconnect();
      eventsConnection.disconnect();
    },
  };
}
