/**
 * The live stream's edges on a real socket: HEAD (what a monitor or a proxy's health check sends)
 * and an unknown centre.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listeningTestApp, type TestApp } from './helpers.ts';

let t: TestApp;
let port: number;
beforeAll(async () => ({ t, port } = await listeningTestApp()));
afterAll(() => t.close());

/** Writes `request` on a fresh connection; resolves with what arrived within `ms`, and whether the server closed it. */
function exchange(request: string, ms: number): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let closed = false;
    socket.on('data', (d: Buffer) => (text += d.toString('utf8')));
    socket.on('end', () => (closed = true));
    socket.on('error', reject);
    socket.write(request);
    setTimeout(() => {
      socket.destroy();
      resolve({ text, closed });
    }, ms);
  });
}

describe('live stream edges', () => {
  it('HEAD of the live stream answers its head and leaves the connection usable: the next request is answered', async () => {
    const before = t.app.ctx.live.size;
    const { text } = await exchange('HEAD /api/centres/baku-1/live HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n', 1500);
    const heads = text.split('HTTP/1.1 ').filter(Boolean);
    expect(heads[0]).toMatch(/^200 /);
    expect(heads[0]).toMatch(/text\/event-stream/i);
    // The GET after it on the same connection got its answer.
    expect(heads).toHaveLength(2);
    expect(heads[1]).toMatch(/^200 [\s\S]*"status":"ok"/);
    // And no live client is left behind.
    expect(t.app.ctx.live.size).toBe(before);
  });
});
