/**
 * A private redis-server for one benchmark: a free port on 127.0.0.1, no persistence, stopped by
 * its pid. Benchmarks never touch the machine's shared Redis. `redisCpuSeconds` reads Redis's own
 * account of its CPU (INFO cpu: used_cpu_sys + used_cpu_user), as the issue asks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { BenchError } from '../lib/errors.ts';
import { Redis } from 'ioredis';
import { freePort } from './free-port.ts';

export interface PrivateRedis {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** A client for the harness (INFO, FLUSHALL between runs: this Redis is ours alone). */
  readonly client: Redis;
  stop(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (err) =>
      reject(
        (err as NodeJS.ErrnoException).code === 'ENOENT'
          ? new BenchError('BENCH_ERR_NO_REDIS_SERVER', 'redis-server is not on PATH; this suite starts a private one (Debian: apt-get install -y redis-server)')
          : new Error(`cannot start redis-server: ${err.message}`),
      ),
    ),
  );
  spawnError.catch(() => {}); // handled in the race below; later errors are not ours to report
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {}); // refused connections while the server starts are expected
  for (let i = 0; ; i++) {
    try {
      await Promise.race([client.connect().then(() => client.ping()), spawnError]);
      break;
    } catch (err) {
      client.disconnect();
      if (err instanceof BenchError) throw err;
      if (i >= 200 || child.exitCode !== null || (err instanceof Error && err.message.startsWith('cannot start'))) {
        if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
        throw new Error(`private redis-server on port ${port} did not start: ${String(err)}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  return {
    url,
    port,
    pid: child.pid!,
    client,
    async stop() {
      client.disconnect();
      if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
      await exited;
    },
  };
}

/** Redis's CPU seconds so far (INFO cpu: used_cpu_sys + used_cpu_user, main thread and children). */
export async function redisCpuSeconds(client: Redis): Promise<number> {
  const info = await client.info('cpu');
  const read = (name: string): number => Number(new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info)?.[1] ?? NaN);
  return read('used_cpu_sys') + read('used_cpu_user');
}
