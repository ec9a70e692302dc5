/**
 * The embedded store's event layout: one record per append, keyed by the version of its last event
 * (a single event stored as itself, several as an array). Data directories written before it (one
 * record per event) must stay readable, alone and followed by new appends, from any version.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QueueEvent } from '@asan/queue-core';
import { open } from 'lmdb';
import { afterAll, describe, expect, it } from 'vitest';
import { LmdbStore } from '../src/store/lmdb-store.ts';
import { rng } from './rng.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'asan-layout-'));
  dirs.push(dir);
  return dir;
}

const ev = (i: number): QueueEvent => ({ type: 'window.opened', at: 1_700_000_000_000 + i, window: i });

/** Writes `n` events of `centre` as the store did before (one record per event), with the raw lmdb API. */
async function writeOldLayout(dataDir: string, centre: string, n: number): Promise<void> {
  const root = open({ path: dataDir, maxDbs: 8 });
  const events = root.openDB({ name: 'events', encoding: 'msgpack', keyEncoding: 'ordered-binary' });
  const heads = root.openDB({ name: 'heads', encoding: 'msgpack' });
  await root.transaction(() => {
    for (let v = 1; v <= n; v++) events.put([centre, v], ev(v));
    heads.put(centre, n);
  });
  await root.close();
}

describe('embedded store layout', () => {
  it('reads a data directory written one record per event, then appends groups after it', async () => {
    const dataDir = tempDir();
    await writeOldLayout(dataDir, 'c1', 5);
    await writeOldLayout(dataDir, 'c2', 3); // another centre's records sort after c1's
    const store = new LmdbStore({ dataDir, noSync: true, overlappingSync: false });
    try {
      expect(await store.version('c1')).toBe(5);
      for (let from = 0; from <= 5; from++) expect(await store.load('c1', from)).toEqual([1, 2, 3, 4, 5].slice(from).map(ev));
      expect(await store.append('c1', 5, { events: [ev(6), ev(7), ev(8)] })).toEqual({ ok: true, version: 8 });
      expect(await store.append('c1', 8, { events: [ev(9)] })).toEqual({ ok: true, version: 9 });
      expect(await store.append('c1', 9, { events: [ev(10), ev(11)] })).toEqual({ ok: true, version: 11 });
      const all = Array.from({ length: 11 }, (_, i) => ev(i + 1));
      for (let from = 0; from <= 11; from++) expect(await store.load('c1', from)).toEqual(all.slice(from));
      expect(await store.load('c2', 0)).toEqual([ev(1), ev(2), ev(3)]);
    } finally {
      await store.close();
    }
  });

  it('stores one record per append, keyed by its last version', async () => {
    const dataDir = tempDir();
    const store = new LmdbStore({ dataDir, noSync: true, overlappingSync: false });
    await store.append('c1', 0, { events: [ev(1), ev(2), ev(3)] });
    await store.append('c1', 3, { events: [ev(4)] });
    await store.close();
    const root = open({ path: dataDir, maxDbs: 8 });
    const events = root.openDB({ name: 'events', encoding: 'msgpack', keyEncoding: 'ordered-binary' });
    try {
      expect([...events.getRange({ start: ['c1', 0], end: ['c1', Number.MAX_SAFE_INTEGER] })].map(({ key, value }) => [key, value])).toEqual([
        [['c1', 3], [ev(1), ev(2), ev(3)]],
        [['c1', 4], ev(4)],
      ]);
    } finally {
      await root.close();
    }
  });

  it('loads from every version after random groups on an old-layout log', async () => {
    const seed = Number(process.env.LAYOUT_SEED ?? Date.now() % 2 ** 31);
    console.log(`lmdb-layout random groups: seed ${seed} (LAYOUT_SEED=${seed} repeats it)`);
    const random = rng(seed);
    const dataDir = tempDir();
    const old = Math.floor(random() * 6);
    await writeOldLayout(dataDir, 'c1', old);
    const store = new LmdbStore({ dataDir, noSync: true, overlappingSync: false });
    try {
      let version = old;
      for (let g = 0; g < 20; g++) {
        const n = 1 + Math.floor(random() * 5);
        const events = Array.from({ length: n }, (_, i) => ev(version + i + 1));
        expect(await store.append('c1', version, { events })).toEqual({ ok: true, version: version + n });
        version += n;
      }
      const all = Array.from({ length: version }, (_, i) => ev(i + 1));
      for (let from = 0; from <= version; from++) expect(await store.load('c1', from), `seed ${seed}, from ${from}`).toEqual(all.slice(from));
    } finally {
      await store.close();
    }
  });
});
