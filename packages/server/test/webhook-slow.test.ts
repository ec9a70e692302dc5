/**
 * A webhook receiver that accepts the connection and never answers (a hung service behind a load
 * balancer), on the embedded store's timers, real sockets: its deliveries must not hold up the
 * time-driven work of the other centres (the roster opening their windows, holds expiring, the end
 * of the day), nor a shutdown (`jobs.stop()` within graceMs).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alwaysOpen, DEMO_CENTRE } from '../src/config/demo-network.ts';
import { createServerConfig } from '../src/config/validate-config.ts';
import { remoteTicketsOf } from '../src/jobs/start-jobs.ts';
import { TimerJobs } from '../src/jobs/timer-jobs.ts';
import { at, C, configInputOf, DESK, ManualClock, MON, post, testApp, testConfig, type TestApp } from './helpers.ts';

const TIMEOUT_MS = 1_500;
let hung: Server;
const pending: ServerResponse[] = [];
let received = 0;
let t: TestApp;
let jobs: TimerJobs;

beforeEach(async () => {
  hung = createServer((_req: IncomingMessage, res: ServerResponse) => {
    received++;
    pending.push(res); // never answered
  });
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(hung.address() as AddressInfo).port}/notify`;
  // baku-1 open around the clock (its call-centre tickets are notified); baku-2 opens at 10:00 by its roster.
  const base = configInputOf(testConfig({}, [alwaysOpen(DEMO_CENTRE), { ...DEMO_CENTRE, id: 'baku-2', name: 'Baku 2' }]));
  const config = createServerConfig({ ...base, jobs: { ...base.jobs, webhookUrl: url, webhookTimeoutMs: TIMEOUT_MS, notifyAtPeopleAhead: 10 } });
  t = await testApp({ config, clock: new ManualClock(at(MON, '09:59')) });
  jobs = TimerJobs.start(t.app.ctx, t.app.log, remoteTicketsOf(t.app.ctx), { immediate: false });
});
afterEach(async () => {
  await jobs.stop();
  await t.close();
  for (const res of pending.splice(0)) res.destroy();
  hung.closeAllConnections();
  await new Promise<void>((resolve) => hung.close(() => resolve()));
});

describe('a webhook that never answers', () => {
  it('does not hold up the other centres’ ticks, nor the shutdown', async () => {
    await jobs.round(); // 09:59: baku-1's windows open (around the clock), baku-2's stay closed
    for (let i = 0; i < 4; i++) expect((await post(t.app, `${C}/tickets`, DESK, { service: 'notary', channel: 'callCentre' })).statusCode).toBe(201);
    const baku2 = t.app.ctx.network.get('baku-2').centre;
    expect(baku2.windows().every((w) => w.status === 'closed')).toBe(true);

    t.clock.ms = at(MON, '10:00');
    const started = Date.now();
    const round = jobs.round();
    // baku-2's roster opens its windows at 10:00, whatever baku-1's receiver does.
    while (!baku2.windows().every((w) => w.status === 'open') && Date.now() - started < 4 * TIMEOUT_MS + 2_000) await new Promise((r) => setTimeout(r, 20));
    const openedAfterMs = Date.now() - started;
    // baku-1's delivery is under way meanwhile (it reaches the receiver within a few ms; it stays unanswered for TIMEOUT_MS).
    while (received === 0 && Date.now() - started < TIMEOUT_MS / 2) await new Promise((r) => setTimeout(r, 5));
    expect(received).toBeGreaterThanOrEqual(1);
    expect(openedAfterMs, 'baku-2 ticked only after baku-1’s deliveries timed out').toBeLessThan(TIMEOUT_MS / 2);

    // A shutdown meanwhile does not wait for the receiver.
    const stopping = Date.now();
    await jobs.stop();
    expect(Date.now() - stopping, 'jobs.stop() waited for the hung receiver').toBeLessThan(TIMEOUT_MS / 2);
    await round;
  }, 20_000);
});
