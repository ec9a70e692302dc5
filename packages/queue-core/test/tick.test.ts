/** `tick`: recall time-outs, the end of the day, and the order of time-driven transitions. */
import { describe, expect, it } from 'vitest';
import { Centre } from '../src/index.ts';
import type { CentreInput, QueueEvent } from '../src/index.ts';
import { MON, SUN, TUE, WED, at, min, ok, smallCentre } from './fixtures.ts';

const T = at(MON, '11:00');

function tick(c: Centre, now: number): QueueEvent[] {
  const out = c.execute({ type: 'tick', now });
  if (!out.ok) throw new Error(out.error.message);
  expect(out.result).toEqual({ transitions: out.events.length });
  return [...out.events];
}

function calledAt(overrides: Partial<CentreInput> = {}): Centre {
  const c = new Centre(smallCentre(overrides));
  ok(c, { type: 'openWindow', now: T, window: 2 });
  ok(c, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'a' });
  ok(c, { type: 'callNext', now: T, window: 2 });
  return c;
}

describe('tick', () => {
  it('changes nothing when nothing is due', () => {
    const c = calledAt();
    const v = c.version;
    expect(tick(c, T + min(1))).toEqual([]);
    expect(c.version).toBe(v);
  });

  it('recalls a called ticket not started within 3 minutes, and makes it a no-show after the third call', () => {
    const c = calledAt();
    expect(tick(c, T + min(3) - 1)).toEqual([]);
    expect(tick(c, T + min(3))).toEqual([{ type: 'ticket.recalled', at: T + min(3), id: 1, window: 2, auto: true }]);
    expect(c.ticket(1)).toMatchObject({ callCount: 2, calledAt: T + min(3) });
    expect(tick(c, T + min(5))).toEqual([]);
    expect(tick(c, T + min(6))).toEqual([{ type: 'ticket.recalled', at: T + min(6), id: 1, window: 2, auto: true }]);
    expect(tick(c, T + min(9))).toEqual([{ type: 'ticket.noShow', at: T + min(9), id: 1, window: 2, auto: true }]);
    expect(c.ticket(1)!.state).toBe('noShow');
    expect(c.windows()[1]!.ticket).toBeNull();
  });

  it('does not recall a ticket in service, nor any ticket when recalls are manual only', () => {
    const started = calledAt();
    ok(started, { type: 'start', now: T + min(1), window: 2 });
    expect(tick(started, T + min(30))).toEqual([]);
    const manual = calledAt({ recallTimeoutMin: null });
    expect(tick(manual, T + min(30))).toEqual([]);
  });

  it('closes a window at once when its recall time-out ends in a no-show at the end of a shift', () => {
    const input = smallCentre({ callCountMax: 1 });
    const c = new Centre({ ...input, windows: input.windows.map((w) => (w.number === 2 ? { ...w, shifts: [{ start: '10:00', end: '11:03' }] } : w)) });
    tick(c, at(MON, '10:00'));
    ok(c, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'a' });
    ok(c, { type: 'callNext', now: T, window: 2 });
    const events = tick(c, T + min(3));
    expect(events.map((e) => [e.type, 'deferred' in e ? e.deferred : undefined])).toEqual([
      ['ticket.noShow', undefined],
      ['window.closed', undefined],
    ]);
    expect(c.windows()[1]).toMatchObject({ status: 'closed', ticket: null });
  });

  it('ends the day at closing + grace (default 240 min, at most midnight), cancelling leftovers but keeping bookings', () => {
    const c = calledAt({ recallTimeoutMin: null });
    ok(c, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'b' });
    ok(c, { type: 'book', now: T, citizen: 'x', service: 'id-card', slot: at(TUE, '10:00') });
    expect(tick(c, at(MON, '23:59'))).toEqual([]);
    const midnight = at(TUE, '00:00');
    expect(tick(c, midnight)).toEqual([{ type: 'day.ended', at: midnight, date: MON }]);
    expect(c.tickets().map((x) => [x.state, x.reason ?? null])).toEqual([
      ['cancelled', 'end-of-day'],
      ['cancelled', 'end-of-day'],
      ['booked', null],
    ]);
    expect(c.windows().every((w) => w.status === 'closed')).toBe(true);
    expect(tick(c, midnight + min(1))).toEqual([]);
    // The booking lives on and can be checked in the next morning.
    expect(ok(c, { type: 'checkIn', now: at(TUE, '09:45'), ticket: 3 }).late).toBe(false);
  });

  it('does not count the ended day\'s leftovers or busy time in the next day\'s statistics', () => {
    const c = calledAt({ recallTimeoutMin: null });
    ok(c, { type: 'start', now: at(MON, '19:55'), window: 2 });
    ok(c, { type: 'issueWalkIn', now: at(MON, '19:56'), service: 'id-card', citizen: 'b' });
    expect(c.dayStats().total).toMatchObject({ issued: 2, cancelled: 0 });
    // With the default grace the day ends at midnight: the event is the first of Tuesday.
    tick(c, at(TUE, '00:00'));
    expect(c.tickets().map((x) => x.state)).toEqual(['cancelled', 'cancelled']);
    expect(c.dayStats().total).toMatchObject({ issued: 0, cancelled: 0 });
    expect(c.windows()[1]).toMatchObject({ servedToday: 0, busyMsToday: 0 });
  });

  it('does not count the ended day\'s busy time in the next day\'s statistics when the day ends after midnight', () => {
    const c = calledAt({ recallTimeoutMin: null });
    ok(c, { type: 'start', now: at(MON, '19:55'), window: 2 });
    // No tick overnight: the first one, at 08:00, ends Monday (its first event of Tuesday).
    expect(tick(c, at(TUE, '08:00'))).toEqual([{ type: 'day.ended', at: at(TUE, '08:00'), date: MON }]);
    expect(c.ticket(1)).toMatchObject({ state: 'cancelled', reason: 'end-of-day' });
    expect(c.dayStats().total).toMatchObject({ issued: 0, cancelled: 0 });
    expect(c.windows()[1]).toMatchObject({ status: 'closed', ticket: null, servedToday: 0, busyMsToday: 0 });
  });

  it('ends the day before when the next day began with another event than the tick (a booking made after midnight)', () => {
    const c = new Centre(smallCentre({ recallTimeoutMin: null }));
    ok(c, { type: 'openWindow', now: at(MON, '10:00'), window: 2 });
    ok(c, { type: 'issueWalkIn', now: at(MON, '19:59'), service: 'id-card', citizen: 'a' });
    // Online, 5 minutes after midnight, before any tick: the event starts Tuesday.
    ok(c, { type: 'book', now: at(TUE, '00:05'), citizen: 'b', service: 'id-card', slot: at(WED, '10:00') });
    expect(tick(c, at(TUE, '00:10'))).toEqual([{ type: 'day.ended', at: at(TUE, '00:10'), date: MON }]);
    expect(c.ticket(1)).toMatchObject({ state: 'cancelled', reason: 'end-of-day' });
    expect(c.ticket(2)!.state).toBe('booked');
    expect(c.windows()[1]!.status).toBe('closed');
    expect(tick(c, at(TUE, '00:11'))).toEqual([]);
    // Tuesday's statistics hold none of Monday's tickets (A001 was not called at 10:01 after a night's wait).
    expect(c.dayStats().total).toMatchObject({ issued: 0, called: 0, cancelled: 0 });
    expect(c.load().waiting).toBe(0);
  });

  it('ending the day before keeps what the next day already did (a check-in and a call before the first tick)', () => {
    const c = new Centre(smallCentre({ recallTimeoutMin: null }));
    ok(c, { type: 'book', now: at(SUN, '12:00'), citizen: 'b', service: 'id-card', slot: at(TUE, '10:00') });
    ok(c, { type: 'openWindow', now: at(MON, '10:00'), window: 1 });
    ok(c, { type: 'openWindow', now: at(MON, '10:00'), window: 2 });
    ok(c, { type: 'issueWalkIn', now: at(MON, '19:58'), service: 'passport', citizen: 'a' });
    ok(c, { type: 'issueWalkIn', now: at(MON, '19:59'), service: 'licence', citizen: 'p' });
    // No tick overnight. Tuesday 09:45: the booking checks in (A001 of Tuesday), and window 2 (id-card only) calls it at 09:56.
    ok(c, { type: 'checkIn', now: at(TUE, '09:45'), ticket: 1 });
    expect(ok(c, { type: 'callNext', now: at(TUE, '09:56'), window: 2 }).ticket).toBe(1);
    expect(tick(c, at(TUE, '09:57'))).toEqual([{ type: 'day.ended', at: at(TUE, '09:57'), date: MON }]);
    expect(c.tickets().map((x) => [x.id, x.state])).toEqual([[1, 'called'], [2, 'cancelled'], [3, 'cancelled']]);
    // Window 2 is serving Tuesday's citizen: it stays open; window 1, idle since Monday, is closed.
    expect(c.windows().map((w) => w.status)).toEqual(['closed', 'open', 'closed', 'closed']);
    expect(c.dayStats().total).toMatchObject({ issued: 1, called: 1, cancelled: 0 });
  });

  it('counts leftovers cancelled by an end of day on the same day', () => {
    const c = calledAt({ recallTimeoutMin: null, endOfDayGraceMin: 30 });
    ok(c, { type: 'start', now: at(MON, '19:50'), window: 2 });
    ok(c, { type: 'issueWalkIn', now: at(MON, '19:56'), service: 'id-card', citizen: 'b' });
    tick(c, at(MON, '20:30'));
    expect(c.dayStats().total).toMatchObject({ issued: 2, cancelled: 2 });
    expect(c.windows()[1]!.busyMsToday).toBe(at(MON, '20:30') - T);
  });

  it('does not end a quiet day until the next day begins', () => {
    const c = new Centre(smallCentre({ endOfDayGraceMin: 0 }));
    ok(c, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'a' });
    ok(c, { type: 'cancel', now: T, ticket: 1 });
    expect(tick(c, at(MON, '20:00'))).toEqual([]);
    expect(tick(c, at(TUE, '08:00'))).toEqual([{ type: 'day.ended', at: at(TUE, '08:00'), date: MON }]);
    expect(tick(c, at(TUE, '08:01'))).toEqual([]);
  });

  it('ends a day with an open window even when nobody waits', () => {
    const c = new Centre(smallCentre({ endOfDayGraceMin: 0 }));
    ok(c, { type: 'openWindow', now: T, window: 1 });
    expect(tick(c, at(MON, '19:59'))).toEqual([]);
    expect(tick(c, at(MON, '20:00'))).toEqual([{ type: 'day.ended', at: at(MON, '20:00'), date: MON }]);
    expect(c.windows()[0]!.status).toBe('closed');
  });

  it('does not recall at the tick that ends the day the tickets it cancels (a walk-in called at 12:30, never started, no tick all afternoon)', () => {
    const shift = (c: CentreInput): CentreInput => ({ ...c, windows: c.windows.map((w) => (w.number === 2 ? { ...w, shifts: [{ start: '10:00', end: '20:00' }] } : w)) });
    const calledAt1230 = (overrides: Partial<CentreInput>): Centre => {
      const c = new Centre(shift(smallCentre(overrides)));
      tick(c, at(MON, '10:00'));
      ok(c, { type: 'issueWalkIn', now: at(MON, '12:29'), service: 'id-card', citizen: 'a' });
      ok(c, { type: 'callNext', now: at(MON, '12:30'), window: 2 });
      return c;
    };
    // Closing 20:00 + 60 min grace: the 21:00 tick ends Monday. Before: ticket.recalled at 21:00
    // (callCount 2, calledAt 21:00, a call at closing), then day.ended cancelled it.
    const same = calledAt1230({ endOfDayGraceMin: 60 });
    expect(tick(same, at(MON, '21:00'))).toEqual([{ type: 'day.ended', at: at(MON, '21:00'), date: MON }]);
    expect(same.ticket(1)).toMatchObject({ state: 'cancelled', reason: 'end-of-day', callCount: 1, calledAt: at(MON, '12:30') });
    expect(same.windows()[1]).toMatchObject({ status: 'closed', after: null, ticket: null });
    // Default grace: Monday ends at Tuesday 00:00. Ticks at 20:00 (a recall; the shift's end waits
    // for the ticket: still open, closing after it) and 23:57 (the third call). Before: the midnight
    // tick made Monday's ticket a no-show stamped Tuesday, counted in Tuesday's statistics.
    const late = calledAt1230({});
    expect(tick(late, at(MON, '20:00')).map((e) => e.type)).toEqual(['ticket.recalled', 'window.closed']);
    expect(late.windows()[1]).toMatchObject({ status: 'open', after: 'closed', ticket: 1 });
    expect(tick(late, at(MON, '23:57')).map((e) => e.type)).toEqual(['ticket.recalled']);
    expect(tick(late, at(TUE, '00:00'))).toEqual([{ type: 'day.ended', at: at(TUE, '00:00'), date: MON }]);
    expect(late.ticket(1)).toMatchObject({ state: 'cancelled', reason: 'end-of-day', callCount: 3 });
    expect(late.dayStats().total).toMatchObject({ issued: 0, called: 0, noShows: 0, cancelled: 0 });
    expect(late.windows()[1]).toMatchObject({ status: 'closed', after: null, ticket: null });
  });

  it('still recalls at a late day end a later day\'s ticket that the day end leaves alone', () => {
    const c = new Centre(smallCentre());
    ok(c, { type: 'book', now: at(SUN, '12:00'), citizen: 'b', service: 'id-card', slot: at(TUE, '10:00') });
    ok(c, { type: 'openWindow', now: at(MON, '10:00'), window: 1 });
    ok(c, { type: 'issueWalkIn', now: at(MON, '19:58'), service: 'id-card', citizen: 'a' });
    ok(c, { type: 'callNext', now: at(MON, '19:59'), window: 1 });
    ok(c, { type: 'openWindow', now: at(TUE, '09:40'), window: 2 });
    ok(c, { type: 'checkIn', now: at(TUE, '09:45'), ticket: 1 });
    ok(c, { type: 'callNext', now: at(TUE, '09:56'), window: 2 });
    // No tick overnight: the 10:00 tick ends Monday (its A001 at window 1 is cancelled, not recalled)
    // and recalls Tuesday's booking at window 2, called at 09:56.
    expect(tick(c, at(TUE, '10:00'))).toEqual([
      { type: 'ticket.recalled', at: at(TUE, '10:00'), id: 1, window: 2, auto: true },
      { type: 'day.ended', at: at(TUE, '10:00'), date: MON },
    ]);
    expect(c.tickets().map((x) => [x.id, x.state, x.callCount])).toEqual([[1, 'called', 2], [2, 'cancelled', 1]]);
    expect(c.dayStats().total).toMatchObject({ noShows: 0, cancelled: 0 });
  });

  it('emits its transitions in a fixed order: holds, bookings, recalls, then the day (the ended day\'s called ticket is cancelled, not recalled)', () => {
    const c = new Centre(smallCentre({ endOfDayGraceMin: 0 }));
    ok(c, { type: 'book', now: at(SUN, '12:00'), citizen: 'x', service: 'id-card', slot: at(MON, '18:00') });
    ok(c, { type: 'openWindow', now: at(MON, '19:00'), window: 2 });
    ok(c, { type: 'issueWalkIn', now: at(MON, '19:00'), service: 'id-card', citizen: 'a' });
    ok(c, { type: 'callNext', now: at(MON, '19:58'), window: 2 });
    ok(c, { type: 'holdSlot', now: at(MON, '19:58'), citizen: 'y', service: 'passport', slot: at(TUE, '10:00') });
    // (a recall before the day's end: 'still recalls at a late day end a later day's ticket')
    expect(tick(c, at(MON, '20:10')).map((e) => e.type)).toEqual(['hold.released', 'booking.expired', 'day.ended']);
  });

  it('takes a `now` before the last event as the last event time', () => {
    const c = calledAt();
    const out = c.execute({ type: 'tick', now: T - min(60) });
    expect(out).toEqual({ ok: true, events: [], result: { transitions: 0 } });
  });
});
