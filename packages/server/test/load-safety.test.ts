/**
 * Load safety on a real socket: a centre's queue of waiting writes is capped (the next write is
 * answered 503 SRV_ERR_OVERLOADED with Retry-After at once and changes nothing), and a write whose
 * client disconnected before its turn is never decided (no ticket for a client that gave up).
 *
 * The store's appends wait at a gate (the real LMDB store behind it), so that writes surely wait.
 */
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createServerConfig } from '../src/config/validate-config.ts';
import { LmdbStore } from '../src/store/lmdb-store.ts';
import { at, configInputOf, gatedStore, ManualClock, MON, tempDir, testConfig } from './helpers.ts';

const BODY = '{"service":"id-card"}';

async function gatedServer(centreQueueMaxRequests: number) {
  const tmp = tempDir();
  const opts = { dataDir: tmp.dir, noSync: false, overlappingSync: true };
  const { store, open } = gatedStore(new LmdbStore(opts));
  const config = createServerConfig({ ...configInputOf(testConfig()), centreQueueMaxRequests, store: { kind: 'embedded', ...opts } });
  const app = await buildApp({ config, store, clock: new ManualClock(at(MON, '10:00')).now, logger: false, jobs: false, defaultMetrics: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}/api/centres/baku-1`;
  const host = app.ctx.network.get('baku-1');
  const until = async (cond: () => boolean) => {
    while (!cond()) await new Promise((r) => setTimeout(r, 2));
  };
  const issue = () => fetch(`${base}/tickets`, { method: 'POST', headers: { authorization: 'Bearer demo-desk', 'content-type': 'application/json', connection: 'close' }, body: BODY });
  /** Sends writes one by one (each inside the server before the next) until `queued` wait in the queue, not yet decided. */
  const fillQueue = async (queued: number) => {
    const sent: Promise<Response>[] = [];
    while (host.queued < queued) {
      const before = host.pending;
      sent.push(issue());
      await until(() => host.pending > before);
    }
    return sent;
  };
  const issuedInLog = async () => {
    await app.close();
    const again = new LmdbStore(opts);
    const events = await again.load('baku-1', 0);
    await again.close();
    tmp.remove();
    return events.filter((e) => e.type === 'ticket.issued').length;
  };
  return { app, port, host, open, issue, fillQueue, until, issuedInLog };
}

describe('load safety', () => {
  it('answers 503 SRV_ERR_OVERLOADED with Retry-After when the centre queue is full, and changes nothing', async () => {
    const s = await gatedServer(2);
    const accepted = await s.fillQueue(2);
    expect(s.host.queued).toBe(2);
    const refused = await s.issue();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    const body = (await refused.json()) as { code: string; details: { queued: number; centre: string } };
    expect(body.code).toBe('SRV_ERR_OVERLOADED');
    expect(body.details).toMatchObject({ centre: 'baku-1', queued: 2 });
    s.open();
    const answers = await Promise.all(accepted);
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 201));
    const numbers = await Promise.all(answers.map(async (r) => ((await r.json()) as { number: string }).number));
    // The refused write took no number: the accepted ones are A001…An, and the next is A(n+1).
    const n = accepted.length;
    expect(numbers.sort()).toEqual(Array.from({ length: n }, (_, i) => `A${String(i + 1).padStart(3, '0')}`));
    const next = await s.issue();
    expect(((await next.json()) as { number: string }).number).toBe(`A${String(n + 1).padStart(3, '0')}`);
    expect(await s.issuedInLog()).toBe(n + 1);
  });

  it('does not decide a write whose client disconnected before its turn', async () => {
    const s = await gatedServer(100);
    const accepted = await s.fillQueue(1);
    // The victim: a raw request on its own socket, queued behind the others, then abandoned.
    const victim = request({ host: '127.0.0.1', port: s.port, method: 'POST', path: '/api/centres/baku-1/tickets', headers: { authorization: 'Bearer demo-desk', 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) } });
    victim.on('error', () => {}); // destroyed on purpose
    victim.end(BODY);
    await s.until(() => s.host.queued === 2);
    const connections = () => new Promise<number>((resolve, reject) => s.app.server.getConnections((err, n) => (err ? reject(err) : resolve(n))));
    const before = await connections();
    victim.destroy();
    // Wait until the server has seen the victim's socket close.
    for (let n = before; n >= before; n = await connections()) await new Promise((r) => setTimeout(r, 2));
    s.open();
    const answers = await Promise.all(accepted);
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 201));
    // Only the answered writes are in the log, and the next ticket follows them directly.
    const n = accepted.length;
    const next = await s.issue();
    expect(next.status).toBe(201);
    expect(((await next.json()) as { number: string }).number).toBe(`A${String(n + 1).padStart(3, '0')}`);
    const gone = (await s.app.ctx.metrics.commands.get()).values.find((v) => v.labels.outcome === 'client_gone');
    expect(gone?.value).toBe(1);
    expect(await s.issuedInLog()).toBe(n + 1);
  });
});
