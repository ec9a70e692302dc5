/**
 * A shift day: window 1 works a roster of three shifts (the first with a break), applied by `tick`
 * at the boundaries; window 2 is opened and closed by hand. Nobody is called at a closed window or
 * during a break, a citizen in service at the end of a shift is finished first, and the end of the
 * day cancels the leftovers.
 */
import { describe, expect, it } from 'vitest';
import { rosterPhase } from '../src/index.ts';
import type { QueueEvent } from '../src/index.ts';
import { MON, Recorded, SAT, TUE, at, expectRefused, ok, smallCentre } from './fixtures.ts';

const t = (clock: string): number => at(MON, clock);

function shiftCentre(): Recorded {
  const input = smallCentre({ endOfDayGraceMin: 30, recallTimeoutMin: null });
  return new Recorded({
    ...input,
    windows: input.windows.map((w) =>
      w.number === 1
        ? {
            ...w,
            shifts: [
              { start: '10:00', end: '13:00', breaks: [{ start: '11:30', end: '11:45' }] },
              { start: '13:30', end: '16:30' },
              { start: '17:00', end: '20:00' },
            ],
          }
        : w,
    ),
  });
}

function tick(r: Recorded, clock: string): QueueEvent[] {
  const out = r.execute({ type: 'tick', now: t(clock) });
  if (!out.ok) throw new Error(out.error.message);
  return [...out.events];
}

const kinds = (events: QueueEvent[]) => events.map((e) => ('window' in e ? `${e.type}:${e.window}${'deferred' in e && e.deferred ? ':deferred' : ''}` : e.type));
const w = (r: Recorded, n: number) => r.centre.windows().find((x) => x.number === n)!;

function walkIn(r: Recorded, clock: string, citizen: string): number {
  return ok(r, { type: 'issueWalkIn', now: t(clock), service: 'id-card', citizen }).ticket;
}

/** Call, start and complete one ticket at window n; returns its id. */
function serve(r: Recorded, n: number, clock: string): number | null {
  const id = ok(r, { type: 'callNext', now: t(clock), window: n }).ticket;
  if (id !== null) {
    ok(r, { type: 'start', now: t(clock), window: n });
    ok(r, { type: 'complete', now: t(clock), window: n });
  }
  return id;
}

