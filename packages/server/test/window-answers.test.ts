/**
 * What a window's operator is told, over a real socket: every outcome the engine reports for a
 * window action reaches the answer (the closed response schemas drop any field they do not name).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listeningTestApp, type TestApp } from './helpers.ts';

let t: TestApp;
let base: string;
beforeEach(async () => {
  const s = await listeningTestApp();
  t = s.t;
  base = `http://127.0.0.1:${s.port}/api/centres/baku-1`;
});
afterEach(async () => {
  await t.close();
});

async function post(path: string, token: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('window answers', () => {
  it('tells the operator when a requeue made the ticket a no-show (called callCountMax times)', async () => {
    expect((await post('/windows/1/open', 'demo-operator-1')).status).toBe(200);
    expect((await post('/tickets', 'demo-desk', { service: 'id-card' })).status).toBe(201);
    expect((await post('/windows/1/call-next', 'demo-operator-1')).body).toMatchObject({ ticket: 1 });
    expect((await post('/windows/1/recall', 'demo-operator-1')).body).toEqual({ ticket: 1, callCount: 2, noShow: false });
    expect((await post('/windows/1/recall', 'demo-operator-1')).body).toEqual({ ticket: 1, callCount: 3, noShow: false });
    // The third call was the last allowed one: the engine turns this requeue into a no-show.
    const requeued = await post('/windows/1/requeue', 'demo-operator-1');
    expect(requeued.status).toBe(200);
    expect(requeued.body).toEqual({ ticket: 1, noShow: true });
    expect((await post('/tickets', 'demo-desk', { service: 'id-card' })).status).toBe(201);
    // Not back in the queue: the next call gets the next ticket, not ticket 1.
    expect((await post('/windows/1/call-next', 'demo-operator-1')).body).toMatchObject({ ticket: 2 });
  });

  it('answers a plain requeue without noShow', async () => {
    await post('/windows/1/open', 'demo-operator-1');
    await post('/tickets', 'demo-desk', { service: 'id-card' });
    await post('/windows/1/call-next', 'demo-operator-1');
    expect((await post('/windows/1/requeue', 'demo-operator-1')).body).toEqual({ ticket: 1 });
  });
});
