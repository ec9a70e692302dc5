/**
 * Malformed and hostile input on every write route — unknown fields, wrong types, huge bodies,
 * wrong media types, broken JSON, prototype pollution, bad idempotency keys, unknown centres, ids
 * and tokens, missing or wrong roles — gets a coded 4xx and changes nothing (same event count,
 * same state).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, at, C, DESK, json, KIOSK, ManualClock, op, post, testApp, type TestApp, unchanged } from './helpers.ts';

let t: TestApp;
interface Write {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: Record<string, unknown>;
  /** A token of another role that must be refused (403), when the route needs a role. */
  readonly wrongRole?: Record<string, string>;
}
let writes: Write[];
let ticketToken: string;

const SLOT = '2026-11-24T11:00:00+04:00';

beforeAll(async () => {
  t = await testApp();
  const { app } = t;
  await post(app, `${C}/windows/1/open`, op(1));
  ticketToken = json<{ token: string }>(await post(app, `${C}/tickets`, DESK, { service: 'id-card', citizenId: 'AZE0000001' })).token;
  const booking = json<{ token: string }>(await post(app, `${C}/bookings`, {}, { citizenId: 'AZE0000002', service: 'passport', slot: SLOT })).token;
  const hold = json<{ holdToken: string }>(await post(app, `${C}/holds`, {}, { citizenId: 'AZE0000003', service: 'notary', slot: SLOT })).holdToken;
  writes = [
    { url: `${C}/tickets`, headers: DESK, body: { service: 'id-card', channel: 'desk' }, wrongRole: op(1) },
    { url: `${C}/check-in`, headers: KIOSK, body: { token: booking }, wrongRole: op(1) },
    { url: `${C}/tickets/1/cancel`, headers: DESK, body: { reason: 'desk' }, wrongRole: KIOSK },
    { url: `${C}/tickets/1/park`, headers: DESK, body: {}, wrongRole: KIOSK },
    { url: `${C}/tickets/1/resume`, headers: DESK, body: {}, wrongRole: op(1) },
    { url: `${C}/tickets/1/transfer`, headers: DESK, body: { service: 'passport' }, wrongRole: KIOSK },
    { url: `${C}/holds`, headers: {}, body: { service: 'notary', slot: SLOT, citizenId: 'AZE0000004' } },
    { url: `${C}/holds/${hold}/release`, headers: {}, body: {} },
    { url: `${C}/bookings`, headers: {}, body: { citizenId: 'AZE0000005', service: 'notary', slot: SLOT } },
    { url: `${C}/status/${ticketToken}/cancel`, headers: {}, body: {} },
    { url: `${C}/tick`, headers: ADMIN, body: {}, wrongRole: DESK },
    ...['open', 'close', 'break-start', 'break-end', 'call-next', 'recall', 'start', 'no-show', 'requeue', 'park'].map((a) => ({ url: `${C}/windows/1/${a}`, headers: op(1), body: {}, wrongRole: op(2) })),
    { url: `${C}/windows/1/complete`, headers: op(1), body: { rating: 5 }, wrongRole: DESK },
    { url: `${C}/windows/1/transfer`, headers: op(1), body: { service: 'passport' }, wrongRole: op(3) },
  ];
});
afterAll(async () => {
  await t.close();
});

function expectCoded(res: { statusCode: number; json: () => unknown }, status: number, code: string): void {
  expect({ status: res.statusCode, code: (res.json() as { code?: string }).code }).toEqual({ status, code });
}

const raw = (url: string, headers: Record<string, string>, payload: string, contentType = 'application/json') =>
  t.app.inject({ method: 'POST', url, headers: { 'content-type': contentType, ...headers }, payload });

