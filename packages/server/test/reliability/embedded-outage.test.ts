/**
 * Embedded store down, then back (a disk that refuses writes and reads for a while): a write
 * during the outage is refused with the store's error, reads during the outage never show the
 * refused write, and once the store is back the centre serves from what is stored — the next
 * ticket takes the number the refused one did not keep, and nothing acknowledged is lost.
 *
 * The real LMDB store, behind a switch that makes its appends and loads fail while it is "down".
 */
import { describe, expect, it } from 'vitest';
import { LmdbStore } from '../../src/store/lmdb-store.ts';
import type { EventStore } from '../../src/store/event-store.ts';
import { createServerConfig } from '../../src/config/validate-config.ts';
import { C, configInputOf, delegatingStore, DESK, json, post, tempDir, testApp, testConfig } from '../helpers.ts';

function switchedStore(inner: EventStore): { store: EventStore; down: (yes: boolean) => void } {
  let isDown = false;
  const fail = () => Promise.reject(new Error('disk unavailable (test)'));
  const store = delegatingStore(inner, {
    load: (c, f) => (isDown ? fail() : inner.load(c, f)),
    version: (c) => (isDown ? fail() : inner.version(c)),
    answer: (c, k) => (isDown ? fail() : inner.answer(c, k)),
    ping: () => (isDown ? fail() : inner.ping()),
    append: (c, v, r) => (isDown ? fail() : inner.append(c, v, r)),
  });
  return { store, down: (yes) => (isDown = yes) };
}

describe('embedded store outage', () => {
  it('refuses writes while the store is down, never shows them to reads, and serves from the store when it is back', async () => {
    const tmp = tempDir();
    const opts = { dataDir: tmp.dir, noSync: true, overlappingSync: false };
    const { store, down } = switchedStore(new LmdbStore(opts));
    const config = createServerConfig({ ...configInputOf(testConfig()), store: { kind: 'embedded', ...opts } });
    const t = await testApp({ store, config });
    try {
      const issue = () => post(t.app, `${C}/tickets`, DESK, { service: 'id-card' });
      const waiting = async () => {
        const res = await t.app.inject({ method: 'GET', url: `${C}/load` });
        return { status: res.statusCode, waiting: res.statusCode === 200 ? json<{ waiting: number }>(res).waiting : undefined };
      };

      const first = await issue();
      expect(first.statusCode).toBe(201);
      expect(json<{ number: string }>(first).number).toBe('A001');
      expect(await waiting()).toEqual({ status: 200, waiting: 1 });

      down(true);
      const refused = await issue();
      expect(refused.statusCode).toBe(503);
      expect(json<{ code: string }>(refused).code).toBe('SRV_ERR_STORE_UNAVAILABLE');
      // The refused ticket is not in the log, but the centre in memory may hold it (its rebuild
      // failed too): a read waits for the rebuild, and is refused while the store is down.
      expect(await waiting()).toEqual({ status: 503, waiting: undefined });

      down(false);
      expect(await waiting()).toEqual({ status: 200, waiting: 1 });
      const next = await issue();
      expect(next.statusCode).toBe(201);
      expect(json<{ number: string }>(next).number).toBe('A002');
      expect(await waiting()).toEqual({ status: 200, waiting: 2 });
    } finally {
      await t.close();
      tmp.remove();
    }
  });
});
