/**
 * Time-driven work on BullMQ (Redis store, private redis-server): two instances share one job
 * scheduler per centre, so ticks run and a notification is delivered once, whichever instance
 * finds it.
 */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createServerConfig } from '../src/config/validate-config.ts';
import { jobsPrefix } from '../src/store/redis-keys.ts';
import { at, C, configInputOf, DESK, json, ManualClock, MON, post, testConfig } from './helpers.ts';
import { startRedis, type PrivateRedis } from './private-redis.ts';
import { startSink, type Sink } from './webhook-sink.ts';

let redis: PrivateRedis;
let sink: Sink;
beforeAll(async () => {
  redis = await startRedis();
  sink = await startSink();
});
afterAll(async () => {
  await sink.close();
  await redis.stop();
});

describe('time-driven work on BullMQ', () => {
  it('ticks the centre from either instance and sends each notification once', async () => {
    const prefix = `test-${randomUUID()}`;
    const base = configInputOf(testConfig());
    const config = createServerConfig({ ...base, store: { kind: 'redis', url: redis.url, prefix }, jobs: { ...base.jobs, tickIntervalMs: 100, webhookUrl: sink.url, notifyAtPeopleAhead: 2 } });
    const clock = new ManualClock(at(MON, '10:00'));
    const apps: FastifyInstance[] = [];
    for (let i = 0; i < 2; i++) {
      const app = await buildApp({ config, clock: clock.now, logger: false, defaultMetrics: false });
      await app.ready();
      apps.push(app);
    }
    const [a] = apps as [FastifyInstance];
    const slip = json<{ token: string }>(await post(a, `${C}/tickets`, DESK, { service: 'notary', channel: 'callCentre' }));

    // The roster's tick opens the windows; the remote ticket is then near its call.
    await sink.waitFor(1);
    expect(a.ctx.network.get('baku-1').centre.windows().every((w) => w.status === 'open')).toBe(true);
    expect(sink.received[0]).toMatchObject({ kind: 'ticket.near', token: slip.token, peopleAhead: 0 });

    // Let several more ticks run on both instances: still one notification.
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue('asan-tick', { connection, prefix: jobsPrefix(prefix) });
    const completed = async () => (await queue.getJobCounts('completed')).completed ?? 0;
    const before = await completed();
    while ((await completed()) < before + 4) await new Promise((r) => setTimeout(r, 50));
    expect(sink.received).toHaveLength(1);
    await queue.close();
    await connection.quit();
    for (const app of apps) await app.close();
  });
});
