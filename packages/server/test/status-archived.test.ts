/**
 * The routes that take a ticket's public token (status, the citizen's cancel, check-in) tell a
 * genuine token of a ticket the centre no longer keeps (finished, then archived after
 * `keepFinishedTickets` newer tickets) from a token of no ticket at all: 410 SRV_ERR_TICKET_ARCHIVED
 * against 404. A write keeps its first answer for a repeated Idempotency-Key.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CENTRE } from '../src/config/demo-network.ts';
import { KeyedHash } from '../src/security/keyed-hash.ts';
import { C, DESK, json, KIOSK, op, post, SECRET, testApp, testConfig, type TestApp } from './helpers.ts';

const KEEP = 100; // the engine's least keepFinishedTickets
let t: TestApp;
beforeEach(async () => {
  t = await testApp({ config: testConfig({}, [{ ...DEMO_CENTRE, keepFinishedTickets: KEEP }]) });
});
afterEach(async () => {
  await t.close();
});

const issue = async (): Promise<{ token: string; ticket: number }> => {
  const res = await post(t.app, `${C}/tickets`, DESK, { service: 'id-card' });
  expect(res.statusCode).toBe(201);
  return json<{ token: string; ticket: number }>(res);
};

describe('status of an archived ticket', () => {
  it('answers 410 SRV_ERR_TICKET_ARCHIVED for a finished ticket no longer kept, 404 for a token of no ticket', async () => {
    const { app, clock } = t;
    expect((await post(app, `${C}/windows/1/open`, op(1))).statusCode).toBe(200);
    const first = await issue();
    clock.advance(60_000);
    for (const action of ['call-next', 'start', 'complete']) expect((await post(app, `${C}/windows/1/${action}`, op(1))).statusCode, action).toBe(200);
    expect(json(await app.inject(`${C}/status/${first.token}`))).toMatchObject({ state: 'done' });

    // KEEP − 1 newer tickets: the finished one is still kept.
    let last = first;
    for (let i = 0; i < KEEP - 1; i++) last = await issue();
    expect((await app.inject(`${C}/status/${first.token}`)).statusCode).toBe(200);

    // One more: now it is archived.
    await issue();
    const version = await app.ctx.store.version('baku-1');
    const gone = await app.inject(`${C}/status/${first.token}`);
    expect(gone.statusCode).toBe(410);
    expect(json(gone)).toMatchObject({ code: 'SRV_ERR_TICKET_ARCHIVED', message: 'This ticket is finished and its details are no longer kept' });
    expect(await app.ctx.store.version('baku-1')).toBe(version); // a read: nothing appended

    // The citizen's cancel and the kiosk's check-in with that token: 410 too, and nothing appended.
    const cancel = await post(app, `${C}/status/${first.token}/cancel`, {}, {});
    expect(cancel.statusCode).toBe(410);
    expect(json(cancel).code).toBe('SRV_ERR_TICKET_ARCHIVED');
    const checkIn = await post(app, `${C}/check-in`, KIOSK, { token: first.token });
    expect(checkIn.statusCode).toBe(410);
    expect(json(checkIn).code).toBe('SRV_ERR_TICKET_ARCHIVED');
    expect(await app.ctx.store.version('baku-1')).toBe(version);

    // A waiting ticket is kept however many come after it.
    expect(json(await app.inject(`${C}/status/${last.token}`))).toMatchObject({ state: 'waiting' });

    // A genuine token (this server's secret) of an id never issued, and a token that is not ours: unknown.
    const hash = new KeyedHash(SECRET);
    for (const token of [hash.publicToken('ticket', 'baku-1', last.ticket + 50), '1.AAAAAAAAAAAAAAAAAAAAAA']) {
      const res = await app.inject(`${C}/status/${token}`);
      expect(res.statusCode, token).toBe(404);
      expect(json(res).code).toBe('SRV_ERR_UNKNOWN_PUBLIC_TOKEN');
    }
    const never = await post(app, `${C}/status/${hash.publicToken('ticket', 'baku-1', last.ticket + 50)}/cancel`, {}, {});
    expect(never.statusCode).toBe(404); // the engine does not know it, and it was never issued
  });

  it('a cancel answered before the ticket was archived keeps its answer for the same Idempotency-Key', async () => {
    const first = await issue();
    const key = { 'idempotency-key': 'leave-queue-1' };
    const cancel = () => post(t.app, `${C}/status/${first.token}/cancel`, key, {});
    expect(json(await cancel())).toEqual({ cancelled: true });
    for (let i = 0; i < KEEP; i++) await issue();
    expect((await t.app.inject(`${C}/status/${first.token}`)).statusCode).toBe(410);
    const again = await cancel();
    expect(again.statusCode).toBe(200);
    expect(json(again)).toEqual({ cancelled: true });
  });
});
