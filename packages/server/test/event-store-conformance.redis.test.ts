/**
 * The one conformance suite of the event-store port, run against every adapter: the embedded LMDB
 * store in a temporary directory and the Redis store on a private redis-server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { QueueEvent } from '@asan/queue-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore } from '../src/store/event-store.ts';
import { LmdbStore } from '../src/store/lmdb-store.ts';
import { RedisStore } from '../src/store/redis-store.ts';
import { startRedis, type PrivateRedis } from './private-redis.ts';

interface Adapter {
  readonly name: string;
  /** A store; `reopen` gives a second handle on the same data (another process, or a restart). */
  open(): { store: EventStore; reopen: () => EventStore };
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
    open() {
      const dataDir = mkdtempSync(join(tmpdir(), 'asan-store-'));
      dirs.push(dataDir);
      const opts = { dataDir, noSync: true, overlappingSync: false };
      return { store: new LmdbStore(opts), reopen: () => new LmdbStore(opts) };
    },
  },
  {
    name: 'Redis',
    open() {
      const prefix = `test-${randomUUID()}`;
      return { store: new RedisStore({ url: redis.url, prefix }), reopen: () => new RedisStore({ url: redis.url, prefix }) };
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
});
