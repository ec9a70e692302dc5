/**
 * The routes that take a ticket's public token (status, the citizen's cancel, check-in) tell a
 * genuine token of a ticket the centre no longer keeps (finished, then archived after
 * `keepFinishedTickets` newer tickets) from a token of no ticket at all: 410 SRV_ERR_TICKET_ARCHIVED
 * against 404. So do the desk's routes on a ticket by id (cancel, park, resume, transfer): 410 for
 * the id of an archived ticket, 404 SRV_ERR_UNKNOWN_ENTITY for an id never issued. A write keeps
 * its first answer for a repeated Idempotency-Key.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CENTRE } from '../src/config/demo-network.ts';
import { KeyedHash } from '../src/security/keyed-hash.ts';
import type { LightMyRequestResponse } from 'fastify';
import { C, DESK, json, KIOSK, op, post, SECRET, testApp, testConfig, type TestApp, unchanged } from './helpers.ts';

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

/** The desk's writes on a ticket by id, with a valid body each. */
const DESK_ACTIONS: readonly { action: string; body: Record<string, unknown> }[] = [
  { action: 'cancel', body: { reason: 'desk' } },
  { action: 'park', body: {} },
  { action: 'resume', body: {} },
  { action: 'transfer', body: { service: 'passport' } },
];

describe("the desk's routes on an archived ticket by id", () => {
  /** Serves one ticket to the end, then issues KEEP newer ones: the served ticket is archived. */
  const archiveOne = async (): Promise<{ gone: number; last: number }> => {
    const { app, clock } = t;
    expect((await post(app, `${C}/windows/1/open`, op(1))).statusCode).toBe(200);
    const first = await issue();
    clock.advance(60_000);
    for (const action of ['call-next', 'start', 'complete']) expect((await post(app, `${C}/windows/1/${action}`, op(1))).statusCode, action).toBe(200);
    let last = first;
    for (let i = 0; i < KEEP; i++) last = await issue();
    expect((await app.inject(`${C}/status/${first.token}`)).statusCode).toBe(410);
    return { gone: first.ticket, last: last.ticket };
  };

  const coded = (res: LightMyRequestResponse) => ({ status: res.statusCode, code: json(res).code });

  it('answers 410 SRV_ERR_TICKET_ARCHIVED for an archived id and changes nothing; 404 for an id never issued', async () => {
    const { gone, last } = await archiveOne();
    await unchanged(t, async () => {
      for (const { action, body } of DESK_ACTIONS) {
        const res = await post(t.app, `${C}/tickets/${gone}/${action}`, DESK, body);
        expect(coded(res), action).toEqual({ status: 410, code: 'SRV_ERR_TICKET_ARCHIVED' });
        expect(json(res).message).toBe('This ticket is finished and its details are no longer kept');
        // The same with an Idempotency-Key (nothing stored for a refusal: the retry is refused again).
        for (let i = 0; i < 2; i++) {
          const keyed = await post(t.app, `${C}/tickets/${gone}/${action}`, { ...DESK, 'idempotency-key': `archived-${action}` }, body);
          expect(coded(keyed), `${action} keyed`).toEqual({ status: 410, code: 'SRV_ERR_TICKET_ARCHIVED' });
        }
        // Ids never issued: after the last one, far after it, and 0.
        for (const id of [last + 1, last + 50, 999_999_999_999, 0]) {
          const never = await post(t.app, `${C}/tickets/${id}/${action}`, DESK, body);
          expect(coded(never), `${action} ${id}`).toEqual({ status: 404, code: 'SRV_ERR_UNKNOWN_ENTITY' });
          expect(json(never)).toMatchObject({ message: `Unknown ticket ${id}`, engineCode: 'QC_ERR_UNKNOWN_TICKET' });
        }
      }
    });
    // The metrics count what was answered: 3 archived refusals per action (one plain, two keyed), 4 unknown ids.
    const metrics = (await t.app.inject('/metrics')).body;
    for (const command of ['cancel', 'park', 'resume', 'transfer']) {
      expect(metrics, command).toContain(`asan_commands_total{centre="baku-1",command="${command}",outcome="SRV_ERR_TICKET_ARCHIVED"} 3`);
      expect(metrics, command).toContain(`asan_commands_total{centre="baku-1",command="${command}",outcome="QC_ERR_UNKNOWN_TICKET"} 4`);
    }
  });

  it('leaves every other refusal as it was: a ticket still kept, an unknown service, the wrong role', async () => {
    const { gone, last } = await archiveOne();
    await unchanged(t, async () => {
      // A waiting ticket (kept) that is not parked cannot resume: the engine's own refusal, not 410.
      const resume = await post(t.app, `${C}/tickets/${last}/resume`, DESK, {});
      expect(resume.statusCode).toBe(409);
      expect(json(resume).code).not.toBe('SRV_ERR_TICKET_ARCHIVED');
      // A kept ticket sent to a service the centre does not have: 404 for the service.
      const transfer = await post(t.app, `${C}/tickets/${last}/transfer`, DESK, { service: 'no-such-service' });
      expect(coded(transfer)).toEqual({ status: 404, code: 'SRV_ERR_UNKNOWN_ENTITY' });
      expect(json(transfer).engineCode).toBe('QC_ERR_UNKNOWN_SERVICE');
      // Not a desk token: refused before the engine is asked.
      for (const { action, body } of DESK_ACTIONS) expect(coded(await post(t.app, `${C}/tickets/${gone}/${action}`, KIOSK, body)), action).toEqual({ status: 403, code: 'SRV_ERR_FORBIDDEN' });
      expect(coded(await post(t.app, `${C}/tickets/${gone}/park`, {}, {}))).toEqual({ status: 401, code: 'SRV_ERR_UNAUTHORIZED' });
      // An unknown centre.
      expect(coded(await post(t.app, `/api/centres/nowhere/tickets/${gone}/cancel`, DESK, {}))).toEqual({ status: 404, code: 'SRV_ERR_UNKNOWN_CENTRE' });
    });
  });

  it("a desk's cancel answered before the ticket was archived keeps its answer for the same Idempotency-Key", async () => {
    const first = await issue();
    const key = { ...DESK, 'idempotency-key': 'desk-cancel-1' };
    const cancel = () => post(t.app, `${C}/tickets/${first.ticket}/cancel`, key, { reason: 'duplicate' });
    const answered = await cancel();
    expect(answered.statusCode).toBe(200);
    expect(json(answered)).toEqual({ ticket: first.ticket, cancelled: true });
    for (let i = 0; i < KEEP; i++) await issue();
    expect((await t.app.inject(`${C}/status/${first.token}`)).statusCode).toBe(410);
    await unchanged(t, async () => {
      const again = await cancel();
      expect(again.statusCode).toBe(200);
      expect(again.body).toBe(answered.body);
      // A new key for the same request: the ticket is archived now.
      const fresh = await post(t.app, `${C}/tickets/${first.ticket}/cancel`, { ...DESK, 'idempotency-key': 'desk-cancel-2' }, { reason: 'duplicate' });
      expect(coded(fresh)).toEqual({ status: 410, code: 'SRV_ERR_TICKET_ARCHIVED' });
    });
  });

  it('the OpenAPI document lists 410 for these routes', async () => {
    const doc = json<{ paths: Record<string, { post?: { responses?: Record<string, unknown> } }> }>(await t.app.inject('/docs/json'));
    for (const { action } of DESK_ACTIONS) expect(Object.keys(doc.paths[`/api/centres/{centre}/tickets/{ticket}/${action}`]?.post?.responses ?? {}), action).toContain('410');
  });
});
