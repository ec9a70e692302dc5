/**
 * A path the server has, asked with a method it does not have there, is 405 with an `Allow` header
 * listing the path's methods and a coded body (SRV_ERR_METHOD_NOT_ALLOWED) — not 404, which says the
 * path does not exist. A path that does not exist stays 404 whatever the method; HEAD of a GET route
 * is still answered. Nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C, DESK, json, op, post, testApp, type TestApp } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  expect((await post(t.app, `${C}/windows/1/open`, op(1))).statusCode).toBe(200);
});
afterAll(() => t.close());

const version = (): number => t.app.ctx.network.get('baku-1').centre.version;

async function expect405(method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'OPTIONS', url: string, allow: string, headers: Record<string, string> = {}): Promise<void> {
  const before = version();
  const res = await t.app.inject({ method, url, headers });
  expect(res.statusCode, `${method} ${url}`).toBe(405);
  expect(res.headers.allow, `${method} ${url}`).toBe(allow);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const path = url.split('?')[0];
  expect(json(res)).toEqual({
    code: 'SRV_ERR_METHOD_NOT_ALLOWED',
    message: `Method ${method} is not allowed on ${path}; allowed: ${allow}`,
    details: { method, url: path, allow },
  });
  expect(version(), `${method} ${url} wrote nothing`).toBe(before);
}

describe('a method the path does not have', () => {
  it('a write route asked with DELETE, PUT, PATCH or GET: 405, Allow: POST', async () => {
    await expect405('DELETE', `${C}/tickets`, 'POST', DESK);
    await expect405('PUT', `${C}/tickets`, 'POST', { ...DESK, 'content-type': 'application/json' });
    await expect405('PATCH', `${C}/windows/1/call-next`, 'POST', op(1));
    await expect405('GET', `${C}/tickets/1/cancel`, 'POST', DESK);
    await expect405('GET', `${C}/windows/1/open?x=1`, 'POST', op(1));
  });

  it('a read route asked with POST or DELETE: 405, Allow: GET, HEAD', async () => {
    await expect405('POST', '/health', 'GET, HEAD', { 'content-type': 'application/json' });
    await expect405('DELETE', `${C}/load`, 'GET, HEAD');
    await expect405('POST', `${C}/live`, 'GET, HEAD');
    await expect405('DELETE', '/docs/json', 'GET, HEAD');
    await expect405('DELETE', `${C}/windows/1`, 'GET, HEAD', op(1));
    // The body of a request no route takes is not read as the route's: broken JSON is still 405.
    const broken = await t.app.inject({ method: 'POST', url: '/health', headers: { 'content-type': 'application/json' }, payload: '{"x":' });
    expect([broken.statusCode, broken.headers.allow, json(broken).code]).toEqual([405, 'GET, HEAD', 'SRV_ERR_METHOD_NOT_ALLOWED']);
  });

  it('OPTIONS (the server has no CORS) gets the same answer: the methods in Allow', async () => {
    await expect405('OPTIONS', `${C}/tickets`, 'POST');
    await expect405('OPTIONS', '/health', 'GET, HEAD');
  });

  it('a path that does not exist is 404 with every method; HEAD and GET of a GET route still answer', async () => {
    for (const method of ['GET', 'POST', 'DELETE', 'OPTIONS'] as const) {
      const res = await t.app.inject({ method, url: '/no/such/route' });
      expect(res.statusCode, method).toBe(404);
      expect(res.headers.allow).toBeUndefined();
      expect(json(res)).toMatchObject({ code: 'SRV_ERR_NOT_FOUND' });
    }
    expect((await t.app.inject({ method: 'DELETE', url: `${C}/tickets/extra/segment` })).statusCode).toBe(404);
    // A segment the router refuses as a path parameter (over 100 characters) matches no route of any method.
    const long = await t.app.inject({ method: 'DELETE', url: `/api/centres/${'x'.repeat(150)}/tickets` });
    expect([long.statusCode, long.headers.allow, json(long).code]).toEqual([404, undefined, 'SRV_ERR_NOT_FOUND']);
    expect((await t.app.inject({ method: 'HEAD', url: '/health' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'HEAD', url: `${C}/load` })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `${C}/load` })).statusCode).toBe(200);
  });

  it('a file missing under a wildcard route of the same method (the docs\' static files) is 404, not a 405 that allows the method asked', async () => {
    for (const method of ['GET', 'HEAD'] as const) {
      const res = await t.app.inject({ method, url: '/docs/static/no-such-file.js' });
      expect([res.statusCode, res.headers.allow], method).toEqual([404, undefined]);
      if (method === 'GET') expect(json(res)).toMatchObject({ code: 'SRV_ERR_NOT_FOUND' });
    }
    await expect405('POST', '/docs/static/no-such-file.js', 'GET, HEAD');
  });

  it('the OpenAPI document describes the 405 answer, its Allow header and its body', async () => {
    const doc = json<{ info: { description: string }; components: { responses?: Record<string, { description: string; headers?: Record<string, unknown>; content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }> } }>(
      await t.app.inject('/docs/json'),
    );
    const r = doc.components.responses?.MethodNotAllowed;
    expect(r?.description).toMatch(/SRV_ERR_METHOD_NOT_ALLOWED/);
    expect(Object.keys(r?.headers ?? {})).toEqual(['Allow']);
    expect(Object.keys(r?.content?.['application/json']?.schema.properties ?? {})).toEqual(['code', 'message', 'details', 'engineCode']);
    expect(doc.info.description).toMatch(/405/);
  });
});
