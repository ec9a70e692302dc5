/**
 * Several app instances on one Redis (a private redis-server): the optimistic append makes them
 * agree. A losing instance catches up and decides again, so no ticket is ever called twice, even
 * with operators' requests spread over instances at random and sent concurrently.
 */
import { randomUUID } from 'node:crypto';
import type { QueueEvent } from '@asan/queue-core';
import { Centre } from '@asan/queue-core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createServerConfig } from '../src/config/validate-config.ts';
import { RedisStore } from '../src/store/redis-store.ts';
import { at, C, configInputOf, DESK, json, ManualClock, MON, op, post, testConfig } from './helpers.ts';
import { startRedis, type PrivateRedis } from './private-redis.ts';

let redis: PrivateRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

async function instances(n: number, clock: ManualClock): Promise<{ apps: FastifyInstance[]; prefix: string; close: () => Promise<void> }> {
  const prefix = `test-${randomUUID()}`;
  const config = createServerConfig({ ...configInputOf(testConfig()), store: { kind: 'redis', url: redis.url, prefix } });
  const apps: FastifyInstance[] = [];
  for (let i = 0; i < n; i++) apps.push(await buildApp({ config, clock: clock.now, logger: false, jobs: false, defaultMetrics: false }));
  return { apps, prefix, close: async () => void (await Promise.all(apps.map((a) => a.close()))) };
}

async function conflicts(app: FastifyInstance): Promise<number> {
  const m = await app.ctx.metrics.appends.get();
  return m.values.filter((v) => v.labels.outcome === 'conflict').reduce((s, v) => s + v.value, 0);
}