describe('hostile input on every write route changes nothing', () => {
  it('unknown fields, wrong types, non-objects, broken JSON, prototype pollution → 400', async () => {
    await unchanged(t, async () => {
      for (const w of writes) {
        expectCoded(await post(t.app, w.url, w.headers, { ...w.body, evil: 1 }), 400, 'SRV_ERR_BAD_REQUEST');
        for (const k of Object.keys(w.body)) {
          const v = w.body[k];
          expectCoded(await post(t.app, w.url, w.headers, { ...w.body, [k]: typeof v === 'string' ? 12345 : 'five' }), 400, 'SRV_ERR_BAD_REQUEST');
          expectCoded(await post(t.app, w.url, w.headers, { ...w.body, [k]: { $gt: '' } }), 400, 'SRV_ERR_BAD_REQUEST');
        }
        expectCoded(await raw(w.url, w.headers, '[]'), 400, 'SRV_ERR_BAD_REQUEST');
        expectCoded(await raw(w.url, w.headers, 'null'), 400, 'SRV_ERR_BAD_REQUEST');
        expectCoded(await raw(w.url, w.headers, '{"service":'), 400, 'SRV_ERR_BAD_REQUEST');
        expectCoded(await raw(w.url, w.headers, '{"__proto__":{"admin":true}}'), 400, 'SRV_ERR_BAD_REQUEST');
      }
    });
  });

  it('huge bodies → 413, other media types → 415', async () => {
    const limit = t.app.ctx.config.http.bodyLimitBytes;
    await unchanged(t, async () => {
      for (const w of writes) {
        expectCoded(await raw(w.url, w.headers, JSON.stringify({ ...w.body, pad: 'x'.repeat(limit) })), 413, 'SRV_ERR_BODY_TOO_LARGE');
        expectCoded(await raw(w.url, w.headers, 'service=id-card', 'application/x-www-form-urlencoded'), 415, 'SRV_ERR_UNSUPPORTED_MEDIA_TYPE');
        expectCoded(await raw(w.url, w.headers, 'hello', 'text/plain'), 415, 'SRV_ERR_UNSUPPORTED_MEDIA_TYPE');
      }
    });
  });

  it('bad idempotency keys → 400, unknown centres → 404', async () => {
    await unchanged(t, async () => {
      for (const w of writes) {
        for (const key of ['', 'has space', 'k'.repeat(129), 'ключ']) {
          const res = await t.app.inject({ method: 'POST', url: w.url, headers: { 'content-type': 'application/json', 'idempotency-key': key, ...w.headers }, payload: JSON.stringify(w.body) });
          expectCoded(res, 400, 'SRV_ERR_BAD_IDEMPOTENCY_KEY');
        }
        expectCoded(await post(t.app, w.url.replace('/baku-1/', '/nowhere/'), w.headers, w.body), 404, 'SRV_ERR_UNKNOWN_CENTRE');
      }
    });
  });

  it('no token → 401, unknown token → 401, another role or window → 403', async () => {
    await unchanged(t, async () => {
      for (const w of writes.filter((x) => x.wrongRole)) {
        expectCoded(await post(t.app, w.url, {}, w.body), 401, 'SRV_ERR_UNAUTHORIZED');
        expectCoded(await post(t.app, w.url, { authorization: 'Bearer not-a-token' }, w.body), 401, 'SRV_ERR_BAD_TOKEN');
        expectCoded(await post(t.app, w.url, { authorization: 'Basic YWRtaW46YWRtaW4=' }, w.body), 401, 'SRV_ERR_BAD_TOKEN');
        const res = await post(t.app, w.url, w.wrongRole!, w.body);
        expect(res.statusCode).toBe(403);
        expect(['SRV_ERR_FORBIDDEN', 'SRV_ERR_WRONG_WINDOW']).toContain(json(res).code);
      }
    });
  });

  it('unknown windows, tickets, services, classes and forged tokens → 4xx', async () => {
    const { app } = t;
    await unchanged(t, async () => {
      expectCoded(await post(app, `${C}/windows/abc/open`, op(1)), 400, 'SRV_ERR_BAD_REQUEST');
      expectCoded(await post(app, `${C}/windows/99/open`, ADMIN), 404, 'SRV_ERR_UNKNOWN_ENTITY');
      expectCoded(await post(app, `${C}/tickets/999/cancel`, DESK), 404, 'SRV_ERR_UNKNOWN_ENTITY');
      expectCoded(await post(app, `${C}/tickets/1e3/cancel`, DESK), 400, 'SRV_ERR_BAD_REQUEST');
      expectCoded(await post(app, `${C}/tickets`, DESK, { service: 'time-travel' }), 404, 'SRV_ERR_UNKNOWN_ENTITY');
      expectCoded(await post(app, `${C}/tickets`, DESK, { service: 'id-card', class: 'vip' }), 404, 'SRV_ERR_UNKNOWN_ENTITY');
      expectCoded(await post(app, `${C}/tickets`, DESK, { service: 'id-card', channel: 'online' }), 400, 'SRV_ERR_BAD_REQUEST');
      expectCoded(await post(app, `${C}/tickets`, DESK, { service: 'id-card', citizenId: '<script>' }), 400, 'SRV_ERR_BAD_REQUEST');
      const forged = `${ticketToken.split('.')[0]}.${'A'.repeat(22)}`;
      expectCoded(await post(app, `${C}/status/${forged}/cancel`), 404, 'SRV_ERR_UNKNOWN_PUBLIC_TOKEN');
      expectCoded(await post(app, `${C}/check-in`, KIOSK, { token: forged }), 404, 'SRV_ERR_UNKNOWN_PUBLIC_TOKEN');
      expectCoded(await post(app, `${C}/bookings`, {}, { citizenId: 'AZE0000009', holdToken: forged }), 404, 'SRV_ERR_UNKNOWN_PUBLIC_TOKEN');
      expectCoded(await post(app, `${C}/bookings`, {}, { citizenId: 'AZE0000009', service: 'notary' }), 400, 'SRV_ERR_BAD_REQUEST');
      expectCoded(await post(app, `${C}/bookings`, {}, { citizenId: 'AZE0000009', service: 'notary', slot: 'tomorrow' }), 400, 'SRV_ERR_BAD_REQUEST');
      expectCoded(await post(app, `${C}/bookings`, {}, { citizenId: 'AZE0000009', service: 'notary', slot: '2026-11-24T11:07:00+04:00' }), 422, 'SRV_ERR_BOOKING_REFUSED');
      expectCoded(await post(app, `${C}/bookings`, {}, { citizenId: 'AZE0000009', service: 'notary', slot: '2027-01-24T11:00:00+04:00' }), 422, 'SRV_ERR_BOOKING_REFUSED');
      expectCoded(await post(app, `${C}/windows/2/call-next`, op(2)), 409, 'SRV_ERR_STATE_CONFLICT');
      expectCoded(await post(app, `${C}/windows/1/complete`, op(1), { rating: 9 }), 400, 'SRV_ERR_BAD_REQUEST');
    });
  });

  it('slot dates that do not exist are refused, not rolled over to another day (400)', async () => {
    // Wednesday 25 November: 1 December is within the booking horizon.
    const w = await testApp({ clock: new ManualClock(at('2026-11-25', '10:00')) });
    try {
      const host = w.app.ctx.network.get('baku-1');
      // Date.parse rolls these over (31 November is 1 December, 30 February is 2 March, 24:00 is the
      // next day's 00:00): each would book or hold a real slot the citizen never asked for.
      const impossible = ['2026-11-31T11:00:00+04:00', '2026-02-30T11:00:00+04:00', '2026-11-30T24:00:00+04:00', '2026-11-26T11:00:00+24:00', '2026-11-26T11:00+04:60'];
      for (const slot of impossible) {
        expectCoded(await post(w.app, `${C}/bookings`, {}, { citizenId: 'AZE0000010', service: 'notary', slot }), 400, 'SRV_ERR_BAD_REQUEST');
        expectCoded(await post(w.app, `${C}/holds`, {}, { citizenId: 'AZE0000010', service: 'notary', slot }), 400, 'SRV_ERR_BAD_REQUEST');
      }
      expect(await w.app.ctx.store.version('baku-1')).toBe(0);
      expect(host.centre.version).toBe(0);
      // The slot 31 November rolls over to (1 December, 11:00) is one the server does book.
      expect((await post(w.app, `${C}/bookings`, {}, { citizenId: 'AZE0000011', service: 'notary', slot: '2026-12-01T11:00:00+04:00' })).statusCode).toBe(201);
    } finally {
      await w.close();
    }
  });

  it('reads refuse unknown ids, forged tokens and missing roles', async () => {
    const { app } = t;
    expectCoded(await app.inject(`${C}/status/${ticketToken.slice(0, -1)}A`), 404, 'SRV_ERR_UNKNOWN_PUBLIC_TOKEN');
    expectCoded(await app.inject(`${C}/status/not-a-token`), 400, 'SRV_ERR_BAD_REQUEST');
    expectCoded(await app.inject('/api/centres/nowhere/load'), 404, 'SRV_ERR_UNKNOWN_CENTRE');
    expectCoded(await app.inject(`${C}/services/nothing/load`), 404, 'SRV_ERR_UNKNOWN_ENTITY');
    expectCoded(await app.inject(`${C}/windows`), 401, 'SRV_ERR_UNAUTHORIZED');
    expectCoded(await app.inject({ url: `${C}/windows/2`, headers: op(1) }), 403, 'SRV_ERR_WRONG_WINDOW');
    expectCoded(await app.inject({ url: `${C}/config`, headers: DESK }), 403, 'SRV_ERR_FORBIDDEN');
    expectCoded(await app.inject({ url: `${C}/stats/day`, headers: KIOSK }), 403, 'SRV_ERR_FORBIDDEN');
    expectCoded(await app.inject('/no/such/route'), 404, 'SRV_ERR_NOT_FOUND');
  });
});
