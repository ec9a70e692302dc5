/**
 * Snapshots on the embedded store: a server writes a centre's snapshot every `snapshotEveryEvents`
 * events; reopened, it starts from the latest snapshot and replays only the events after it, to the
 * same state. A snapshot that does not fit the configuration is not used (the whole log is).
 */
import { Centre, createConfig, type Command, type QueueEvent } from '@asan/queue-core';
import { describe, expect, it } from 'vitest';
import { DEMO_CENTRE } from '../src/config/demo-network.ts';
import { LmdbStore } from '../src/store/lmdb-store.ts';
import { C, DESK, ManualClock, MON, at, json, op, post, tempDir, testApp, testConfig } from './helpers.ts';

const EVERY = 10;

describe('snapshots (embedded store)', () => {
  it('are written every N events; a restart loads the latest one and replays only the events after it', async () => {
    const tmp = tempDir();
    try {
      const clock = new ManualClock(at(MON, '10:00'));
      const config = testConfig({ snapshotEveryEvents: EVERY });
      const a = await testApp({ clock, dataDir: tmp.dir, config });
      expect(a.app.ctx.network.get('baku-1').start).toEqual({ snapshotVersion: null, replayed: 0 });
      expect((await post(a.app, `${C}/windows/1/open`, op(1))).statusCode).toBe(200);
      for (let i = 0; i < 37; i++) {
        clock.advance(20_000);
        expect((await post(a.app, `${C}/tickets`, DESK, { service: 'id-card', ...(i % 3 === 0 ? { name: `N${i}` } : {}) })).statusCode).toBe(201);
        if (i % 5 === 0) {
          await post(a.app, `${C}/windows/1/call-next`, op(1));
          await post(a.app, `${C}/windows/1/start`, op(1));
          clock.advance(60_000);
          await post(a.app, `${C}/windows/1/complete`, op(1), { rating: 4 });
        }
      }
      const host = a.app.ctx.network.get('baku-1');
      const version = host.centre.version;
      const dump = JSON.stringify(host.centre.dump());
      const board = json(await a.app.inject(`${C}/board`));
      await a.close(); // waits for the snapshot write in flight
      // Every max(N, the tickets at the last snapshot) events: 62 events here, the tickets growing to 37 (about half on average).
      expect(host.snapshots.written).toBeGreaterThanOrEqual(Math.floor(version / Math.max(EVERY, 37 / 2)) - 1);
      expect(host.snapshots.lastVersion).toBeGreaterThan(version - 2 * EVERY);

      const b = await testApp({ clock, dataDir: tmp.dir, config });
      const again = b.app.ctx.network.get('baku-1');
      expect(again.start.snapshotVersion).toBe(host.snapshots.lastVersion);
      expect(again.start.replayed).toBe(version - again.start.snapshotVersion!);
      expect(again.start.replayed).toBeLessThan(2 * EVERY);
      expect(JSON.stringify(again.centre.dump())).toBe(dump);
      expect(json(await b.app.inject(`${C}/board`))).toEqual(board);
      // Decisions continue from the restored state: the next ticket gets the next number.
      const next = json<{ ticket: number }>(await post(b.app, `${C}/tickets`, DESK, { service: 'id-card' }));
      expect(next.ticket).toBe(38);
      await b.close();

      // Another centre configuration: the snapshot is refused and the whole log replayed.
      const changed = testConfig({ snapshotEveryEvents: EVERY }, [{ ...DEMO_CENTRE, boardSize: 3 }]);
      const c = await testApp({ clock, dataDir: tmp.dir, config: changed });
      const start = c.app.ctx.network.get('baku-1').start;
      expect(start.snapshotVersion).toBeNull();
      expect(start.replayed).toBe(version + 1);
      expect(start.snapshotRefused).toMatch(/QC_ERR_SNAPSHOT_MISMATCH/);
      await c.close();
    } finally {
      tmp.remove();
    }
  });

  it('waits longer between snapshots as the centre grows: max(N, as many events as it has tickets)', async () => {
    const tmp = tempDir();
    try {
      const clock = new ManualClock(at(MON, '10:00'));
      const config = testConfig({ snapshotEveryEvents: EVERY });
      const a = await testApp({ clock, dataDir: tmp.dir, config });
      const TICKETS = 400; // one event each
      for (let i = 0; i < TICKETS; i++) {
        clock.advance(1_000);
        expect((await post(a.app, `${C}/tickets`, DESK, { service: ['id-card', 'passport', 'driving-licence'][i % 3] })).statusCode).toBe(201);
      }
      const host = a.app.ctx.network.get('baku-1');
      await a.close();
      // Thresholds 10, 10, 20, 40, 80, 160 (×2 once the tickets exceed 10): about 6 snapshots up to
      // 400 events; a fixed threshold of 10 would have written about 40.
      expect(host.snapshots.written).toBeGreaterThanOrEqual(4);
      expect(host.snapshots.written).toBeLessThanOrEqual(10);
      const b = await testApp({ clock, dataDir: tmp.dir, config });
      const again = b.app.ctx.network.get('baku-1');
      expect(again.start.snapshotVersion).toBe(host.snapshots.lastVersion);
      // At most as many events as the last snapshot held tickets (one event per ticket here): well under the log.
      expect(again.start.replayed).toBeLessThanOrEqual(Math.max(EVERY, host.snapshots.lastVersion!));
      expect(again.start.replayed).toBeLessThan(TICKETS / 2);
      expect(again.centre.version).toBe(TICKETS);
      await b.close();
    } finally {
      tmp.remove();
    }
  });

  it('the store keeps the newest snapshot, with its typed arrays, and refuses one ahead of the log', async () => {
    const tmp = tempDir();
    const store = new LmdbStore({ dataDir: tmp.dir, noSync: true, overlappingSync: false });
    try {
      const config = createConfig(DEMO_CENTRE);
      const centre = new Centre(config);
      const log: QueueEvent[] = [];
      for (const cmd of [
        { type: 'openWindow', now: at(MON, '10:00'), window: 1 },
        ...[0, 1, 2].map((i) => ({ type: 'issueWalkIn', now: at(MON, '10:01') + i, service: 'id-card', citizen: `c${i}` })),
      ] as Command[]) {
        const out = centre.execute(cmd);
        if (out.ok) log.push(...out.events);
      }
      expect(log.length).toBe(4);
      expect((await store.append('baku-1', 0, { events: log })).ok).toBe(true);
      expect(await store.loadSnapshot('baku-1')).toBeUndefined();
      const early = Centre.replay(config, log.slice(0, 2)).snapshot();
      await store.saveSnapshot('baku-1', 4, centre.snapshot());
      await store.saveSnapshot('baku-1', 2, early); // older: ignored
      const loaded = (await store.loadSnapshot('baku-1'))!;
      expect(loaded.version).toBe(4);
      expect(loaded.columns.madeAt).toBeInstanceOf(Float64Array);
      expect(loaded.columns.service).toBeInstanceOf(Int16Array);
      expect(loaded).toEqual(centre.snapshot());
      expect(JSON.stringify(Centre.restore(config, loaded).dump())).toBe(JSON.stringify(centre.dump()));
      const ahead = Centre.replay(config, log).snapshot();
      await expect(store.saveSnapshot('baku-1', 5, { ...ahead, version: 5 })).rejects.toThrow(/ahead of the log/);
      await expect(store.saveSnapshot('baku-1', 3, ahead)).rejects.toThrow(/not 3/);
    } finally {
      await store.close();
      tmp.remove();
    }
  });
});
