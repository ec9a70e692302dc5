/**
 * A quiet live stream gets a `clock` event (the server's time and the centre's UTC offset, no id)
 * every `http.liveHeartbeatMs`: proxies and load balancers that cut idle connections keep it, and a
 * board whose kiosk clock was changed while it runs shows the centre's time again. Real sockets.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createServerConfig } from '../src/config/validate-config.ts';
import { C, configInputOf, listeningTestApp, testConfig, type TestApp } from './helpers.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** Reads the stream for `ms` milliseconds; returns what arrived. */
function readFor(port: number, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const req = request({ host: '127.0.0.1', port, path: `${C}/live` }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      setTimeout(() => {
        req.destroy();
        resolve(text);
      }, ms);
    });
    req.on('error', reject);
    req.end();
  });
}

const clocks = (text: string): string[] => [...text.matchAll(/^event: clock\ndata: (.*)\n\n/gm)].map((m) => m[1]!);

describe('live stream heartbeat', () => {
  it('a quiet stream gets a clock event every liveHeartbeatMs, with the server clock and no id', async () => {
    const config = createServerConfig({ ...configInputOf(testConfig()), http: { ...testConfig().http, liveHeartbeatMs: 100 } });
    let port: number;
    ({ t, port } = await listeningTestApp({ config }));
    const at = t.clock.ms;
    const text = await readFor(port, 550);
    // the snapshot first, then only heartbeats (nothing changed)
    expect(text.match(/^event: snapshot$/gm)?.length).toBe(1);
    const beats = clocks(text);
    expect(beats.length).toBeGreaterThanOrEqual(3);
    expect(beats.length).toBeLessThanOrEqual(6);
    for (const b of beats) expect(JSON.parse(b)).toEqual({ at, utcOffsetMin: 240 });
    expect(text).not.toMatch(/event: clock\nid:/);
  });

  it('follows the server clock, and is off at 0', async () => {
    const config = createServerConfig({ ...configInputOf(testConfig()), http: { ...testConfig().http, liveHeartbeatMs: 100 } });
    let port: number;
    ({ t, port } = await listeningTestApp({ config }));
    const reading = readFor(port, 400);
    await new Promise((r) => setTimeout(r, 150));
    t.clock.advance(90 * 60_000);
    const later = clocks(await reading).map((b) => JSON.parse(b).at as number);
    expect(later.at(-1)).toBe(t.clock.ms);
    await t.close();

    const off = createServerConfig({ ...configInputOf(testConfig()), http: { ...testConfig().http, liveHeartbeatMs: 0 } });
    ({ t, port } = await listeningTestApp({ config: off }));
    expect(clocks(await readFor(port, 350))).toEqual([]);
  });

  it('is 15 s by default, and refuses a value outside 0 or 100 ms – 10 min with a coded message', () => {
    expect(testConfig().http.liveHeartbeatMs).toBe(15_000);
    expect(() => createServerConfig({ ...configInputOf(testConfig()), http: { ...testConfig().http, liveHeartbeatMs: 20 } })).toThrow(/http\.liveHeartbeatMs/);
  });
});
