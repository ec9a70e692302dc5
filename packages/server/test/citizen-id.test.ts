/**
 * A personal ID that is blank once normalised (spaces are dropped before the keyed hash) is refused
 * at the edge: otherwise every such "ID" is the same person (HMAC of the empty string), and one
 * citizen's booking would count against another's limits. Real socket, real store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { at, listeningTestApp, ManualClock, MON, type TestApp } from './helpers.ts';

let t: TestApp;
let base: string;
beforeEach(async () => {
  const s = await listeningTestApp({ clock: new ManualClock(at(MON, '12:00')) });
  t = s.t;
  base = `http://127.0.0.1:${s.port}/api/centres/baku-1`;
});
afterEach(async () => {
  await t.close();
});

async function post(path: string, body: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('citizenId', () => {
  it('refuses an ID of spaces only with a coded 400, on every route that takes one, and changes nothing', async () => {
    const version = () => t.app.ctx.network.get('baku-1').centre.version;
    const before = version();
    for (const citizenId of ['   ', '          ', ' 1 ', 'A  B']) {
      const hold = await post('/holds', { service: 'id-card', slot: '2026-11-24T11:00:00+04:00', citizenId });
      expect(hold.status, `hold ${JSON.stringify(citizenId)}`).toBe(400);
      expect(hold.body.code).toBe('SRV_ERR_BAD_REQUEST');
      expect(String(hold.body.message)).toMatch(/citizenId/);
      const booking = await post('/bookings', { service: 'id-card', slot: '2026-11-24T11:00:00+04:00', citizenId });
      expect(booking.status).toBe(400);
      const walkIn = await post('/tickets', { service: 'id-card', citizenId }, 'demo-desk');
      expect(walkIn.status).toBe(400);
      expect(walkIn.body.code).toBe('SRV_ERR_BAD_REQUEST');
    }
    expect(version()).toBe(before);
  });

  it('still takes IDs with spaces and dashes that keep three characters', async () => {
    expect((await post('/holds', { service: 'id-card', slot: '2026-11-24T11:00:00+04:00', citizenId: ' 5 A B ' })).status).toBe(201);
    expect((await post('/holds', { service: 'passport', slot: '2026-11-24T11:00:00+04:00', citizenId: 'AZE-12 345' })).status).toBe(201);
    expect((await post('/tickets', { service: 'id-card', citizenId: '---' }, 'demo-desk')).status).toBe(201);
  });

  it('does not make two citizens with blank IDs one person', async () => {
    // Before the fix: the first blank ID got a booking, the second was refused BOOKING_LIMIT (the same key).
    const first = await post('/bookings', { service: 'id-card', slot: '2026-11-24T11:00:00+04:00', citizenId: '   ' });
    const second = await post('/bookings', { service: 'id-card', slot: '2026-11-24T11:15:00+04:00', citizenId: '    ' });
    expect([first.status, second.status]).toEqual([400, 400]);
  });
});
