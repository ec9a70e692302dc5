/**
 * On a staff route the idempotency key's request includes its caller (README, *Idempotency*): two
 * desks are two callers even when the configuration gives their tokens the same label, so a key
 * one desk used is not another desk's first answer (two citizens with one ticket). Real socket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listeningTestApp, testConfig, type TestApp } from './helpers.ts';

let t: TestApp;
let base: string;
beforeAll(async () => {
  const tokens = [
    { token: 'desk-a-token-000000001', role: 'desk' as const, label: 'front desk' },
    { token: 'desk-b-token-000000002', role: 'desk' as const, label: 'front desk' },
    { token: 'kiosk-token-0000000003', role: 'kiosk' as const, label: 'kiosk' },
    // its label is what the second 'front desk' token's caller name would be with '#<index>' added
    { token: 'desk-c-token-000000004', role: 'desk' as const, label: 'front desk#1' },
  ];
  const s = await listeningTestApp({ config: testConfig({ tokens }) });
  t = s.t;
  base = `http://127.0.0.1:${s.port}/api/centres/baku-1`;
});
afterAll(async () => {
  await t.close();
});

const issue = async (token: string, key: string) => {
  const res = await fetch(`${base}/tickets`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key }, body: '{"service":"id-card"}' });
  return { status: res.status, body: (await res.json()) as { ticket?: number; code?: string } };
};

describe('idempotency keys of staff callers', () => {
  it('does not give one desk the first answer of another desk with the same label', async () => {
    const a = await issue('desk-a-token-000000001', 'slip-1');
    expect(a.status).toBe(201);
    // Before: 201 with ticket 1 again — desk B's citizen got desk A's slip (same number, same token).
    const b = await issue('desk-b-token-000000002', 'slip-1');
    expect([b.status, b.body.code]).toEqual([422, 'SRV_ERR_IDEMPOTENCY_KEY_REUSED']);
    // Each desk's own retry still gets its own first answer.
    expect(await issue('desk-a-token-000000001', 'slip-1')).toEqual(a);
    expect((await issue('desk-b-token-000000002', 'slip-2')).body.ticket).toBe(2);
    expect(t.app.ctx.network.get('baku-1').centre.version).toBeGreaterThan(0);
  });

  it('keeps a token labelled like another caller name apart from it', async () => {
    const b = await issue('desk-b-token-000000002', 'slip-3');
    expect(b.status).toBe(201);
    // Before: desk B was named 'front desk#1', the same as desk C's own label: C got B's slip.
    const c = await issue('desk-c-token-000000004', 'slip-3');
    expect([c.status, c.body.code]).toEqual([422, 'SRV_ERR_IDEMPOTENCY_KEY_REUSED']);
  });
});
