/**
 * The one conformance suite of the event-store port, run against every adapter: the embedded LMDB
 * store in a temporary directory and the Redis store on a private redis-server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Centre, createConfig, type Command, type QueueEvent } from '@asan/queue-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore } from '../src/store/event-store.ts';
import { LmdbStore } from '../src/store/lmdb-store.ts';
import { RedisStore } from '../src/store/redis-store.ts';
import { DEMO_CENTRE } from '../src/config/demo-network.ts';
import { MON, at } from './helpers.ts';
import { startRedis, type PrivateRedis } from './private-redis.ts';

interface Adapter {
  readonly name: string;
  /**
   * A store; `reopen` gives a second handle on the same data (another process, or a restart);
   * `pass(ms)` lets that much time pass for the answers' lifetime (an injected clock for LMDB,
   * real time for Redis, whose server expires keys by its own clock).
   */
  open(options?: { idempotencyTtlMs?: number }): { store: EventStore; reopen: () => EventStore; pass: (ms: number) => Promise<void> };
}

let redis: PrivateRedis;
const dirs: string[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const adapters: Adapter[] = [
  {
    name: 'embedded (LMDB)',
    open(options = {}) {
      const dataDir = mkdtempSync(join(tmpdir(), 'asan-store-'));
      dirs.push(dataDir);
      let now = Date.now();
      const opts = { dataDir, noSync: true, overlappingSync: false, clock: () => now, ...options };
      return {
        store: new LmdbStore(opts),
        reopen: () => new LmdbStore(opts),
        pass: async (ms: number) => {
          now += ms;
        },
      };
    },
  },
  {
    name: 'Redis',
    open(options = {}) {
      const prefix = `test-${randomUUID()}`;
      const opts = { url: redis.url, prefix, ...options };
      return { store: new RedisStore(opts), reopen: () => new RedisStore(opts), pass: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) };
    },
  },
];

const ev = (i: number): QueueEvent => ({ type: 'window.opened', at: 1_700_000_000_000 + i, window: i });
const issued: QueueEvent = { type: 'ticket.issued', at: 1_700_000_000_500, id: 1, service: 'id-card', class: 'general', channel: 'desk', citizen: 'h:abc', seq: 1, due: 1_700_001_800_500, key: 'k-1' };

