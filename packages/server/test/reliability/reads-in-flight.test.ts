/**
 * Reads never show a write before it is in the log. On the embedded store a group of writes is
 * decided and applied in memory while its append is in flight (group commit, pipelined); a read
 * (a route, or the live board's stream) that arrives meanwhile waits until the append has landed,
 * instead of answering from memory ahead of the log — if the append failed, the write would never
 * have happened, and the read would have shown it.
 *
 * A snapshot is taken the same way, and a steady stream of writes no longer keeps it waiting
 * until the writes stop (it waited for the centre's whole drain).
 *
 * The real LMDB store behind a gate that holds appends in flight (helpers.ts gatedStore, and
 * heldAppends below, which lets them through one at a time).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createServerConfig } from '../../src/config/validate-config.ts';
import { LmdbStore } from '../../src/store/lmdb-store.ts';
import type { EventStore } from '../../src/store/event-store.ts';
import type { ServerConfigInput } from '../../src/config/server-config.ts';
import { C, configInputOf, delegatingStore, DESK, gatedStore, json, post, tempDir, testApp, testConfig } from '../helpers.ts';

/** Lets every pending callback, microtask and I/O callback of a few turns of the event loop run. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** An app on a real LMDB store in a temporary directory, behind the test's wrapper of it. */
async function appOn<W extends { store: EventStore }>(wrap: (inner: EventStore) => W, overrides: Partial<ServerConfigInput> = {}) {
  const tmp = tempDir();
  const opts = { dataDir: tmp.dir, noSync: true, overlappingSync: false };
  const wrapped = wrap(new LmdbStore(opts));
  const config = createServerConfig({ ...configInputOf(testConfig(overrides)), store: { kind: 'embedded', ...opts } });
  const t = await testApp({ store: wrapped.store, config });
  return {
    t,
    wrapped,
    async close() {
      await t.close();
      tmp.remove();
    },
  };
}

describe('reads while a write is in flight (embedded store)', () => {
  it('a read waits for the append of a write decided before it, then shows it', async () => {
    const { t, wrapped: gated, close } = await appOn(gatedStore);
    try {
      const issuing = post(t.app, `${C}/tickets`, DESK, { service: 'id-card' });
      await gated.reached; // decided, applied in memory, append held at the gate

      let loadDone = false;
      const loading = t.app.inject({ method: 'GET', url: `${C}/load` }).then((res) => ((loadDone = true), res));
      await turns(20);
      expect(loadDone).toBe(false); // it would have answered "1 waiting" from memory, before the log had it

      gated.open();
      const [issued, load] = await Promise.all([issuing, loading]);
      expect(issued.statusCode).toBe(201);
      expect(load.statusCode).toBe(200);
      expect(json<{ waiting: number }>(load).waiting).toBe(1);
    } finally {
      await close();
    }
  });

  it('the waiting-tickets gauge of /metrics waits for the append too, then counts the ticket', async () => {
    const { t, wrapped: gated, close } = await appOn(gatedStore);
    try {
      const issuing = post(t.app, `${C}/tickets`, DESK, { service: 'id-card' });
      await gated.reached;

      let scraped = false;
      const scraping = t.app.inject({ method: 'GET', url: '/metrics' }).then((res) => ((scraped = true), res));
      await turns(20);
      expect(scraped).toBe(false); // it counted the ticket from memory, before the log had it

      gated.open();
      const [issued, metrics] = await Promise.all([issuing, scraping]);
      expect(issued.statusCode).toBe(201);
      expect(metrics.statusCode).toBe(200);
      expect(metrics.body).toMatch(/asan_waiting_tickets\{centre="baku-1"\} 1\n/);
    } finally {
      await close();
    }
  });

  it("the board's stream never shows a group whose append is still in flight", async () => {
    const { t, wrapped: held, close } = await appOn(heldAppends);
    try {
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const port = (t.app.server.address() as AddressInfo).port;
      const stream = liveStream(port);
      expect(await stream.next()).toBe(0);

      held.hold(true);
      const first = post(t.app, `${C}/tickets`, DESK, { service: 'id-card' });
      await held.arrived(1); // ticket 1's append in flight
      const second = post(t.app, `${C}/tickets`, DESK, { service: 'id-card' });
      await held.arrived(2); // ticket 2 decided on top of it (pipelined), its append in flight too

      await held.release(); // ticket 1 lands: the board is told the centre changed, while ticket 2 is still in flight
      expect((await first).statusCode).toBe(201);
      await turns(20);
      expect(stream.received()).toEqual([0]); // not "2 waiting": ticket 2 is not in the log yet

      await held.release();
      expect((await second).statusCode).toBe(201);
      expect(await stream.next()).toBe(2);
      expect(stream.received()).toEqual([0, 2]);
      stream.close();
    } finally {
      await close();
    }
  });

  it('a snapshot due under a steady stream of writes is taken between groups, not once the writes stop', async () => {
    const { t, wrapped: held, close } = await appOn(heldAppends, { snapshotEveryEvents: 3 });
    try {
      const host = t.app.ctx.network.get('baku-1');
      const issue = () => post(t.app, `${C}/tickets`, DESK, { service: 'id-card' });
      held.hold(true);
      const answers = [issue()];
      await held.arrived(1);
      answers.push(issue());
      await held.arrived(2); // two groups in flight (the pipeline's depth)
      // A steady stream: a new write arrives before each append lands, so the centre always has a
      // write to decide or to settle (its drain never ends while the stream goes on).
      for (let step = 0; step < 40 && held.snapshots() === 0; step++) {
        answers.push(issue());
        await turns(5);
        await held.release();
        await turns(5);
      }
      expect(held.snapshots()).toBe(1);
      expect(host.writes).toBeGreaterThan(0); // taken while writes were still waiting, not after them
      expect((await held.store.loadSnapshot!('baku-1'))!.version).toBeGreaterThanOrEqual(3);

      await held.releaseAll();
      for (const res of await Promise.all(answers)) expect(res.statusCode).toBe(201);
    } finally {
      await held.releaseAll(); // a failed check above must not leave the writes held (close waits for them)
      await close();
    }
  });
});

