/**
 * BullMQ (Redis store, private redis-server) with a webhook receiver that accepts and never answers:
 * a shutdown does not wait for the notification job in flight (up to webhookTimeoutMs, which may be
 * longer than graceMs); the delivery is aborted, and BullMQ keeps the job for its next attempt.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createServerConfig } from '../src/config/validate-config.ts';
import { jobsPrefix } from '../src/store/redis-keys.ts';
import { at, C, configInputOf, DESK, ManualClock, MON, post, testConfig } from './helpers.ts';
import { startRedis, type PrivateRedis } from './private-redis.ts';

let redis: PrivateRedis;
let hung: Server;
const pending: ServerResponse[] = [];
beforeAll(async () => {
  redis = await startRedis();
  hung = createServer((_req, res) => void pending.push(res)); // never answered
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  for (const res of pending.splice(0)) res.destroy();
  hung.closeAllConnections();
  await new Promise<void>((resolve) => hung.close(() => resolve()));
  await redis.stop();
});

describe('a webhook that never answers, on BullMQ', () => {
  it('does not hold up the shutdown for webhookTimeoutMs', async () => {
    const prefix = `test-${randomUUID()}`;
    const base = configInputOf(testConfig());
    const url = `http://127.0.0.1:${(hung.address() as AddressInfo).port}/notify`;
    const config = createServerConfig({ ...base, store: { kind: 'redis', url: redis.url, prefix }, jobs: { ...base.jobs, tickIntervalMs: 100, webhookUrl: url, webhookTimeoutMs: 60_000, notifyAtPeopleAhead: 2 } });
    const app = await buildApp({ config, clock: new ManualClock(at(MON, '10:00')).now, logger: false, defaultMetrics: false });
    await app.ready();
    expect((await post(app, `${C}/tickets`, DESK, { service: 'notary', channel: 'callCentre' })).statusCode).toBe(201);
    const deadline = Date.now() + 10_000;
    while (pending.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(pending.length, 'the notification reached the receiver').toBeGreaterThanOrEqual(1);

    const started = Date.now();
    await app.close();
    expect(Date.now() - started, 'app.close() waited for the hung receiver').toBeLessThan(3_000);

    // The notification is not lost: its job waits for its next attempt (exponential backoff).
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue('asan-notify', { connection, prefix: jobsPrefix(prefix) });
    try {
      const counts = await queue.getJobCounts('delayed', 'wait', 'failed', 'completed');
      expect(counts).toMatchObject({ delayed: 1, failed: 0, completed: 0 });
    } finally {
      await queue.close();
      await connection.quit();
    }
  }, 90_000);
});