describe.each(adapters)('event store conformance: $name', (adapter) => {
  it('starts empty at version 0', async () => {
    const { store } = adapter.open();
    expect(await store.version('c1')).toBe(0);
    expect(await store.load('c1', 0)).toEqual([]);
    await store.close();
  });

  it('appends at the expected version and loads the events back exactly, from any version', async () => {
    const { store } = adapter.open();
    expect(await store.append('c1', 0, { events: [ev(1), issued] })).toEqual({ ok: true, version: 2 });
    expect(await store.append('c1', 2, { events: [ev(3)] })).toEqual({ ok: true, version: 3 });
    expect(await store.version('c1')).toBe(3);
    expect(await store.load('c1', 0)).toEqual([ev(1), issued, ev(3)]);
    expect(await store.load('c1', 2)).toEqual([ev(3)]);
    expect(await store.load('c1', 3)).toEqual([]);
    await store.close();
  });

  it('refuses an append at a stale version, writes nothing and reports the current version', async () => {
    const { store } = adapter.open();
    await store.append('c1', 0, { events: [ev(1), ev(2)] });
    expect(await store.append('c1', 1, { events: [ev(9)], answer: { key: 'k', value: { fingerprint: 'f', status: 201, body: {} } } })).toEqual({ ok: false, version: 2 });
    expect(await store.append('c1', 3, { events: [ev(9)] })).toEqual({ ok: false, version: 2 });
    expect(await store.load('c1', 0)).toEqual([ev(1), ev(2)]);
    expect(await store.answer('c1', 'k')).toBeUndefined();
    await store.close();
  });

  it('stores the first answer of an idempotency key together with its events', async () => {
    const { store } = adapter.open();
    const value = { fingerprint: 'fp', status: 201, body: { ticket: 1, number: 'A001', nested: [1, null, 'x'] } };
    expect(await store.append('c1', 0, { events: [issued], answer: { key: 'k-1', value } })).toEqual({ ok: true, version: 1 });
    expect(await store.answer('c1', 'k-1')).toEqual(value);
    expect(await store.answer('c2', 'k-1')).toBeUndefined();
    await store.close();
  });

  it('lets exactly one of several concurrent appends at one version win', async () => {
    const { store, reopen } = adapter.open();
    const other = reopen();
    const results = await Promise.all([store, other, store, other].map((s, i) => s.append('c1', 0, { events: [ev(i)] })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => r.version === 1)).toBe(true);
    expect(await store.version('c1')).toBe(1);
    await other.close();
    await store.close();
  });

  it('keeps centres apart', async () => {
    const { store } = adapter.open();
    await store.append('c1', 0, { events: [ev(1)] });
    await store.append('c2', 0, { events: [ev(2), ev(3)] });
    expect(await store.load('c1', 0)).toEqual([ev(1)]);
    expect(await store.load('c2', 0)).toEqual([ev(2), ev(3)]);
    await store.close();
  });

  it('keeps the log across a close and a reopen', async () => {
    const { store, reopen } = adapter.open();
    await store.append('c1', 0, { events: [ev(1), issued], answer: { key: 'k', value: { fingerprint: 'f', status: 200, body: 'ok' } } });
    await store.close();
    const again = reopen();
    expect(await again.version('c1')).toBe(2);
    expect(await again.load('c1', 0)).toEqual([ev(1), issued]);
    expect(await again.answer('c1', 'k')).toEqual({ fingerprint: 'f', status: 200, body: 'ok' });
    await again.ping();
    await again.close();
  });
  it('keeps a first answer for its lifetime only: a retry within it gets the first answer, after it the key is free', async () => {
    const TTL = 1_200; // Redis expires by its own clock: a real, short lifetime
    const { store, reopen, pass } = adapter.open({ idempotencyTtlMs: TTL });
    const first = { fingerprint: 'fp-1', status: 201, body: { ticket: 1 } };
    expect(await store.append('c1', 0, { events: [issued], answer: { key: 'k-1', value: first } })).toEqual({ ok: true, version: 1 });
    expect(await store.answer('c1', 'k-1')).toEqual(first);
    await pass(200);
    // Within the lifetime: the same answer (also on another handle, opened after the append: a
    // second LMDB handle in one process keeps reading from the snapshot it first read), and the key
    // cannot be stored again.
    const other = reopen();
    expect(await other.answer('c1', 'k-1')).toEqual(first);
    expect(await store.append('c1', 1, { events: [ev(2)], answer: { key: 'k-1', value: { fingerprint: 'fp-2', status: 201, body: {} } } })).toEqual({ ok: false, version: 1 });
    expect(await store.load('c1', 0)).toEqual([issued]);
    await pass(TTL);
    // After it: absent, and the key may be used again (the log itself is never expired).
    expect(await store.answer('c1', 'k-1')).toBeUndefined();
    expect(await other.answer('c1', 'k-1')).toBeUndefined();
    const second = { fingerprint: 'fp-2', status: 200, body: { again: true } };
    expect(await store.append('c1', 1, { events: [ev(2)], answer: { key: 'k-1', value: second } })).toEqual({ ok: true, version: 2 });
    expect(await store.answer('c1', 'k-1')).toEqual(second);
    expect(await store.load('c1', 0)).toEqual([issued, ev(2)]);
    await other.close();
    await store.close();
  });

  it('keeps the newest snapshot (older ones ignored, one ahead of the log refused); snapshot + tail = the whole log', async () => {
    const { store, reopen } = adapter.open();
    const config = createConfig(DEMO_CENTRE);
    const centre = new Centre(config);
    const log: QueueEvent[] = [];
    const cmds: Command[] = [
      { type: 'openWindow', now: at(MON, '10:00'), window: 1 },
      ...[0, 1, 2, 3, 4].map((i) => ({ type: 'issueWalkIn', now: at(MON, '10:01') + i, service: 'id-card', citizen: `c${i}` }) as Command),
      { type: 'callNext', now: at(MON, '10:02'), window: 1 },
    ];
    for (const cmd of cmds) {
      const out = centre.execute(cmd);
      if (!out.ok) throw new Error(`command ${cmd.type} refused: ${out.error.code}`);
      log.push(...out.events);
    }
    const n = log.length;
    expect(n).toBeGreaterThanOrEqual(7);
    expect(await store.loadSnapshot!('baku-1')).toBeUndefined();
    expect((await store.append('baku-1', 0, { events: log.slice(0, 4) })).ok).toBe(true);
    const at4 = Centre.replay(config, log.slice(0, 4)).snapshot();
    const at2 = Centre.replay(config, log.slice(0, 2)).snapshot();
    await store.saveSnapshot!('baku-1', 4, at4);
    await store.saveSnapshot!('baku-1', 2, at2); // older: ignored
    await expect(store.saveSnapshot!('baku-1', 3, at4)).rejects.toThrow(/not 3/); // says another version than it holds
    const loaded = (await store.loadSnapshot!('baku-1'))!;
    expect(loaded.version).toBe(4);
    expect(loaded.columns.madeAt).toBeInstanceOf(Float64Array);
    expect(loaded).toEqual(at4);
    await expect(store.saveSnapshot!('baku-1', 5, { ...at4, version: 5 })).rejects.toThrow(/ahead of the log/);
    expect((await store.loadSnapshot!('baku-1'))!.version).toBe(4);
    // The log goes on; a restart restores the snapshot and folds the tail: the whole log's state.
    expect((await store.append('baku-1', 4, { events: log.slice(4) })).ok).toBe(true);
    await store.close();
    const again = reopen();
    const snap = (await again.loadSnapshot!('baku-1'))!;
    const tail = await again.load('baku-1', snap.version);
    expect(tail).toEqual(log.slice(4));
    const restored = Centre.restore(config, snap);
    restored.apply(tail);
    expect(JSON.stringify(restored.dump())).toBe(JSON.stringify(Centre.replay(config, await again.load('baku-1', 0)).dump()));
    expect(JSON.stringify(restored.dump())).toBe(JSON.stringify(centre.dump()));
    // A newer snapshot replaces it; snapshots are per centre.
    await again.saveSnapshot!('baku-1', n, centre.snapshot());
    expect((await again.loadSnapshot!('baku-1'))!.version).toBe(n);
    expect(await again.loadSnapshot!('other')).toBeUndefined();
    await again.close();
  });
});

