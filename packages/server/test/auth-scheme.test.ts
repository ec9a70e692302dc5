/**
 * The Authorization scheme is case-insensitive (RFC 9110 §11.1; RFC 6750 for Bearer): a known token
 * sent as `bearer …` or `BEARER …` is that token, not "a bearer token that is not known".
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

describe('the bearer scheme', () => {
  it('is accepted in any case; an unknown token is still refused, and a wrong scheme too', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      expect((await t.app.inject({ url: `${C}/windows`, headers: { authorization: `${scheme} demo-desk` } })).statusCode, scheme).toBe(200);
    }
    const issued = await post(t.app, `${C}/tickets`, { authorization: 'bearer demo-desk' }, { service: 'id-card' });
    expect(issued.statusCode).toBe(201);
    expect(json(await t.app.inject({ url: `${C}/windows`, headers: { authorization: 'bearer not-a-token' } })).code).toBe('SRV_ERR_BAD_TOKEN');
    expect(json(await t.app.inject({ url: `${C}/windows`, headers: { authorization: 'Basic ZGVtby1kZXNr' } })).code).toBe('SRV_ERR_BAD_TOKEN');
    expect(json(await t.app.inject({ url: `${C}/windows`, headers: { authorization: 'Bearerdemo-desk' } })).code).toBe('SRV_ERR_BAD_TOKEN');
  });
});
