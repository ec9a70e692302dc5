/**
 * One address may hold at most `http.liveMaxStreamsPerAddress` live streams at once: a script (or a
 * page stuck in a reload loop) opening streams without end would otherwise keep a socket, a
 * subscription and every snapshot's write per stream. The next one is refused with 429
 * SRV_ERR_TOO_MANY_STREAMS and opens nothing; a closed stream frees its place. HEAD (the head only)
 * holds no stream and is not counted. Real sockets.
 */
import { request, type ClientRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createServerConfig } from '../src/config/validate-config.ts';
import { C, configInputOf, listeningTestApp, testConfig, type TestApp } from './helpers.ts';

let t: TestApp | undefined;
const open: ClientRequest[] = [];
afterEach(async () => {
  for (const r of open.splice(0)) r.destroy();
  await t?.close();
  t = undefined;
});

/** Opens a live stream; resolves with its status and, for a refusal, its JSON body. */
function connect(port: number, method = 'GET'): Promise<{ status: number; body?: { code: string; message: string; details: object }; req: ClientRequest }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: `${C}/live`, method }, (res) => {
      if (res.statusCode === 200) return resolve({ status: 200, req });
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined, req }));
    });
    open.push(req);
    req.on('error', reject);
    req.end();
  });
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('live streams per address', () => {
  it('refuses one more than http.liveMaxStreamsPerAddress with 429, and a closed stream frees its place', async () => {
    const config = createServerConfig({ ...configInputOf(testConfig()), http: { ...testConfig().http, liveMaxStreamsPerAddress: 2 } });
    let port: number;
    ({ t, port } = await listeningTestApp({ config }));
    const a = await connect(port);
    const b = await connect(port);
    expect([a.status, b.status]).toEqual([200, 200]);
    const head = await connect(port, 'HEAD');
    expect(head.status).toBe(200);
    const third = await connect(port);
    expect(third.status).toBe(429);
    expect(third.body).toEqual({
      code: 'SRV_ERR_TOO_MANY_STREAMS',
      message: 'This address has 2 live streams open, the most it may (http.liveMaxStreamsPerAddress); close one and retry',
      details: { limit: 2 },
    });
    expect(t.app.ctx.live.size).toBe(2);
    a.req.destroy();
    await until(() => t!.app.ctx.live.size === 1);
    const again = await connect(port);
    expect(again.status).toBe(200);
  });

  it('defaults to 64 and refuses a bad value with its path', () => {
    expect(createServerConfig(configInputOf(testConfig())).http.liveMaxStreamsPerAddress).toBe(64);
    expect(() => createServerConfig({ ...configInputOf(testConfig()), http: { ...testConfig().http, liveMaxStreamsPerAddress: 0 } })).toThrow(/http\.liveMaxStreamsPerAddress/);
  });
});
