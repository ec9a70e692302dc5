/**
 * The OpenAPI document states the refusals each route really gives, and none it cannot give:
 * 429 where a route is rate-limited, 503 on the live stream (store down, shutting down), 401 / 403
 * on secured routes only (a public route ignores tokens).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerConfig } from '../src/config/validate-config.ts';
import { C, configInputOf, DESK, json, post, testApp, testConfig, type TestApp } from './helpers.ts';

let t: TestApp;
type Op = { security?: unknown[]; responses?: Record<string, unknown> };
let ops: { method: string; path: string; op: Op }[];

beforeAll(async () => {
  t = await testApp({ config: createServerConfig({ ...configInputOf(testConfig()), rateLimit: { publicMax: 2, publicWindowMs: 60_000 } }) });
  const doc = json<{ paths: Record<string, Record<string, Op>> }>(await t.app.inject('/docs/json'));
  ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ method, path, op })));
});
afterAll(async () => {
  await t.close();
});

const statuses = (method: string, path: string): string[] => Object.keys(ops.find((o) => o.method === method && o.path === path)?.op.responses ?? {});

const RATE_LIMITED = [
  ['get', '/api/centres/{centre}/status/{token}'],
  ['post', '/api/centres/{centre}/holds'],
  ['post', '/api/centres/{centre}/holds/{token}/release'],
  ['post', '/api/centres/{centre}/bookings'],
  ['post', '/api/centres/{centre}/status/{token}/cancel'],
] as const;

describe('OpenAPI answers against behaviour', () => {
  it('the status route answers a coded 429 when limited, and every rate-limited route documents 429', async () => {
    const issued = json<{ token: string }>(await post(t.app, `${C}/tickets`, DESK, { service: 'id-card' }));
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) codes.push((await t.app.inject(`${C}/status/${issued.token}`)).statusCode);
    expect(codes).toEqual([200, 200, 429]);
    expect(json(await t.app.inject(`${C}/status/${issued.token}`))).toMatchObject({ code: 'SRV_ERR_RATE_LIMITED' });
    for (const [m, p] of RATE_LIMITED) expect(statuses(m, p), `${m} ${p}`).toContain('429');
  });

  it('the live stream documents 503 (store down, shutting down: test/shutdown.test.ts)', () => {
    expect(statuses('get', '/api/centres/{centre}/live')).toContain('503');
  });

  it('401 and 403 are documented on secured routes and only there', () => {
    expect(ops.length).toBeGreaterThan(30);
    for (const { method, path, op } of ops) {
      const secured = (op.security ?? []).length > 0;
      const has = Object.keys(op.responses ?? {}).filter((s) => s === '401' || s === '403');
      expect(has, `${method} ${path}`).toEqual(secured ? ['401', '403'] : []);
    }
  });
});
