/**
 * The lifetime of idempotency answers at the server's level: `idempotencyTtlHours` is validated and
 * reaches the store (the Redis answer key carries it as its expiry); after the lifetime a retry
 * still cannot do anything twice — the answer is gone, but the log remembers the key, so the retry
 * is refused and changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { ServerConfigError, createServerConfig } from '../src/config/validate-config.ts';
import { LmdbStore } from '../src/store/lmdb-store.ts';
import { RedisStore } from '../src/store/redis-store.ts';
import { C, DESK, configInputOf, json, post, tempDir, testApp, testConfig } from './helpers.ts';
import { startRedis, type PrivateRedis } from './private-redis.ts';

let redis: PrivateRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

const key = (k: string) => ({ 'idempotency-key': k });

describe('idempotency answer lifetime (server)', () => {
  it('idempotencyTtlHours: default 48, whole hours from 1 to 8760, anything else refused with its name', () => {
    expect(testConfig().idempotencyTtlHours).toBe(48);
    expect(testConfig({ idempotencyTtlHours: 1 }).idempotencyTtlHours).toBe(1);
    for (const bad of [0, -1, 1.5, 8761, '24', null]) {
      let err: unknown;
      try {
        testConfig({ idempotencyTtlHours: bad as never });
      } catch (e) {
        err = e;
      }
      expect(err, String(bad)).toBeInstanceOf(ServerConfigError);
      expect((err as Error).message, String(bad)).toMatch(/idempotencyTtlHours: must be an integer from 1 to 8760/);
    }
  });

  it('on Redis the configured lifetime is the answer key\'s expiry, and the answer is served within it', async () => {
    const prefix = `test-${randomUUID()}`;
    const config = createServerConfig({ ...configInputOf(testConfig({ idempotencyTtlHours: 2 })), store: { kind: 'redis', url: redis.url, prefix } });
    const app = await buildApp({ config, logger: false, jobs: false, defaultMetrics: false, clock: () => Date.parse('2026-11-23T08:00:00Z') });
    try {
      const first = await post(app, `${C}/tickets`, { ...DESK, ...key('ttl-1') }, { service: 'id-card' });
      expect(first.statusCode).toBe(201);
      const again = await post(app, `${C}/tickets`, { ...DESK, ...key('ttl-1') }, { service: 'id-card' });
      expect(again.body).toBe(first.body);
      const probe = new RedisStore({ url: redis.url, prefix });
      const pttl = await probe.redis.pttl(`${prefix}:{baku-1}:answer:ttl-1`);
      await probe.close();
      expect(pttl).toBeGreaterThan(2 * 3_600_000 - 60_000);
      expect(pttl).toBeLessThanOrEqual(2 * 3_600_000);
    } finally {
      await app.close();
    }
  });

  it('after the lifetime (and a restart) the answer is gone, yet a retry with the key does nothing twice', async () => {
    const tmp = tempDir();
    let storeNow = 1_800_000_000_000;
    const open = () => new LmdbStore({ dataDir: tmp.dir, noSync: true, overlappingSync: false, idempotencyTtlMs: 60_000, clock: () => storeNow });
    try {
      const a = await testApp({ store: open() });
      const first = await post(a.app, `${C}/tickets`, { ...DESK, ...key('late-1') }, { service: 'id-card' });
      expect(first.statusCode).toBe(201);
      storeNow += 30_000; // within the lifetime
      expect((await post(a.app, `${C}/tickets`, { ...DESK, ...key('late-1') }, { service: 'id-card' })).body).toBe(first.body);
      const version = a.app.ctx.network.get('baku-1').centre.version;
      await a.close();

      storeNow += 31_000; // 61 s after the answer: expired
      const b = await testApp({ store: open() });
      expect(await b.app.ctx.store.answer('baku-1', 'late-1')).toBeUndefined();
      const late = await post(b.app, `${C}/tickets`, { ...DESK, ...key('late-1') }, { service: 'id-card' });
      expect(late.statusCode).toBe(422);
      expect(json(late).code).toBe('SRV_ERR_IDEMPOTENCY_KEY_EXPIRED');
      expect(b.app.ctx.network.get('baku-1').centre.version).toBe(version);
      // A new key is a new request.
      const next = await post(b.app, `${C}/tickets`, { ...DESK, ...key('late-2') }, { service: 'id-card' });
      expect(next.statusCode).toBe(201);
      expect(json<{ ticket: number }>(next).ticket).toBe(json<{ ticket: number }>(first).ticket + 1);
      await b.close();
    } finally {
      tmp.remove();
    }
  });
});
