/**
 * The per-address rate limit of a public read counts its HEAD requests too: HEAD comes with every
 * GET (Fastify's automatic route) and answers the same status — 200 for a ticket's token, 404 for a
 * wrong one — so a HEAD is as good as a GET for trying tokens. Real socket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerConfig } from '../src/config/validate-config.ts';
import { configInputOf, listeningTestApp, testConfig, type TestApp } from './helpers.ts';

let t: TestApp;
let base: string;
beforeAll(async () => {
  const s = await listeningTestApp({ config: createServerConfig({ ...configInputOf(testConfig()), rateLimit: { publicMax: 4, publicWindowMs: 60_000 } }) });
  t = s.t;
  base = `http://127.0.0.1:${s.port}/api/centres/baku-1`;
});
afterAll(async () => {
  await t.close();
});

describe('rate limit of a public read', () => {
  it('lets publicMax requests of GET and HEAD together through, then answers 429 to both', async () => {
    const issued = await fetch(`${base}/tickets`, { method: 'POST', headers: { authorization: 'Bearer demo-desk', 'content-type': 'application/json' }, body: '{"service":"id-card"}' });
    const { token } = (await issued.json()) as { token: string };
    const url = `${base}/status/${token}`;
    const codes: string[] = [];
    for (const method of ['GET', 'HEAD', 'GET', 'HEAD', 'HEAD', 'GET']) codes.push(`${method} ${(await fetch(url, { method })).status}`);
    // Before: HEAD had a bucket of its own: GET 200, HEAD 200, GET 200, HEAD 200, HEAD 200, GET 200.
    expect(codes).toEqual(['GET 200', 'HEAD 200', 'GET 200', 'HEAD 200', 'HEAD 429', 'GET 429']);
    const refused = await fetch(url);
    expect(((await refused.json()) as { code: string }).code).toBe('SRV_ERR_RATE_LIMITED');
  });

  it('keeps a bucket per route: the limit of one route does not spend another', async () => {
    const res = await fetch(`${base}/holds/1.AAAAAAAAAAAAAAAAAAAAAA/release`, { method: 'POST' });
    expect(res.status).toBe(404);
  });
});
