/**
 * The routes end to end through inject(): a walk-in from the desk to the window and back out,
 * bookings from hold to check-in, the public views, staff views and operations routes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServerConfig } from '../src/config/validate-config.ts';
import { ADMIN, at, C, configInputOf, DESK, json, KIOSK, MON, op, post, testApp, testConfig, TUE, unchanged, type TestApp } from './helpers.ts';

let t: TestApp;
beforeEach(async () => {
  t = await testApp();
});
afterEach(async () => {
  await t.close();
});

describe('a walk-in from the desk to the window', () => {
  it('issues, shows status by token, calls, starts, completes with a rating, and reports it', async () => {
    const { app, clock } = t;
    expect((await post(app, `${C}/windows/1/open`, op(1))).statusCode).toBe(200);
    const issued = await post(app, `${C}/tickets`, DESK, { service: 'id-card', citizenId: 'AZE1234567', name: 'Aysel' });
    expect(issued.statusCode).toBe(201);
    const slip = json<{ token: string; ticket: number; number: string; windows: unknown[]; peopleAhead: number; eta: { p50Ms: number } | null }>(issued);
    expect(slip).toMatchObject({ ticket: 1, number: 'A001', peopleAhead: 0 });
    expect(slip.windows).toContainEqual({ number: 1, floor: 1 });
    expect(slip.eta).not.toBeNull();

    const status = json(await app.inject(`${C}/status/${slip.token}`));
    expect(status).toMatchObject({ number: 'A001', service: 'id-card', state: 'waiting', peopleAhead: 0, window: null });
    expect(JSON.stringify(status)).not.toMatch(/Aysel|AZE1234567|h1:/);

    clock.advance(60_000);
    const called = json(await post(app, `${C}/windows/1/call-next`, op(1)));
    expect(called).toMatchObject({ ticket: 1, number: 'A001', service: 'id-card', waitedMs: 60_000 });
    expect(json(await app.inject(`${C}/status/${slip.token}`))).toMatchObject({ state: 'called', window: { number: 1, floor: 1 }, peopleAhead: null });

    const board = json<unknown[]>(await app.inject(`${C}/board`));
    expect(board).toEqual([{ at: clock.ms, number: 'A001', service: 'id-card', window: 1, floor: 1, name: 'Aysel', recall: false }]);

    const win = json(await app.inject({ url: `${C}/windows/1`, headers: op(1) }));
    expect(win).toMatchObject({ current: { ticket: 1, number: 'A001', state: 'called', name: 'Aysel', needsPayment: true }, window: { status: 'open' } });

    expect((await post(app, `${C}/windows/1/start`, op(1))).statusCode).toBe(200);
    clock.advance(8 * 60_000);
    expect(json(await post(app, `${C}/windows/1/complete`, op(1), { rating: 5 }))).toEqual({ ticket: 1, handleMs: 8 * 60_000 });

    const stats = json<{ total: { served: number; meanRating: number } }>(await app.inject({ url: `${C}/stats/day`, headers: ADMIN }));
    expect(stats.total).toMatchObject({ issued: 1, called: 1, served: 1, meanRating: 5 });
    const load = json<{ servedToday: number; waiting: number }>(await app.inject(`${C}/load`));
    expect(load).toMatchObject({ servedToday: 1, waiting: 0 });
  });

  it('answers call-next with ticket null when nobody waits, and parks, resumes, transfers, requeues, recalls, no-shows', async () => {
    const { app, clock } = t;
    await post(app, `${C}/windows/1/open`, op(1));
    expect(json(await post(app, `${C}/windows/1/call-next`, op(1)))).toEqual({ ticket: null });
    await post(app, `${C}/tickets`, KIOSK, { service: 'passport' });
    await post(app, `${C}/tickets`, KIOSK, { service: 'passport' });
    clock.advance(1000);
    expect(json(await post(app, `${C}/windows/1/call-next`, op(1)))).toMatchObject({ ticket: 1 });
    expect(json(await post(app, `${C}/windows/1/recall`, op(1)))).toMatchObject({ ticket: 1, callCount: 2, noShow: false });
    expect(json(await post(app, `${C}/windows/1/requeue`, op(1)))).toEqual({ ticket: 1 });
    expect(json(await post(app, `${C}/windows/1/call-next`, op(1)))).toMatchObject({ ticket: 1 });
    await post(app, `${C}/windows/1/start`, op(1));
    expect(json(await post(app, `${C}/windows/1/park`, op(1)))).toEqual({ ticket: 1 });
    clock.advance(5 * 60_000);
    expect((await post(app, `${C}/tickets/1/resume`, DESK)).statusCode).toBe(200);
    expect(json(await post(app, `${C}/windows/1/call-next`, op(1)))).toMatchObject({ ticket: 1 });
    await post(app, `${C}/windows/1/start`, op(1));
    expect(json(await post(app, `${C}/windows/1/transfer`, op(1), { service: 'id-card' }))).toMatchObject({ ticket: 1, service: 'id-card' });
    expect(json(await post(app, `${C}/windows/1/call-next`, op(1)))).toMatchObject({ ticket: 1, service: 'id-card' });
    expect(json(await post(app, `${C}/windows/1/no-show`, op(1)))).toEqual({ ticket: 1 });
    expect(json(await post(app, `${C}/tickets/2/transfer`, DESK, { service: 'id-card' }))).toMatchObject({ ticket: 2, service: 'id-card' });
    expect(json(await post(app, `${C}/tickets/2/park`, DESK))).toEqual({ ticket: 2, parked: true });
    expect(json(await post(app, `${C}/tickets/2/cancel`, DESK, { reason: 'abandoned' }))).toEqual({ ticket: 2, cancelled: true });
    expect(json(await post(app, `${C}/windows/1/break-start`, op(1)))).toMatchObject({ window: 1, status: 'break' });
    expect(json(await post(app, `${C}/windows/1/break-end`, op(1)))).toMatchObject({ window: 1, status: 'open' });
    expect(json(await post(app, `${C}/windows/1/close`, op(1)))).toMatchObject({ window: 1, status: 'closed' });
    const windows = json<{ number: number; status: string }[]>(await app.inject({ url: `${C}/windows`, headers: DESK }));
    expect(windows).toHaveLength(12);
    expect(json(await app.inject({ url: `${C}/unserved`, headers: DESK }))).toEqual([]);
  });
});

describe('bookings', () => {
  it('holds, books, checks in at the kiosk, and the citizen cancels another by token', async () => {
    const { app, clock } = t;
    const slot = '2026-11-24T11:00:00+04:00';
    const hold = await post(app, `${C}/holds`, {}, { service: 'passport', slot, citizenId: 'AZE7654321' });
    expect(hold.statusCode).toBe(201);
    const { holdToken } = json<{ holdToken: string }>(hold);
    const booked = await post(app, `${C}/bookings`, {}, { citizenId: 'AZE7654321', holdToken, name: 'Rashad' });
    expect(booked.statusCode).toBe(201);
    const booking = json<{ token: string; slot: number; service: string }>(booked);
    expect(booking).toMatchObject({ service: 'passport', slot: at(TUE, '11:00') });
    expect(json(await app.inject(`${C}/status/${booking.token}`))).toMatchObject({ kind: 'booking', state: 'booked', number: '', slot: at(TUE, '11:00') });

    const direct = json<{ token: string }>(await post(app, `${C}/bookings`, {}, { citizenId: 'AZE7654321', service: 'id-card', slot }));
    expect(json(await post(app, `${C}/status/${direct.token}/cancel`))).toEqual({ cancelled: true });
    expect(json(await app.inject(`${C}/status/${direct.token}`))).toMatchObject({ state: 'cancelled' });

    const other = json<{ holdToken: string }>(await post(app, `${C}/holds`, {}, { service: 'notary', slot, citizenId: 'AZE1111111' }));
    expect(json(await post(app, `${C}/holds/${other.holdToken}/release`))).toEqual({ released: true });

    clock.ms = at(TUE, '10:40');
    const checkedIn = await post(app, `${C}/check-in`, KIOSK, { token: booking.token });
    expect(checkedIn.statusCode).toBe(200);
    expect(json(checkedIn)).toMatchObject({ number: 'B001', late: false, callableAt: at(TUE, '10:55') });
    expect(json(await app.inject(`${C}/status/${booking.token}`))).toMatchObject({ state: 'waiting', number: 'B001' });
  });
});

describe('a booking\'s citizen class', () => {
  it('is set by staff only: a class without a token is 401, with a kiosk or operator token 403, and nothing changes; with a desk token the booking has it', async () => {
    const slot = '2026-11-24T11:00:00+04:00';
    const body = { citizenId: 'AZE2222222', service: 'passport', slot, class: 'priority' };
    await unchanged(t, async () => {
      const anonymous = await post(t.app, `${C}/bookings`, {}, body);
      expect([anonymous.statusCode, json(anonymous).code]).toEqual([401, 'SRV_ERR_UNAUTHORIZED']);
      for (const who of [KIOSK, op(1)]) {
        const refused = await post(t.app, `${C}/bookings`, who, body);
        expect([refused.statusCode, json(refused).code]).toEqual([403, 'SRV_ERR_FORBIDDEN']);
      }
    });
    // without a class the public route needs no token, and the booking is of the default class
    const plain = await post(t.app, `${C}/bookings`, {}, { citizenId: 'AZE3333333', service: 'passport', slot });
    expect(plain.statusCode).toBe(201);
    const booked = await post(t.app, `${C}/bookings`, DESK, body);
    expect(booked.statusCode).toBe(201);
    const classes = t.app.ctx.network
      .get('baku-1')
      .centre.tickets()
      .filter((x) => x.kind === 'booking')
      .map((x) => x.class);
    expect(classes.sort()).toEqual(['general', 'priority']);
  });
});

describe('public views and operations', () => {
  it('lists centres, load of all centres and of one service, health, readiness, metrics, OpenAPI', async () => {
    const { app } = t;
    const centres = json<{ id: string; services: unknown[]; windows: number }[]>(await app.inject('/api/centres'));
    expect(centres[0]).toMatchObject({ id: 'baku-1', kind: 'fixed', windows: 12 });
    expect(centres[0]!.services).toHaveLength(11);
    expect(json<unknown[]>(await app.inject('/api/load'))).toHaveLength(1);
    expect(json(await app.inject(`${C}/services/notary/load`))).toMatchObject({ service: 'notary', waiting: 0 });
    expect(json(await app.inject('/health'))).toMatchObject({ status: 'ok' });
    expect(json(await app.inject('/ready'))).toEqual({ status: 'ready', store: 'embedded', centres: 1 });
    await post(app, `${C}/windows/2/open`, op(2));
    const metrics = await app.inject('/metrics');
    expect(metrics.body).toMatch(/asan_commands_total\{centre="baku-1",command="openWindow",outcome="ok"\} 1/);
    expect(metrics.body).toMatch(/asan_waiting_tickets\{centre="baku-1"\} 0/);
    const doc = json<{ openapi: string; paths: Record<string, unknown> }>(await app.inject('/docs/json'));
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/centres/{centre}/windows/{window}/call-next');
    expect((await app.inject('/board/baku-1')).headers['content-type']).toMatch(/text\/html/);
    expect((await app.inject('/operator/baku-1/3')).statusCode).toBe(200);
    expect((await app.inject('/operator/baku-1/99')).statusCode).toBe(404);
    expect(json(await app.inject({ url: `${C}/config`, headers: ADMIN }))).toMatchObject({ id: 'baku-1' });
    expect(json(await post(app, `${C}/tick`, ADMIN))).toEqual({ transitions: expect.any(Number) });
  });

  it('at a time outside opening hours refuses a walk-in with a coded 409', async () => {
    t.clock.ms = at(MON, '21:00');
    const res = await post(t.app, `${C}/tickets`, DESK, { service: 'id-card' });
    expect(res.statusCode).toBe(409);
    expect(json(res)).toMatchObject({ code: 'SRV_ERR_CENTRE_CLOSED', engineCode: 'QC_ERR_CENTRE_CLOSED' });
  });
});

describe('rate limits and route declarations', () => {
  it('limits public booking routes per address with a coded 429', async () => {
    const base = configInputOf(testConfig());
    const limited = await testApp({ config: createServerConfig({ ...base, rateLimit: { publicMax: 3, publicWindowMs: 60_000 } }) });
    const body = { service: 'notary', slot: '2026-11-24T11:00:00+04:00', citizenId: 'AZE9990001' };
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await post(limited.app, `${C}/holds`, {}, body)).statusCode);
    expect(codes.slice(3)).toEqual([429, 429]);
    const refused = await post(limited.app, `${C}/holds`, {}, body);
    expect(json(refused)).toMatchObject({ code: 'SRV_ERR_RATE_LIMITED' });
    // Staff routes are not limited.
    for (let i = 0; i < 5; i++) expect((await post(limited.app, `${C}/windows/1/open`, op(1))).statusCode).not.toBe(429);
    await limited.close();
  });

  it('documents every route with its answers in OpenAPI', async () => {
    const doc = json<{ paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> }>(await t.app.inject('/docs/json'));
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([m, o]) => ({ path, m, o })));
    expect(ops.length).toBeGreaterThan(30);
    for (const { path, m, o } of ops) expect(Object.keys(o.responses ?? {}).filter((k) => k === '200' || k === '201'), `${m} ${path}`).toHaveLength(1);
  });
});
