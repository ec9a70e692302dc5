/** Chooses where a command's jobs run: the local thread pool (null) or BullMQ workers on Redis. */
import type { RunOptions } from './cli-common.ts';
import { SimError } from './errors.ts';
import type { RunSpecOptions } from './run-spec.ts';

export interface Executor {
  readonly run: NonNullable<RunSpecOptions['executor']>;
  close(): Promise<void>;
}

export async function executorFor(opts: RunOptions): Promise<Executor | null> {
  if (!opts.redis) {
    // (it was ignored: the replications ran on local threads instead)
    if (opts.workers !== undefined) throw new SimError('SIM_ERR_BAD_OPTION', { option: '--workers', reason: 'it starts BullMQ workers for --redis; give --redis <url> too' });
    return null;
  }
  const { redisExecutor } = await import('./redis-executor.ts');
  return redisExecutor({ url: opts.redis, localWorkers: opts.workers ?? 0 });
}
