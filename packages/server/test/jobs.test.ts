/**
 * Time-driven work on in-process timers (embedded store): the roster opens windows through `tick`,
 * and the webhook hears once when a remote ticket nears its call and when a booking is due —
 * with the public token, never a personal ID or name. Rounds are run by hand with a manual clock.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServerConfig } from '../src/config/validate-config.ts';
import { remoteTicketsOf } from '../src/jobs/start-jobs.ts';
import { TimerJobs } from '../src/jobs/timer-jobs.ts';
import { at, C, configInputOf, DESK, json, ManualClock, MON, op, post, testApp, testConfig, TUE, type TestApp } from './helpers.ts';
import { startSink, type Sink } from './webhook-sink.ts';

let sink: Sink;
let t: TestApp;
let jobs: TimerJobs;
beforeEach(async () => {
  sink = await startSink();
  const base = configInputOf(testConfig());
  const config = createServerConfig({ ...base, jobs: { ...base.jobs, webhookUrl: sink.url, notifyAtPeopleAhead: 1, bookingReminderMs: 30 * 60_000 } });
  t = await testApp({ config, clock: new ManualClock(at(MON, '09:50')) });
  jobs = TimerJobs.start(t.app.ctx, t.app.log, remoteTicketsOf(t.app.ctx), { immediate: false });
});
afterEach(async () => {
  await jobs.stop();
  await t.close();
  await sink.close();
});

describe('time-driven work on timers', () => {
  it('ticks every centre: the roster opens the windows at the start of the shift', async () => {
    const centre = t.app.ctx.network.get('baku-1').centre;
    await jobs.round();
    expect(centre.windows().every((w) => w.status === 'closed')).toBe(true);
    t.clock.ms = at(MON, '10:00');
    await jobs.round();
    expect(centre.windows().every((w) => w.status === 'open')).toBe(true);
    t.clock.ms = at(MON, '13:05');
    await jobs.round();
    expect(centre.windows().find((w) => w.number === 1)!.status).toBe('break');
  });

  it('notifies a call-centre ticket once when it is near its call, and a booking once before its slot', async () => {
    t.clock.ms = at(MON, '10:00');
    await jobs.round();
    const first = json<{ token: string }>(await post(t.app, `${C}/tickets`, DESK, { service: 'notary', citizenId: 'AZE5550001', name: 'Leyla' }));
    const a = json<{ token: string }>(await post(t.app, `${C}/tickets`, DESK, { service: 'notary', channel: 'callCentre', citizenId: 'AZE5550002', name: 'Kamran' }));
    await post(t.app, `${C}/tickets`, DESK, { service: 'notary', channel: 'callCentre' });
    const booking = json<{ token: string }>(await post(t.app, `${C}/bookings`, {}, { citizenId: 'AZE5550003', service: 'passport', slot: '2026-11-24T11:00:00+04:00' }));
    void first;

    await jobs.round();
    expect(sink.received).toEqual([expect.objectContaining({ kind: 'ticket.near', centre: 'baku-1', token: a.token, number: 'F002', service: 'notary', peopleAhead: 1 })]);

    t.clock.advance(60_000);
    await post(t.app, `${C}/windows/7/call-next`, op(7));
    await jobs.round();
    expect(sink.received.map((n) => [n.kind, n.number])).toEqual([
      ['ticket.near', 'F002'],
      ['ticket.near', 'F003'],
    ]);
    await jobs.round();
    expect(sink.received).toHaveLength(2);

    t.clock.ms = at(TUE, '10:31');
    await jobs.round();
    expect(sink.received[2]).toEqual(expect.objectContaining({ kind: 'booking.due', token: booking.token, service: 'passport', slot: at(TUE, '11:00') }));
    await jobs.round();
    expect(sink.received).toHaveLength(3);
    const all = JSON.stringify(sink.received);
    for (const personal of ['AZE555', 'Leyla', 'Kamran', 'h1:']) expect(all).not.toContain(personal);
    expect(await t.app.ctx.metrics.notifications.get()).toMatchObject({ values: expect.arrayContaining([expect.objectContaining({ labels: { kind: 'ticket.near', outcome: 'sent' }, value: 2 })]) });
  });
});
