import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJob, type Job } from './jobs.ts';
import { connect, redisExecutor } from './redis-executor.ts';
import { readScenarioFile } from './reference-format.ts';
import { runSpec } from './run-spec.ts';

/** A private redis-server on a free port, started by this test and killed by pid at the end. */
let redis: ChildProcess;
let url = '';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  url = `redis://127.0.0.1:${port}`;
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const c = connect(url);
    c.on('error', () => undefined);
    const ok = await c.ping().then(() => true, () => false);
    c.disconnect();
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`redis-server did not start on ${url}`);
});

afterAll(() => {
  if (redis?.pid) process.kill(redis.pid, 'SIGTERM');
});

const example = JSON.parse(readFileSync(new URL('../examples/mobile-bus.json', import.meta.url), 'utf8')) as unknown;
const reference = readScenarioFile(JSON.parse(readFileSync(new URL('../../../../shared/sim-reference/scenarios.json', import.meta.url), 'utf8')));

describe('replications over BullMQ workers (private redis-server)', () => {
  it('two worker processes give exactly the local result for the same seeds', { timeout: 120_000 }, async () => {
    const seed = 41;
    console.log(`seed ${seed}`);
    const exec = await redisExecutor({ url, localWorkers: 2 });
    try {
      const remote = await runSpec(example, { replications: 6, seed, days: 2, executor: exec.run });
      const local = await runSpec(example, { replications: 6, seed, days: 2, threads: 1 });
      expect(remote).toEqual(local);
      const d1 = reference.scenarios.find((s) => s.id === 'D1_DAY_SHIFTS_8_10_8')!;
      const jobs: Job[] = [0, 1, 2].map((k) => ({ kind: 'reference', scenario: d1, metrics: ['mean_wait', 'max_queue_length', 'queue_length_at_120min'], seeds: [seed + 2 * k, seed + 2 * k + 1] }));
      const viaRedis = await exec.run(jobs, () => undefined);
      expect(viaRedis).toEqual(jobs.map(runJob));
    } finally {
      await exec.close();
    }
  });
});
