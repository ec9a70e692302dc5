/**
 * A live page that stops reading (a frozen tab, a stalled proxy) while its connection stays open:
 * the server must not keep every snapshot for it in memory. Once more than LIVE_MAX_BUFFERED_BYTES
 * wait unsent for it, its stream is ended (its EventSource reconnects and gets the current
 * snapshot); a page that reads keeps its stream. Real sockets: the kernel's buffers fill first.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_MAX_BUFFERED_BYTES } from '../src/live/live-hub.ts';
import { C, DESK, post, listeningTestApp, type TestApp } from './helpers.ts';

let t: TestApp;
let port: number;
beforeAll(async () => ({ t, port } = await listeningTestApp()));
afterAll(() => t.close());

describe('a live page that stops reading', () => {
  it('has its stream ended once its unsent snapshots pass the bound; a page that reads keeps its stream', { timeout: 60_000 }, async () => {
    const request = 'GET /api/centres/baku-1/live HTTP/1.1\r\nHost: x\r\n\r\n';
    const stalled = connect(port, '127.0.0.1');
    stalled.write(request);
    const reader = connect(port, '127.0.0.1');
    let read = 0;
    reader.on('data', (d: Buffer) => (read += d.length));
    reader.write(request);
    while (t.app.ctx.live.size < 2) await new Promise((r) => setTimeout(r, 5));
    // The stalled page stops reading after its first bytes.
    await new Promise<void>((r) => stalled.once('data', () => r()));
    stalled.pause();
    // Changes, each its own snapshot (one issue after another), until far more than the kernel's
    // buffers and the bound have been sent to the stalled page.
    let issued = 0;
    while (read < 16 * 1024 * 1024 + LIVE_MAX_BUFFERED_BYTES && issued < 20_000) {
      expect((await post(t.app, `${C}/tickets`, DESK, { service: 'id-card' })).statusCode).toBe(201);
      issued++;
      await new Promise((r) => setImmediate(r));
    }
    // Every snapshot the reader got was also written to the stalled page: it is gone, the reader is not.
    expect(t.app.ctx.live.size).toBe(1);
    stalled.destroy();
    reader.destroy();
  });
});