/** A store whose appends, while `hold(true)`, each wait for a `release()` (in order); it counts the snapshots saved. */
function heldAppends(inner: EventStore) {
  let holding = false;
  const waiting: { release: () => void; landed: Promise<void> }[] = [];
  let count = 0;
  let saved = 0;
  const arrivals: { n: number; resolve: () => void }[] = [];
  const store = delegatingStore(inner, {
    saveSnapshot: async (c, v, snap) => {
      await inner.saveSnapshot!(c, v, snap);
      saved++;
    },
    loadSnapshot: (c) => inner.loadSnapshot!(c),
    append: async (c, v, r) => {
      if (!holding) return inner.append(c, v, r);
      let release!: () => void;
      let landed!: () => void;
      const go = new Promise<void>((resolve) => (release = resolve));
      waiting.push({ release, landed: new Promise<void>((resolve) => (landed = resolve)) });
      count++;
      for (const a of arrivals.filter((x) => x.n <= count)) a.resolve();
      await go;
      try {
        return await inner.append(c, v, r);
      } finally {
        landed();
      }
    },
  });
  return {
    store,
    hold: (yes: boolean) => (holding = yes),
    /** Resolves once `n` appends have arrived while holding. */
    arrived: (n: number) => new Promise<void>((resolve) => (count >= n ? resolve() : arrivals.push({ n, resolve }))),
    /** Lets the oldest held append through and resolves once the store has done it; false when none was held. */
    release: async (): Promise<boolean> => {
      const next = waiting.shift();
      if (next === undefined) return false;
      next.release();
      await next.landed;
      return true;
    },
    /** Stops holding and lets every held append through. */
    async releaseAll(): Promise<void> {
      holding = false;
      for (let next = waiting.shift(); next !== undefined; next = waiting.shift()) {
        next.release();
        await next.landed;
      }
    },
    /** Snapshots saved through this store. */
    snapshots: () => saved,
  };
}

/** The live stream of the centre over a real socket: the total waiting of each snapshot it got. */
function liveStream(port: number) {
  let text = '';
  const snapshots: number[] = [];
  let wake: (() => void) | undefined;
  let taken = 0;
  const req = http.get({ host: '127.0.0.1', port, path: `${C}/live` }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      text += chunk;
      let m: RegExpExecArray | null;
      while ((m = /event: snapshot\nid: \d+\ndata: (.*)\n\n/.exec(text))) {
        const snap = JSON.parse(m[1]!) as { services: { waiting: number }[] };
        snapshots.push(snap.services.reduce((n, s) => n + s.waiting, 0));
        text = text.slice(m.index + m[0].length);
      }
      wake?.();
    });
  });
  return {
    /** The waiting count of the next snapshot not yet taken. */
    async next(): Promise<number> {
      while (snapshots.length <= taken) await new Promise<void>((resolve) => (wake = resolve));
      return snapshots[taken++]!;
    },
    received: () => [...snapshots],
    close: () => req.destroy(),
  };
}
