/**
 * The live stream's events carry the centre's version as their SSE `id`; an EventSource that
 * reconnects sends the last one it got back as `Last-Event-ID`. A reconnect whose Last-Event-ID is
 * the current version is not sent that snapshot again (the page has it) — only the server's clock
 * (a `clock` event without an id) — and gets the next change as any stream does. Any other Last-Event-ID (older, newer than the log — another store —, or
 * malformed) gets the full current snapshot, never an error. Real HTTP sockets.
 */
import { request, type ClientRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C, DESK, listeningTestApp, op, post, type TestApp } from './helpers.ts';

let t: TestApp;
let port: number;
beforeAll(async () => {
  ({ t, port } = await listeningTestApp());
  expect((await post(t.app, `${C}/windows/1/open`, op(1))).statusCode).toBe(200);
  expect((await post(t.app, `${C}/tickets`, DESK, { service: 'id-card' })).statusCode).toBe(201);
});
afterAll(() => t.close());

const version = (): number => t.app.ctx.network.get('baku-1').centre.version;

interface Stream {
  readonly status: number;
  /** The `id` of every snapshot event so far, in order. */
  readonly ids: number[];
  /** Everything received so far. */
  text(): string;
  /** Resolves once `n` snapshot events have arrived. */
  snapshots(n: number): Promise<void>;
  close(): void;
}

/** Opens the live stream with the given headers; resolves once the head and the `retry` line have arrived. */
function open(headers: Record<string, string> = {}): Promise<Stream> {
  return new Promise((resolve, reject) => {
    let req: ClientRequest;
    let text = '';
    const ids: number[] = [];
    const waiters: { n: number; done: () => void }[] = [];
    req = request({ host: '127.0.0.1', port, path: `${C}/live`, headers }, (res) => {
      res.setEncoding('utf8');
      let resolved = false;
      res.on('data', (chunk: string) => {
        text += chunk;
        ids.length = 0;
        for (const m of text.matchAll(/^event: snapshot\nid: (\d+)\n/gm)) ids.push(Number(m[1]));
        for (const w of waiters) if (ids.length >= w.n) w.done();
        if (!resolved && text.includes('retry: ')) {
          resolved = true;
          resolve({
            status: res.statusCode ?? 0,
            ids,
            text: () => text,
            snapshots: (n) => (ids.length >= n ? Promise.resolve() : new Promise((done) => waiters.push({ n, done }))),
            close: () => req.destroy(),
          });
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Last-Event-ID on the live stream', () => {
  it('a stream without one gets the current snapshot, its id the version', async () => {
    const s = await open();
    await s.snapshots(1);
    expect(s.status).toBe(200);
    expect(s.ids).toEqual([version()]);
    expect(s.text()).toMatch(new RegExp(`^retry: \\d+\\n\\nevent: snapshot\\nid: ${version()}\\ndata: \\{"centre":"baku-1","name":"[^"]+","version":${version()},"at":${t.clock.ms},"utcOffsetMin":240,`));
    s.close();
  });

  it('a reconnect at the current version is not sent that snapshot again; the next change comes', async () => {
    const v = version();
    const s = await open({ 'last-event-id': String(v) });
    expect(s.status).toBe(200);
    // Give the server every chance to send the snapshot it must not send …
    await new Promise((r) => setTimeout(r, 300));
    expect(s.ids).toEqual([]);
    // … it sent the server's clock and the centre's offset only (the board's clock: board-clock.test), with no id.
    expect(s.text()).toMatch(new RegExp(`^retry: \\d+\\n\\nevent: clock\\ndata: \\{"at":${t.clock.ms},"utcOffsetMin":240\\}\\n\\n$`));
    // … and the stream is live: the next change arrives, and is the first snapshot it ever got.
    expect((await post(t.app, `${C}/tickets`, DESK, { service: 'id-card' })).statusCode).toBe(201);
    await s.snapshots(1);
    expect(s.ids).toEqual([v + 1]);
    expect(version()).toBe(v + 1);
    s.close();
  });

  it('an older Last-Event-ID, or one ahead of the log (another store), gets the full snapshot', async () => {
    const v = version();
    for (const id of [String(v - 1), '0', String(v + 1), String(v + 1000)]) {
      const s = await open({ 'last-event-id': id });
      await s.snapshots(1);
      expect([id, s.status, s.ids]).toEqual([id, 200, [v]]);
      s.close();
    }
  });

  it('a malformed Last-Event-ID is ignored: the full snapshot, never an error', async () => {
    const v = version();
    for (const id of ['', 'abc', '-1', `${v}.0`, `${v}x`, `0${v}`, '1e3', '99999999999999999999', `${v}, ${v}`]) {
      const s = await open({ 'last-event-id': id });
      await s.snapshots(1);
      expect([id, s.status, s.ids]).toEqual([id, 200, [v]]);
      s.close();
    }
  });
});
