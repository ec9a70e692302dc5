/**
 * Public writes (holds, bookings, releases, the citizen's cancel) need no token: an Authorization
 * header they do not need — a browser's or a proxy's — must not change their answer, with or
 * without an Idempotency-Key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C, json, post, testApp, type TestApp } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

const SLOT = '2026-11-24T11:00:00+04:00';

describe('public writes and a token they do not need', () => {
  it('a hold with an unknown bearer token and an Idempotency-Key is served as without the key; its retry gets the first answer', async () => {
    const stranger = { authorization: 'Bearer not-a-token-of-this-server' };
    const body = { service: 'notary', slot: SLOT, citizenId: 'AZE7770001' };
    // Without a key the header is ignored (a public route).
    expect((await post(t.app, `${C}/holds`, stranger, body)).statusCode).toBe(201);
    // With a key: the same.
    const keyed = { ...stranger, 'idempotency-key': 'public-hold-1' };
    const body2 = { ...body, citizenId: 'AZE7770002' };
    const first = await post(t.app, `${C}/holds`, keyed, body2);
    expect(first.statusCode).toBe(201);
    const version = t.app.ctx.network.get('baku-1').centre.version;
    const again = await post(t.app, `${C}/holds`, keyed, body2);
    expect(again.statusCode).toBe(201);
    expect(json(again)).toEqual(json(first));
    expect(t.app.ctx.network.get('baku-1').centre.version).toBe(version);
    // A basic-auth header (a site behind a password) too.
    const basic = { authorization: 'Basic YWxpY2U6c2VjcmV0', 'idempotency-key': 'public-hold-2' };
    expect((await post(t.app, `${C}/holds`, basic, { ...body, citizenId: 'AZE7770003' })).statusCode).toBe(201);
  });
});