describe('answer lifetime: store specifics', () => {
  it('LMDB: the sweep deletes expired answers only (at open and on a snapshot), so they do not pile up', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'asan-store-'));
    dirs.push(dataDir);
    let now = 1_800_000_000_000;
    const opts = { dataDir, noSync: true, overlappingSync: false, idempotencyTtlMs: 1_000, clock: () => now };
    const store = new LmdbStore(opts);
    const value = (i: number) => ({ fingerprint: `f${i}`, status: 201, body: i });
    await store.append('c1', 0, { events: [ev(1)], answer: { key: 'old-1', value: value(1) } });
    await store.append('c1', 1, { events: [ev(2)], answer: { key: 'old-2', value: value(2) } });
    await store.append('c2', 0, { events: [ev(3)], answer: { key: 'old-3', value: value(3) } });
    now += 600;
    await store.append('c1', 2, { events: [ev(4)], answer: { key: 'new-1', value: value(4) } });
    now += 500; // old-* are 1,100 ms old, new-1 500 ms
    expect(await store.purgeExpiredAnswers('c1')).toBe(2);
    expect(await store.answer('c1', 'new-1')).toEqual(value(4));
    expect(await store.purgeExpiredAnswers('c1')).toBe(0);
    await store.close();
    const again = new LmdbStore(opts); // the sweep at open takes c2's
    await again.close();
    const third = new LmdbStore({ ...opts, clock: () => now - 10_000 }); // a clock before every answer: nothing reads as expired
    expect(await third.answer('c2', 'old-3')).toBeUndefined();
    expect(await third.answer('c1', 'new-1')).toEqual(value(4));
    expect(await third.load('c1', 0)).toEqual([ev(1), ev(2), ev(4)]);
    await third.close();
  });

  it('Redis: an answer key carries its expiry, a request without a key writes no answer key', async () => {
    const prefix = `test-${randomUUID()}`;
    const store = new RedisStore({ url: redis.url, prefix, idempotencyTtlMs: 3_600_000 });
    await store.append('c1', 0, { events: [ev(1)] });
    await store.append('c1', 1, { events: [ev(2)], answer: { key: 'k-1', value: { fingerprint: 'f', status: 201, body: {} } } });
    const keys = (await store.redis.keys(`${prefix}:*`)).sort();
    expect(keys).toEqual([`${prefix}:{c1}:answer:k-1`, `${prefix}:{c1}:events`]);
    const pttl = await store.redis.pttl(`${prefix}:{c1}:answer:k-1`);
    expect(pttl).toBeGreaterThan(3_500_000);
    expect(pttl).toBeLessThanOrEqual(3_600_000);
    expect(await store.redis.pttl(`${prefix}:{c1}:events`)).toBe(-1); // the log never expires
    await store.close();
  });
});