/** A small deterministic generator for the interleavings (the seed is printed on failure). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('several instances on one Redis', () => {
  it('an instance that lost the race catches up and calls the next ticket, not the same one', async () => {
    const clock = new ManualClock(at(MON, '10:00'));
    const prefix = `test-${randomUUID()}`;
    const config = createServerConfig({ ...configInputOf(testConfig()), store: { kind: 'redis', url: redis.url, prefix } });
    const a = await buildApp({ config, clock: clock.now, logger: false, jobs: false, defaultMetrics: false });
    // b's store lets a call next after b has decided and before b's append reaches Redis: a real
    // race, made deterministic.
    const bStore = new RedisStore({ url: redis.url, prefix });
    let race: (() => Promise<unknown>) | null = null;
    const append = bStore.append.bind(bStore);
    bStore.append = async (centre, expected, request) => {
      const r = race;
      race = null;
      if (r) await r();
      return append(centre, expected, request);
    };
    const b = await buildApp({ config, clock: clock.now, logger: false, jobs: false, defaultMetrics: false, store: bStore });
    await post(a, `${C}/windows/1/open`, op(1));
    await post(a, `${C}/windows/2/open`, op(2));
    await post(a, `${C}/tickets`, DESK, { service: 'id-card' });
    await post(a, `${C}/tickets`, DESK, { service: 'id-card' });
    clock.advance(1000);
    let aAnswer: unknown;
    race = async () => (aAnswer = json(await post(a, `${C}/windows/1/call-next`, op(1))));
    expect(json(await post(b, `${C}/windows/2/call-next`, op(2)))).toMatchObject({ ticket: 2 });
    expect(aAnswer).toMatchObject({ ticket: 1 });
    expect(await conflicts(b)).toBe(1);
    // Reads catch up too: a sees b's call on the board.
    expect(json<unknown[]>(await a.inject(`${C}/board`))).toHaveLength(2);
    await a.close();
    await b.close();
  });

  it('an instance hears of the appends of another at once (pub/sub) and catches up without a request', async () => {
    const clock = new ManualClock(at(MON, '10:00'));
    const { apps, close } = await instances(2, clock);
    const [a, b] = apps as [FastifyInstance, FastifyInstance];
    await post(b, `${C}/windows/4/open`, op(4));
    await post(b, `${C}/tickets`, DESK, { service: 'fee-payment' });
    const centreA = a.ctx.network.get('baku-1').centre;
    // Bounded by the test timeout; no request is sent to a.
    while (centreA.version < 2) await new Promise((r) => setTimeout(r, 10));
    expect(centreA.load().waiting).toBe(1);
    await close();
  });

  it('an idempotent retry on another instance gets the first answer', async () => {
    const clock = new ManualClock(at(MON, '10:00'));
    const { apps, close } = await instances(2, clock);
    const [a, b] = apps as [FastifyInstance, FastifyInstance];
    await post(a, `${C}/windows/1/open`, op(1));
    await post(a, `${C}/tickets`, DESK, { service: 'id-card' });
    await post(a, `${C}/tickets`, DESK, { service: 'id-card' });
    const first = await post(a, `${C}/windows/1/call-next`, { ...op(1), 'idempotency-key': 'call-1' });
    const retry = await post(b, `${C}/windows/1/call-next`, { ...op(1), 'idempotency-key': 'call-1' });
    expect(retry.body).toBe(first.body);
    expect(json(await b.inject({ url: `${C}/windows/1`, headers: op(1) }))).toMatchObject({ current: { ticket: 1 } });
    await close();
  });

  it('with concurrent requests spread over three instances, every ticket is called exactly once', async () => {
    const seed = 20_261_123;
    const rand = rng(seed);
    const clock = new ManualClock(at(MON, '10:00'));
    const { apps, prefix, close } = await instances(3, clock);
    const pick = () => apps[Math.floor(rand() * apps.length)]!;
    const windows = [1, 2, 3, 12];
    await Promise.all(windows.map((w) => post(pick(), `${C}/windows/${w}/open`, op(w))));
    const TICKETS = 36;
    // A client that gets SRV_ERR_CONFLICT (503) retries with the same key, on any instance.
    let keys = 0;
    const send = async (url: string, headers: Record<string, string>, body?: unknown) => {
      const key = `k-${++keys}`;
      for (let tries = 0; ; tries++) {
        const res = await post(pick(), url, { ...headers, 'idempotency-key': key }, body);
        if (res.statusCode !== 503 || tries >= 10) return res;
      }
    };
    const issued = await Promise.all(Array.from({ length: TICKETS }, (_, i) => send(`${C}/tickets`, DESK, { service: i % 3 === 0 ? 'passport' : 'id-card' })));
    expect(issued.map((r) => (r.statusCode === 201 ? 201 : r.body)), `seed ${seed}`).toEqual(issued.map(() => 201));
    const ids = issued.map((r) => json<{ ticket: number }>(r).ticket);
    expect(new Set(ids).size, `seed ${seed}`).toBe(TICKETS);
    expect(new Set(issued.map((r) => json<{ number: string }>(r).number)).size).toBe(TICKETS);
    clock.advance(60_000);

    // Each window's operator works through the queue; every call-next is sent twice at once, to two
    // instances (a double click behind a load balancer), and start / complete go anywhere.
    const served: number[] = [];
    await Promise.all(
      windows.map(async (w) => {
        for (;;) {
          const answers = await Promise.all([send(`${C}/windows/${w}/call-next`, op(w)), send(`${C}/windows/${w}/call-next`, op(w))]);
          for (const r of answers) expect([200, 409], `seed ${seed}: ${r.body}`).toContain(r.statusCode);
          const called = answers.filter((r) => r.statusCode === 200 && json<{ ticket: number | null }>(r).ticket !== null);
          if (called.length === 0) break;
          expect(called, `seed ${seed}: one window, one call at a time`).toHaveLength(1);
          served.push(json<{ ticket: number }>(called[0]!).ticket);
          expect((await send(`${C}/windows/${w}/start`, op(w))).statusCode).toBe(200);
          expect((await send(`${C}/windows/${w}/complete`, op(w), { rating: 4 })).statusCode).toBe(200);
        }
      }),
    );
    expect(served.sort((x, y) => x - y), `seed ${seed}`).toEqual([...ids].sort((x, y) => x - y));

    // The log itself: one call per ticket, and a replay equals every instance's state.
    const store = new RedisStore({ url: redis.url, prefix });
    const log: QueueEvent[] = await store.load('baku-1', 0);
    await store.close();
    const calls = log.filter((e) => e.type === 'ticket.called').map((e) => (e as { id: number }).id);
    expect(calls.length).toBe(TICKETS);
    expect(new Set(calls).size).toBe(TICKETS);
    const replayed = JSON.stringify(Centre.replay(apps[0]!.ctx.config.centres[0]!, log).dump());
    for (const app of apps) {
      await app.ctx.network.get('baku-1').sync();
      expect(JSON.stringify(app.ctx.network.get('baku-1').centre.dump())).toBe(replayed);
    }
    await close();
  });
});
