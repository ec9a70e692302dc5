/**
 * Graceful shutdown on a real socket: requests already in flight when close begins are finished and
 * their events are in the store; new work is refused; nothing answered 201 is lost.
 */
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createServerConfig } from '../src/config/validate-config.ts';
import { LmdbStore } from '../src/store/lmdb-store.ts';
import { at, configInputOf, gatedStore, ManualClock, MON, tempDir, testConfig } from './helpers.ts';

describe('graceful shutdown', () => {
  it('finishes in-flight writes, then closes the store; the log has every answered ticket', async () => {
    const tmp = tempDir();
    const opts = { dataDir: tmp.dir, noSync: false, overlappingSync: true };
    // Appends wait at a gate, so that requests are surely in flight when close begins.
    const { store, open, reached } = gatedStore(new LmdbStore(opts));
    const config = createServerConfig({ ...configInputOf(testConfig()), store: { kind: 'embedded', ...opts } });
    const app = await buildApp({ config, store, clock: new ManualClock(at(MON, '10:00')).now, logger: false, jobs: false, defaultMetrics: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/centres/baku-1`;
    const issue = () => fetch(`${base}/tickets`, { method: 'POST', headers: { authorization: 'Bearer demo-desk', 'content-type': 'application/json', connection: 'close' }, body: '{"service":"id-card"}' });

    const inFlight = Array.from({ length: 8 }, issue);
    await reached;
    // Wait until all eight are inside the server (queued behind the first, or in a group at the gate).
    // Not `pending`: it also counts the centre's drain loop, so it reaches 8 with only 7 requests in.
    const host = app.ctx.network.get('baku-1');
    while (host.writes < 8) await new Promise((r) => setTimeout(r, 5));
    const closing = app.close();
    // New work after close began: refused (connection refused, or 503 on a kept-alive socket).
    const late = await issue().then((r) => r.status, () => 'refused');
    expect(['refused', 503]).toContain(late);
    open();
    const answers = await Promise.all(inFlight);
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 201));
    const numbers = await Promise.all(answers.map(async (r) => ((await r.json()) as { number: string }).number));
    await closing;

    const again = new LmdbStore(opts);
    const events = await again.load('baku-1', 0);
    await again.close();
    const issued = events.filter((e) => e.type === 'ticket.issued');
    expect(issued).toHaveLength(8);
    expect(new Set(numbers)).toEqual(new Set(['A001', 'A002', 'A003', 'A004', 'A005', 'A006', 'A007', 'A008']));
    tmp.remove();
  });
});