describe('a shift day', () => {
  it('opens, pauses and closes window 1 by its roster, finishes the ticket in service, and ends the day', () => {
    const r = shiftCentre();
    const refusedCall = (clock: string, n = 1) => expectRefused(r, { type: 'callNext', now: t(clock), window: n }, 'QC_ERR_WINDOW_CLOSED');

    // Before the first shift: the roster says closed.
    expect(kinds(tick(r, '09:00'))).toEqual(['window.closed:1']);
    expect(tick(r, '09:30')).toEqual([]);
    walkIn(r, '10:00', 'a');
    refusedCall('10:00');

    // Shift 1 starts; the tick opens the window but calls nobody by itself.
    expect(kinds(tick(r, '10:00'))).toEqual(['window.opened:1']);
    expect(w(r, 1)).toMatchObject({ status: 'open', ticket: null });
    expect(tick(r, '10:01')).toEqual([]);
    expect(serve(r, 1, '10:05')).toBe(1);

    // The break, with the window idle: it starts at once, and nobody is called during it.
    walkIn(r, '11:20', 'b');
    expect(kinds(tick(r, '11:30'))).toEqual(['window.breakStarted:1']);
    expect(w(r, 1).status).toBe('break');
    refusedCall('11:31');
    refusedCall('11:44');
    expect(kinds(tick(r, '11:45'))).toEqual(['window.breakEnded:1']);

    // End of shift 1 with a citizen in service: the close waits for them.
    const b = ok(r, { type: 'callNext', now: t('12:55'), window: 1 }).ticket!;
    ok(r, { type: 'start', now: t('12:56'), window: 1 });
    walkIn(r, '12:58', 'c');
    expect(kinds(tick(r, '13:00'))).toEqual(['window.closed:1:deferred']);
    expect(w(r, 1)).toMatchObject({ status: 'open', after: 'closed', ticket: b });
    expect(r.centre.ticket(b)!.state).toBe('serving');
    refusedCall('13:01');
    expect(tick(r, '13:05')).toEqual([]);
    ok(r, { type: 'complete', now: t('13:10'), window: 1, rating: 5 });
    expect(w(r, 1)).toMatchObject({ status: 'closed', after: null, ticket: null });
    refusedCall('13:15');
    expect(r.centre.ticket(3)!.state).toBe('waiting');
    expect(r.centre.unservedServices()).toEqual([{ service: 'id-card', waiting: 1 }]);

    // Window 2 is opened by hand meanwhile and serves the waiting citizen.
    ok(r, { type: 'openWindow', now: t('13:20'), window: 2 });
    expect(serve(r, 2, '13:20')).toBe(3);

    // Shift 2.
    expect(kinds(tick(r, '13:30'))).toEqual(['window.opened:1']);
    walkIn(r, '14:00', 'd');
    expect(serve(r, 1, '14:00')).toBe(4);
    expect(kinds(tick(r, '16:30'))).toEqual(['window.closed:1']);
    refusedCall('16:30');

    // Window 2 is closed by hand while it has called someone: deferred until the no-show.
    walkIn(r, '16:40', 'e');
    ok(r, { type: 'callNext', now: t('16:41'), window: 2 });
    expect(ok(r, { type: 'closeWindow', now: t('16:42'), window: 2 })).toMatchObject({ deferred: true });
    refusedCall('16:43', 2);
    ok(r, { type: 'noShow', now: t('16:45'), window: 2 });
    expect(w(r, 2)).toMatchObject({ status: 'closed', ticket: null });
    refusedCall('16:46', 2);

    // Shift 3 runs to closing time, with leftovers.
    expect(kinds(tick(r, '17:00'))).toEqual(['window.opened:1']);
    walkIn(r, '19:40', 'f');
    const g = walkIn(r, '19:45', 'g');
    const h = walkIn(r, '19:50', 'h');
    ok(r, { type: 'park', now: t('19:51'), ticket: h });
    const f = ok(r, { type: 'callNext', now: t('19:55'), window: 1 }).ticket!;
    ok(r, { type: 'start', now: t('19:55'), window: 1 });
    expect(kinds(tick(r, '20:00'))).toEqual(['window.closed:1:deferred']);
    expectRefused(r, { type: 'issueWalkIn', now: t('20:00'), service: 'id-card', citizen: 'late' }, 'QC_ERR_CENTRE_CLOSED');
    expect(tick(r, '20:29')).toEqual([]);

    // End of day (closing + 30 min grace): waiting, parked and in-service tickets are cancelled.
    const end = tick(r, '20:30');
    expect(end).toEqual([{ type: 'day.ended', at: t('20:30'), date: MON }]);
    for (const id of [f, g, h]) expect(r.centre.ticket(id)).toMatchObject({ state: 'cancelled', reason: 'end-of-day', endedAt: t('20:30') });
    expect(r.centre.windows().map((x) => [x.status, x.ticket])).toEqual([
      ['closed', null],
      ['closed', null],
      ['closed', null],
      ['closed', null],
    ]);
    expect(r.centre.load().waiting).toBe(0);
    expect(tick(r, '20:31')).toEqual([]);
    expect(tick(r, '23:59')).toEqual([]);

    const day = r.centre.dayStats().total;
    expect(day).toMatchObject({ issued: 8, called: 6, served: 4, noShows: 1, cancelled: 3 });
    expect(JSON.stringify(r.replayed().dump())).toBe(JSON.stringify(r.centre.dump()));
  });

  it('keeps a manual close during a shift until the next roster boundary', () => {
    const r = shiftCentre();
    tick(r, '10:00');
    ok(r, { type: 'closeWindow', now: t('10:10'), window: 1 });
    expect(tick(r, '10:11')).toEqual([]);
    expect(w(r, 1).status).toBe('closed');
    expect(kinds(tick(r, '11:30'))).toEqual(['window.breakStarted:1']);
    expect(kinds(tick(r, '11:45'))).toEqual(['window.breakEnded:1']);
    expect(w(r, 1).status).toBe('open');
  });

  it('defers a roster break while the window holds a ticket', () => {
    const r = shiftCentre();
    tick(r, '10:00');
    walkIn(r, '11:00', 'a');
    ok(r, { type: 'callNext', now: t('11:29'), window: 1 });
    expect(kinds(tick(r, '11:30'))).toEqual(['window.breakStarted:1:deferred']);
    expect(w(r, 1)).toMatchObject({ status: 'open', after: 'break' });
    expectRefused(r, { type: 'callNext', now: t('11:31'), window: 1 }, 'QC_ERR_WINDOW_CLOSED');
    ok(r, { type: 'start', now: t('11:32'), window: 1 });
    ok(r, { type: 'complete', now: t('11:40'), window: 1 });
    expect(w(r, 1)).toMatchObject({ status: 'break', after: null });
    expect(kinds(tick(r, '11:45'))).toEqual(['window.breakEnded:1']);
  });

  it('does not reopen a window at a roster boundary after the day ended (a shift running past closing with a late break)', () => {
    const input = smallCentre({
      endOfDayGraceMin: 0,
      windows: [{ number: 1, floor: 1, agency: 'mia', services: ['id-card'], shifts: [{ start: '18:00', end: '22:00', breaks: [{ start: '20:30', end: '20:45' }] }] }],
    });
    const r = new Recorded(input);
    expect(kinds(tick(r, '18:00'))).toEqual(['window.opened:1']);
    walkIn(r, '19:00', 'a');
    expect(kinds(tick(r, '20:00'))).toEqual(['day.ended']);
    expect(w(r, 1).status).toBe('closed');
    // The roster's later boundaries of the ended day change nothing: no break, no reopening, no second close.
    expect(tick(r, '20:30')).toEqual([]);
    expect(tick(r, '20:45')).toEqual([]);
    expect(w(r, 1).status).toBe('closed');
    expectRefused(r, { type: 'callNext', now: t('20:46'), window: 1 }, 'QC_ERR_WINDOW_CLOSED');
    expect(tick(r, '22:00')).toEqual([]);
    // The next day's roster applies as usual.
    const next = r.execute({ type: 'tick', now: at(TUE, '18:00') });
    expect(next.ok && kinds([...next.events])).toEqual(['window.opened:1']);
  });

  it('applies a shift only on its weekdays', () => {
    const input = smallCentre({
      windows: [{ number: 1, floor: 1, agency: 'mia', services: ['id-card'], shifts: [{ days: ['sat'], start: '10:00', end: '17:00' }] }],
    });
    const r = new Recorded(input);
    expect(rosterPhase(r.centre.config, 0, at(SAT, '12:00'))).toMatchObject({ status: 1 });
    expect(rosterPhase(r.centre.config, 0, t('12:00'))).toMatchObject({ status: 0 });
    expect(kinds(tick(r, '12:00'))).toEqual(['window.closed:1']);
    expect(w(r, 1).status).toBe('closed');
  });
});
