/** `sim worker --redis <url>`: a BullMQ worker that runs replication jobs until stopped. */
import { Worker } from 'bullmq';
import type { Command } from 'commander';
import { intOption } from './cli-common.ts';
import { runJob, type Job } from './jobs.ts';
import { checkRedis, connect, KEY_PREFIX, SHARED_QUEUE } from './redis-executor.ts';

export function workerCommand(program: Command): void {
  program
    .command('worker')
    .description('Run replication jobs from a BullMQ queue on Redis (for `run`, `report`, `compare` and `validate` with --redis) until stopped (SIGTERM/SIGINT).')
    .requiredOption('--redis <url>', 'Redis URL, e.g. redis://127.0.0.1:6379')
    .option('--queue <name>', 'queue name', SHARED_QUEUE)
    .option('--prefix <prefix>', 'BullMQ key prefix', KEY_PREFIX)
    .option('-c, --concurrency <n>', 'jobs at once (they are CPU-bound: 1 per process)', intOption('concurrency', 1), 1)
    .action(async (opts: { redis: string; queue: string; prefix: string; concurrency: number }) => {
      await checkRedis(opts.redis);
      const worker = new Worker(opts.queue, async (job) => runJob(job.data as Job), {
        connection: connect(opts.redis),
        prefix: opts.prefix,
        concurrency: opts.concurrency,
      });
      const stop = async () => {
        await worker.close();
        process.exit(0);
      };
      process.on('SIGTERM', () => void stop());
      process.on('SIGINT', () => void stop());
      await worker.waitUntilReady();
    });
}
