/**
 * Graceful shutdown on a real socket: requests already in flight when close begins are finished and
 * their events are in the store; new work is refused; nothing answered 201 is lost.
 */
import { connect, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createServerConfig } from '../src/config/validate-config.ts';
import { LmdbStore } from '../src/store/lmdb-store.ts';
import { at, configInputOf, gatedStore, ManualClock, MON, tempDir, testConfig } from './helpers.ts';

/**
 * The app on a real LMDB store (flushed commits) behind a gate that holds appends, so requests are
 * surely in flight when close begins; listening on a free port of 127.0.0.1.
 */
async function gatedServer() {
  const tmp = tempDir();
  const opts = { dataDir: tmp.dir, noSync: false, overlappingSync: true };
  const { store, open, reached } = gatedStore(new LmdbStore(opts));
  const config = createServerConfig({ ...configInputOf(testConfig()), store: { kind: 'embedded', ...opts } });
  const app = await buildApp({ config, store, clock: new ManualClock(at(MON, '10:00')).now, logger: false, jobs: false, defaultMetrics: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, port: (app.server.address() as AddressInfo).port, opts, open, reached, remove: tmp.remove };
}

describe('graceful shutdown', () => {
  it('finishes in-flight writes, then closes the store; the log has every answered ticket', async () => {
    const { app, port, opts, open, reached, remove } = await gatedServer();
    const base = `http://127.0.0.1:${port}/api/centres/baku-1`;
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
    remove();
  });
});

/** The next `n` HTTP/1.1 responses read off a kept-alive socket, in order (Content-Length bodies only). */
function responses(socket: Socket, n: number): Promise<{ status: number; headers: Record<string, string>; body: string }[]> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const out: { status: number; headers: Record<string, string>; body: string }[] = [];
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const split = buf.indexOf('\r\n\r\n');
        if (split < 0) return;
        const [statusLine, ...lines] = buf.subarray(0, split).toString('latin1').split('\r\n');
        const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
        const length = Number(headers['content-length']);
        if (buf.length < split + 4 + length) return;
        out.push({ status: Number(statusLine!.split(' ')[1]), headers, body: buf.subarray(split + 4, split + 4 + length).toString('utf8') });
        buf = buf.subarray(split + 4 + length);
        if (out.length === n) {
          socket.off('data', onData);
          socket.off('error', reject);
          resolve(out);
          return;
        }
      }
    };
    socket.on('data', onData);
    socket.on('error', reject);
  });
}
const nextResponse = async (socket: Socket) => (await responses(socket, 1))[0]!;

describe('a request on a kept-alive connection while the server shuts down', () => {
  it('a write or a live stream: coded 503 SRV_ERR_SHUTTING_DOWN; a read: answered; each connection closed; nothing written', async () => {
    const { app, port, opts, open, reached, remove } = await gatedServer();
    const body = '{"service":"id-card"}';
    const issue = `POST /api/centres/baku-1/tickets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer demo-desk\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`;
    const sockets = [connect(port, '127.0.0.1'), connect(port, '127.0.0.1'), connect(port, '127.0.0.1')];
    const answers = sockets.map((s) => responses(s, 2));
    for (const s of sockets) s.write(issue);
    await reached;
    const host = app.ctx.network.get('baku-1');
    while (host.writes < 3) await new Promise((r) => setTimeout(r, 5));
    // Every connection is busy (a write in flight each) when close begins: they stay open.
    const closing = app.close();
    while (app.ctx.accepting) await new Promise((r) => setTimeout(r, 5));
    // The next request on each kept-alive connection, sent while its first is still in flight: a
    // write, the live stream, a read (each answered after the first, in order).
    sockets[0]!.write(issue);
    sockets[1]!.write(get('/api/centres/baku-1/live'));
    sockets[2]!.write(get('/api/centres/baku-1/load'));
    await new Promise((r) => setTimeout(r, 50));
    open();
    const both = await Promise.all(answers);
    expect(both.map((a) => a[0]!.status)).toEqual([201, 201, 201]);
    const late = both.map((a) => a[1]!);
    const [write, live, read] = late;
    for (const res of [write!, live!]) {
      expect(res.status).toBe(503);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'SRV_ERR_SHUTTING_DOWN' });
    }
    expect(read!.status).toBe(200);
    // Served as any read: it shows what is in the log when it runs (the writes before it in flight may not be yet).
    expect(JSON.parse(read!.body)).toMatchObject({ centre: 'baku-1', waiting: expect.any(Number) });
    for (const res of [write!, live!, read!]) expect(res.headers.connection).toBe('close');
    // Nothing keeps the server open (a live stream started now would).
    await closing;
    for (const s of sockets) s.destroy();
    const again = new LmdbStore(opts);
    const events = await again.load('baku-1', 0);
    await again.close();
    expect(events.filter((e) => e.type === 'ticket.issued')).toHaveLength(3);
    remove();
  });
});

describe('a kept-alive connection whose request was in flight when close began', () => {
  it('is closed by the server once answered: close does not wait for the keep-alive timeout (72 s) or graceMs', async () => {
    const { app, port, open, reached, remove } = await gatedServer();
    const body = '{"service":"id-card"}';
    const socket = connect(port, '127.0.0.1');
    const closedByServer = new Promise<boolean>((r) => socket.on('close', () => r(true)));
    const answered = nextResponse(socket);
    socket.write(`POST /api/centres/baku-1/tickets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer demo-desk\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    await reached;
    const started = Date.now();
    const closing = app.close();
    while (app.ctx.accepting) await new Promise((r) => setTimeout(r, 5));
    open();
    expect((await answered).status).toBe(201);
    // The client keeps its connection open, as a kept-alive client does between requests.
    const outcome = await Promise.race([closing.then(() => 'closed'), new Promise((r) => setTimeout(() => r('still closing after 3 s'), 3000))]);
    expect(outcome).toBe('closed');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await Promise.race([closedByServer, new Promise((r) => setTimeout(() => r(false), 1000))])).toBe(true);
    socket.destroy();
    await closing;
    remove();
  });
});
