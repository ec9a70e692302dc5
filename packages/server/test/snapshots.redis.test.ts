/**
 * Snapshots on the Redis store (a private redis-server): instances sharing one Redis write a
 * centre's snapshot every `snapshotEveryEvents` events (a second write at the same version is
 * ignored); a server started afresh loads the latest snapshot and folds only the events after it, to
 * the same state as the whole log, and goes on numbering from there.
 */
import { randomUUID } from 'node:crypto';
import { Centre } from '@asan/queue-core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createServerConfig } from '../src/config/validate-config.ts';
import { RedisStore } from '../src/store/redis-store.ts';
import { C, DESK, ManualClock, MON, at, configInputOf, json, op, post, testConfig } from './helpers.ts';
import { startRedis, type PrivateRedis } from './private-redis.ts';

const EVERY = 10;

let redis: PrivateRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

describe('snapshots (Redis store)', () => {
  it('a restart loads the latest snapshot plus the tail, to the state of the whole log', async () => {
    const clock = new ManualClock(at(MON, '10:00'));
    const prefix = `test-${randomUUID()}`;
    const config = createServerConfig({ ...configInputOf(testConfig({ snapshotEveryEvents: EVERY })), store: { kind: 'redis', url: redis.url, prefix } });
    const start = (): Promise<FastifyInstance> => buildApp({ config, clock: clock.now, logger: false, jobs: false, defaultMetrics: false });
    // Two instances share the work: each counts every applied event (its own and caught up).
    const a = await start();
    const b = await start();
    expect(a.ctx.network.get('baku-1').start).toEqual({ snapshotVersion: null, replayed: 0 });
    expect((await post(a, `${C}/windows/1/open`, op(1))).statusCode).toBe(200);
    for (let i = 0; i < 37; i++) {
      clock.advance(20_000);
      const app = i % 2 === 0 ? a : b;
      expect((await post(app, `${C}/tickets`, DESK, { service: 'id-card', ...(i % 3 === 0 ? { name: `N${i}` } : {}) })).statusCode).toBe(201);
      if (i % 5 === 0) {
        await post(b, `${C}/windows/1/call-next`, op(1));
        await post(a, `${C}/windows/1/start`, op(1));
        clock.advance(60_000);
        await post(b, `${C}/windows/1/complete`, op(1), { rating: 4 });
      }
    }
    const hostA = a.ctx.network.get('baku-1');
    const hostB = b.ctx.network.get('baku-1');
    await hostA.sync();
    await hostB.sync();
    const version = hostA.centre.version;
    expect(hostB.centre.version).toBe(version);
    const dump = JSON.stringify(hostA.centre.dump());
    const board = json(await a.inject(`${C}/board`));
    await a.close(); // each waits for its snapshot write in flight
    await b.close();
    expect(hostA.snapshots.written + hostB.snapshots.written).toBeGreaterThanOrEqual(Math.floor(version / EVERY) - 1);
    const last = Math.max(hostA.snapshots.lastVersion ?? 0, hostB.snapshots.lastVersion ?? 0);
    expect(last).toBeGreaterThan(version - 2 * EVERY);

    // What the store holds: the newest snapshot, equal to a fold of the log up to its version.
    const probe = new RedisStore({ url: redis.url, prefix });
    const stored = (await probe.loadSnapshot('baku-1'))!;
    expect(stored.version).toBe(last);
    const log = await probe.load('baku-1', 0);
    expect(log).toHaveLength(version);
    expect(JSON.stringify(Centre.restore(config.centres[0]!, stored).dump())).toBe(JSON.stringify(Centre.replay(config.centres[0]!, log.slice(0, last)).dump()));
    await probe.close();

    const c = await start();
    const again = c.ctx.network.get('baku-1');
    expect(again.start.snapshotVersion).toBe(last);
    expect(again.start.replayed).toBe(version - last);
    expect(again.start.replayed).toBeLessThan(2 * EVERY);
    expect(JSON.stringify(again.centre.dump())).toBe(dump);
    expect(json(await c.inject(`${C}/board`))).toEqual(board);
    // Decisions continue from the restored state: the next ticket gets the next number.
    const next = json<{ ticket: number }>(await post(c, `${C}/tickets`, DESK, { service: 'id-card' }));
    expect(next.ticket).toBe(38);
    await c.close();
  });
});
