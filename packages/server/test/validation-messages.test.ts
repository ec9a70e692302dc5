/**
 * A schema refusal says what to fix: a value outside a field's allowed set names the values the
 * field takes (Ajv's own message says only "must be equal to one of the allowed values").
 * Real socket, real store; nothing changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listeningTestApp, type TestApp } from './helpers.ts';

let t: TestApp;
let base: string;
beforeAll(async () => {
  const s = await listeningTestApp();
  t = s.t;
  base = `http://127.0.0.1:${s.port}/api/centres/baku-1`;
});
afterAll(async () => {
  await t.close();
});

async function post(path: string, token: string, body: unknown): Promise<{ status: number; body: { code: string; message: string; details: Record<string, unknown> } }> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as never };
}

describe('schema refusals', () => {
  it('name the allowed values of an enum field', async () => {
    const issued = await post('/tickets', 'demo-desk', { service: 'id-card' });
    expect(issued.status).toBe(201);
    const version = t.app.ctx.network.get('baku-1').centre.version;
    // Before: 'Request is malformed: body/reason must be equal to one of the allowed values'.
    const cancel = await post('/tickets/1/cancel', 'demo-desk', { reason: 'nope' });
    expect(cancel.status).toBe(400);
    expect(cancel.body.code).toBe('SRV_ERR_BAD_REQUEST');
    expect(cancel.body.message).toBe('Request is malformed: body/reason must be equal to one of the allowed values: "abandoned", "desk", "duplicate", "other"');
    const channel = await post('/tickets', 'demo-desk', { service: 'id-card', channel: 'kiosk' });
    expect([channel.status, channel.body.message]).toEqual([400, 'Request is malformed: body/channel must be equal to one of the allowed values: "desk", "terminal", "callCentre"']);
    expect(t.app.ctx.network.get('baku-1').centre.version).toBe(version);
  });

  it('keep the other messages as they were', async () => {
    const rating = await post('/windows/1/complete', 'demo-operator-1', { rating: 9 });
    expect([rating.status, rating.body.message]).toEqual([400, 'Request is malformed: body/rating must be <= 5']);
  });

  it('say why a JSON body was refused: broken, or a __proto__ / constructor.prototype field', async () => {
    const send = async (raw: string) => {
      const res = await fetch(`${base}/tickets`, { method: 'POST', headers: { authorization: 'Bearer demo-desk', 'content-type': 'application/json' }, body: raw });
      return { status: res.status, body: (await res.json()) as { code: string; message: string } };
    };
    const version = t.app.ctx.network.get('baku-1').centre.version;
    // Before: both 'Request is malformed: Body is not valid JSON but content-type is set to
    // 'application/json'' — wrong for the second, which is valid JSON.
    for (const raw of ['{"service":"id-card"', '{"service":"id-card","__proto__":{"x":1}}', '{"service":"id-card","constructor":{"prototype":{}}}']) {
      const res = await send(raw);
      expect({ raw, status: res.status, code: res.body.code }).toEqual({ raw, status: 400, code: 'SRV_ERR_BAD_REQUEST' });
      expect(res.body.message).toBe('Request is malformed: the body is not valid JSON, or it has a field named __proto__ or constructor.prototype (refused: they would change objects\' prototypes)');
    }
    expect(t.app.ctx.network.get('baku-1').centre.version).toBe(version);
  });
});
