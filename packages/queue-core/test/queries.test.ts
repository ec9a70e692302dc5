/** Read models: ticket view, position and ETA, waiting order, load, board, windows, unserved services, day statistics. */
import { describe, expect, it } from 'vitest';
import { Centre, dayStatsFromEvents } from '../src/index.ts';
import { MON, SUN, TUE, Recorded, at, min, ok, smallCentre } from './fixtures.ts';

const T = at(MON, '11:00');

describe('ticket', () => {
  it('is undefined for unknown ids', () => {
    const c = new Centre(smallCentre());
    expect(c.ticket(1)).toBeUndefined();
    expect(c.ticket(0)).toBeUndefined();
    expect(c.ticket(1.5)).toBeUndefined();
    expect(c.ticket('1' as unknown as number)).toBeUndefined();
    expect(c.tickets()).toEqual([]);
  });

  it('shows every field of a served ticket', () => {
    const c = new Centre(smallCentre());
    ok(c, { type: 'openWindow', now: T, window: 2 });
    ok(c, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'h', name: 'Leyla', channel: 'terminal' });
    ok(c, { type: 'callNext', now: T + min(4), window: 2 });
    ok(c, { type: 'start', now: T + min(5), window: 2 });
    ok(c, { type: 'complete', now: T + min(12), window: 2, rating: 4 });
    expect(c.ticket(1)).toEqual({
      id: 1,
      number: 'A001',
      service: 'id-card',
      firstService: 'id-card',
      class: 'general',
      kind: 'walkin',
      channel: 'terminal',
      state: 'done',
      citizen: 'h',
      name: 'Leyla',
      madeAt: T,
      arrivedAt: T,
      slot: null,
      due: T + min(30),
      callableAt: T,
      firstCallableAt: T,
      firstCalledAt: T + min(4),
      calledAt: T + min(4),
      startedAt: T + min(5),
      endedAt: T + min(12),
      window: null,
      firstWindow: 2,
      lastWindow: 2,
      callCount: 1,
      transfers: 0,
      late: false,
      rating: 4,
    });
  });
});

describe('position and ETA', () => {
  it('is null for tickets that are not waiting', () => {
    const c = new Centre(smallCentre());
    ok(c, { type: 'openWindow', now: T, window: 2 });
    ok(c, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'a' });
    ok(c, { type: 'callNext', now: T, window: 2 });
    expect(c.position(1, T)).toBeNull();
    expect(c.position(2, T)).toBeNull();
  });

  it('is monotone within a class: more people ahead, no earlier ETA', () => {
    const c = new Centre(smallCentre());
    ok(c, { type: 'openWindow', now: T, window: 1 });
    ok(c, { type: 'openWindow', now: T, window: 2 });
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) {
      const cls = i % 4 === 3 ? 'priority' : 'general';
      ids.push(ok(c, { type: 'issueWalkIn', now: T + min(i), service: 'id-card', class: cls, citizen: `c${i}` }).ticket);
    }
    ok(c, { type: 'issueWalkIn', now: T + min(12), service: 'passport', citizen: 'p' });
    const now = T + min(12);
    for (const cls of ['general', 'priority']) {
      const mine = ids.filter((id) => c.ticket(id)!.class === cls).map((id) => c.position(id, now)!);
      for (let i = 1; i < mine.length; i++) {
        expect(mine[i]!.peopleAhead).toBeGreaterThan(mine[i - 1]!.peopleAhead);
        expect(mine[i]!.eta!.p50Ms).toBeGreaterThanOrEqual(mine[i - 1]!.eta!.p50Ms);
        expect(mine[i]!.eta!.p90Ms).toBeGreaterThanOrEqual(mine[i - 1]!.eta!.p90Ms);
      }
      for (const p of mine) {
        expect(p.callable).toBe(true);
        expect(p.eta!.p90Ms).toBeGreaterThanOrEqual(p.eta!.p50Ms);
        expect(p.eta!.p50At).toBe(now + p.eta!.p50Ms);
      }
    }
    // The people ahead agree with the call order.
    const order = c.waitingIds('id-card', now);
    order.forEach((id, i) => expect(c.position(id, now)!.peopleAhead).toBe(i));
  });

  it('takes a position\'s `now` before the clock, or not a time, as the clock (callable stayed false, the ETA was NaN)', () => {
    const c = new Centre(smallCentre());
    ok(c, { type: 'openWindow', now: T, window: 4 });
    ok(c, { type: 'issueWalkIn', now: T, service: 'account', citizen: 'a' });
    const atClock = c.position(1, T);
    expect(atClock).toEqual({ peopleAhead: 0, eta: { p50Ms: 0, p90Ms: 0, p50At: T, p90At: T }, callable: true });
    for (const now of [T - min(5), Number.NaN, Number.POSITIVE_INFINITY, 1e17]) expect(c.position(1, now), String(now)).toEqual(atClock);
  });

  it('has no ETA when no window serving the service is open, and zero when a window is idle', () => {
    const c = new Centre(smallCentre());
    ok(c, { type: 'issueWalkIn', now: T, service: 'account', citizen: 'a' });
    expect(c.position(1, T)).toEqual({ peopleAhead: 0, eta: null, callable: true });
    ok(c, { type: 'openWindow', now: T, window: 4 });
    expect(c.position(1, T + min(1))!.eta).toEqual({ p50Ms: 0, p90Ms: 0, p50At: T + min(1), p90At: T + min(1) });
  });

  it('counts the expected priority overtakers over the hours open today, whether or not the day began with an event at midnight', () => {
    // Six priority walk-ins 10:00–10:05, then a general one at 10:10. A tick at 00:00 ended the day
    // before (its day.ended starts today at midnight): the arrival rate must still be per minute
    // open, not per minute since midnight, so the same queue gets the same ETA.
    const eta = (midnightTick: boolean) => {
      const c = new Centre(smallCentre());
      if (midnightTick) {
        ok(c, { type: 'openWindow', now: at(SUN, '10:00'), window: 2 });
        ok(c, { type: 'tick', now: at(MON, '00:00') });
      }
      ok(c, { type: 'openWindow', now: at(MON, '10:00'), window: 2 });
      for (let i = 0; i < 6; i++) ok(c, { type: 'issueWalkIn', now: at(MON, '10:00') + min(i), service: 'id-card', class: 'priority', citizen: `p${i}` });
      const slip = ok(c, { type: 'issueWalkIn', now: at(MON, '10:10'), service: 'id-card', citizen: 'g' });
      return { slip: slip.eta, position: c.position(slip.ticket, at(MON, '10:10'))!.eta };
    };
    const fresh = eta(false);
    expect(eta(true)).toEqual(fresh);
    // 7 served before it at one window (8 min each) plus the expected priority arrivals: more than 7 × 8 min.
    expect(fresh.slip!.p50Ms).toBeGreaterThan(min(56));
  });
});

describe('ETA under each call-next policy', () => {
  /** One window for id-card; `priority` priority walk-ins from 10:00, one a minute, then `general` general ones; the last one's slip. */
  function lastSlip(policy: 'edd' | 'strict-priority' | 'fifo', priority: number, general: number) {
    const c = new Centre(smallCentre({ policy }));
    ok(c, { type: 'openWindow', now: at(MON, '10:00'), window: 2 });
    let slip;
    for (let i = 0; i < priority + general; i++) {
      slip = ok(c, { type: 'issueWalkIn', now: at(MON, '10:00') + min(i), service: 'id-card', class: i < priority ? 'priority' : 'general', citizen: `c${i}` });
    }
    return slip!;
  }

  it('fifo: nobody arriving later is called first, so a general walk-in expects no overtakers', () => {
    // Same people ahead, same windows, same handle time: under FIFO the classes do not matter.
    const mixed = lastSlip('fifo', 6, 1);
    const plain = lastSlip('fifo', 0, 7);
    expect(mixed.peopleAhead).toBe(6);
    expect(mixed.eta).toEqual(plain.eta);
  });

  it('strict priority: a higher class overtakes whenever it arrives before the call, whatever the targets', () => {
    // Equal targets (as in the simulator's reference scenarios): EDD expects no overtakers here, strict priority does.
    const input = (policy: 'edd' | 'strict-priority') => smallCentre({ policy, classes: [{ id: 'priority', rank: 0, targetMin: 30 }, { id: 'general', rank: 1, targetMin: 30 }] });
    const eta = (policy: 'edd' | 'strict-priority') => {
      const c = new Centre(input(policy));
      ok(c, { type: 'openWindow', now: at(MON, '10:00'), window: 2 });
      for (let i = 0; i < 6; i++) ok(c, { type: 'issueWalkIn', now: at(MON, '10:00') + min(i), service: 'id-card', class: 'priority', citizen: `p${i}` });
      return ok(c, { type: 'issueWalkIn', now: at(MON, '10:10'), service: 'id-card', class: 'general', citizen: 'g' }).eta!;
    };
    expect(eta('strict-priority').p50Ms).toBeGreaterThan(eta('edd').p50Ms);
  });
});

describe('queries change nothing', () => {
  /** Booking 1 (slot 10:30) checked in at 10:05, callable from 10:25; walk-in 2 at 10:06. */
  function earlyBooking(): Centre {
    const c = new Centre(smallCentre());
    ok(c, { type: 'book', now: at(SUN, '12:00'), citizen: 'b', service: 'id-card', slot: at(MON, '10:30') });
    ok(c, { type: 'openWindow', now: at(MON, '10:00'), window: 2 });
    ok(c, { type: 'checkIn', now: at(MON, '10:05'), ticket: 1 });
    ok(c, { type: 'issueWalkIn', now: at(MON, '10:06'), service: 'id-card', citizen: 'w' });
    return c;
  }

  it('asking about a later time does not make an early booking callable before its time', () => {
    const c = earlyBooking();
    const dump = JSON.stringify(c.dump());
    // A display asks where the booking will be at 11:00, and for the order then.
    expect(c.position(1, at(MON, '11:00'))).toMatchObject({ peopleAhead: 0, callable: true });
    expect(c.waitingIds('id-card', at(MON, '11:00'))).toEqual([1, 2]);
    expect(c.position(1, at(MON, '10:07'))).toMatchObject({ peopleAhead: 0, callable: false });
    expect(c.waitingIds('id-card', at(MON, '10:07'))).toEqual([2, 1]);
    expect(JSON.stringify(c.dump())).toBe(dump);
    // At 10:07 the booking (callable from 10:25) must not be called: the walk-in is.
    expect(ok(c, { type: 'callNext', now: at(MON, '10:07'), window: 2 }).ticket).toBe(2);
  });

  it('deciding without applying a later command does not either', () => {
    const c = earlyBooking();
    const probe = c.decide({ type: 'callNext', now: at(MON, '10:40'), window: 2 });
    expect(probe.ok && probe.result.ticket).toBe(1);
    expect(ok(c, { type: 'callNext', now: at(MON, '10:07'), window: 2 }).ticket).toBe(2);
  });
});

describe('load, board, windows, unserved services', () => {
  function busyCentre(): Centre {
    const c = new Centre(smallCentre({ boardSize: 3 }));
    ok(c, { type: 'openWindow', now: T, window: 1 });
    ok(c, { type: 'openWindow', now: T, window: 4 });
    for (let i = 0; i < 4; i++) ok(c, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: `a${i}` });
    ok(c, { type: 'issueWalkIn', now: T, service: 'licence', citizen: 'l' });
    for (let i = 0; i < 4; i++) {
      ok(c, { type: 'callNext', now: T + min(2 * i), window: 1 });
      ok(c, { type: 'start', now: T + min(2 * i), window: 1 });
      if (i < 3) ok(c, { type: 'complete', now: T + min(2 * i + 1), window: 1 });
    }
    return c;
  }

  it('load: waiting per service, open windows, served and mean wait today', () => {
    const c = busyCentre();
    const load = c.load();
    expect(load.waiting).toBe(1);
    expect(load.servedToday).toBe(3);
    // Waits 0, 2, 4, 6 minutes.
    expect(load.meanWaitTodayMin).toBe(3);
    expect(load.services).toEqual([
      { service: 'id-card', name: 'id-card', waiting: 0, openWindows: 1, servedToday: 3, meanWaitTodayMin: 3 },
      { service: 'passport', name: 'passport', waiting: 0, openWindows: 1, servedToday: 0, meanWaitTodayMin: null },
      { service: 'licence', name: 'licence', waiting: 1, openWindows: 0, servedToday: 0, meanWaitTodayMin: null },
      { service: 'account', name: 'account', waiting: 0, openWindows: 1, servedToday: 0, meanWaitTodayMin: null },
    ]);
  });

  it('load: a window closing or going on a break after its current ticket is not counted open (as unservedServices)', () => {
    const c = busyCentre();
    ok(c, { type: 'closeWindow', now: T + min(8), window: 1 }); // deferred: it holds A004
    ok(c, { type: 'startBreak', now: T + min(8), window: 4 }); // idle: at once
    const open = Object.fromEntries(c.load().services.map((s) => [s.service, s.openWindows]));
    expect(open).toEqual({ 'id-card': 0, passport: 0, licence: 0, account: 0 });
    ok(c, { type: 'issueWalkIn', now: T + min(8), service: 'id-card', citizen: 'z' });
    expect(c.unservedServices().map((u) => u.service)).toContain('id-card');
  });

  it('board: the newest calls first, at most boardSize', () => {
    const c = busyCentre();
    expect(c.board().map((b) => b.number)).toEqual(['A004', 'A003', 'A002']);
    expect(c.board(1).map((b) => b.number)).toEqual(['A004']);
  });

  it('board(limit): at most `limit` calls, none for a limit of 0 or less', () => {
    const c = busyCentre();
    expect(c.board(2).map((b) => b.number)).toEqual(['A004', 'A003']);
    expect(c.board(10).map((b) => b.number)).toEqual(['A004', 'A003', 'A002']);
    expect(c.board(0)).toEqual([]);
    expect(c.board(-1)).toEqual([]);
  });

  it('board: today\'s calls only, since display numbers start again each day', () => {
    const c = new Centre(smallCentre());
    ok(c, { type: 'openWindow', now: at(MON, '10:00'), window: 2 });
    ok(c, { type: 'issueWalkIn', now: at(MON, '10:00'), service: 'id-card', citizen: 'a', name: 'Aysel' });
    ok(c, { type: 'callNext', now: at(MON, '10:01'), window: 2 });
    ok(c, { type: 'tick', now: at(TUE, '00:00') }); // Monday ends
    expect(c.board()).toEqual([]);
    ok(c, { type: 'openWindow', now: at(TUE, '10:00'), window: 1 });
    ok(c, { type: 'issueWalkIn', now: at(TUE, '10:00'), service: 'id-card', citizen: 'b', name: 'Bahram' });
    ok(c, { type: 'callNext', now: at(TUE, '10:01'), window: 1 });
    // One A001 on the board: Tuesday's, at window 1 (not also Monday's Aysel at window 2).
    expect(c.board().map((b) => [b.number, b.window, b.name])).toEqual([['A001', 1, 'Bahram']]);
  });

  it('board: a day ended late (the next day began before the tick) leaves only the later day\'s calls', () => {
    const c = new Centre(smallCentre({ boardSize: 3, recallTimeoutMin: null }));
    ok(c, { type: 'book', now: at(SUN, '12:00'), citizen: 'k', service: 'id-card', slot: at(TUE, '10:00') });
    ok(c, { type: 'openWindow', now: at(MON, '10:00'), window: 2 });
    for (let i = 0; i < 4; i++) {
      ok(c, { type: 'issueWalkIn', now: at(MON, '10:00') + min(i), service: 'id-card', citizen: `m${i}` });
      ok(c, { type: 'callNext', now: at(MON, '10:00') + min(i), window: 2 });
      ok(c, { type: 'noShow', now: at(MON, '10:00') + min(i), window: 2 });
    }
    // No tick overnight: Tuesday's booking checks in and is called before the first tick.
    ok(c, { type: 'checkIn', now: at(TUE, '09:45'), ticket: 1 });
    ok(c, { type: 'callNext', now: at(TUE, '09:56'), window: 2 });
    expect(c.board().map((b) => b.number)).toEqual(['A001', 'A004', 'A003']);
    ok(c, { type: 'tick', now: at(TUE, '09:57') }); // ends Monday
    expect(c.board().map((b) => [b.number, b.at])).toEqual([['A001', at(TUE, '09:56')]]);
    ok(c, { type: 'issueWalkIn', now: at(TUE, '10:00'), service: 'id-card', citizen: 't' });
    ok(c, { type: 'noShow', now: at(TUE, '10:01'), window: 2 });
    ok(c, { type: 'callNext', now: at(TUE, '10:01'), window: 2 });
    expect(c.board().map((b) => b.number)).toEqual(['A002', 'A001']);
  });

  it('windows: status, ticket held, served and busy time today', () => {
    const c = busyCentre();
    expect(c.windows()).toEqual([
      { number: 1, floor: 1, agency: 'mia', services: ['id-card', 'passport'], status: 'open', after: null, ticket: 4, ticketNumber: 'A004', servedToday: 3, busyMsToday: min(3) },
      { number: 2, floor: 1, agency: 'mia', services: ['id-card'], status: 'closed', after: null, ticket: null, ticketNumber: null, servedToday: 0, busyMsToday: 0 },
      { number: 3, floor: 2, agency: 'mia', services: ['passport', 'licence'], status: 'closed', after: null, ticket: null, ticketNumber: null, servedToday: 0, busyMsToday: 0 },
      { number: 4, floor: 2, agency: 'bank', services: ['account'], status: 'open', after: null, ticket: null, ticketNumber: null, servedToday: 0, busyMsToday: 0 },
    ]);
  });

  it('unservedServices: waiting tickets with no open window, a closing window not counting', () => {
    const c = busyCentre();
    expect(c.unservedServices()).toEqual([{ service: 'licence', waiting: 1 }]);
    ok(c, { type: 'issueWalkIn', now: T + min(8), service: 'id-card', citizen: 'z' });
    ok(c, { type: 'closeWindow', now: T + min(8), window: 1 });
    expect(c.unservedServices()).toEqual([
      { service: 'id-card', waiting: 1 },
      { service: 'licence', waiting: 1 },
    ]);
    ok(c, { type: 'openWindow', now: T + min(9), window: 3 });
    expect(c.unservedServices()).toEqual([{ service: 'id-card', waiting: 1 }]);
  });
});

describe('day statistics', () => {
  function day(): Recorded {
    const r = new Recorded();
    ok(r, { type: 'openWindow', now: T, window: 1 });
    ok(r, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'a' });
    ok(r, { type: 'issueWalkIn', now: T, service: 'passport', class: 'priority', citizen: 'b' });
    ok(r, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'c' });
    ok(r, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'd' });
    ok(r, { type: 'callNext', now: T + min(2), window: 1 }); // b (priority, due T+10)
    ok(r, { type: 'start', now: T + min(2), window: 1 });
    ok(r, { type: 'complete', now: T + min(10), window: 1, rating: 2 });
    ok(r, { type: 'callNext', now: T + min(10), window: 1 }); // a
    ok(r, { type: 'noShow', now: T + min(13), window: 1 });
    ok(r, { type: 'callNext', now: T + min(14), window: 1 }); // c
    ok(r, { type: 'start', now: T + min(14), window: 1 });
    ok(r, { type: 'complete', now: T + min(20), window: 1, rating: 5 });
    ok(r, { type: 'cancel', now: T + min(21), ticket: 4 });
    return r;
  }

  it('counts issued, called, served, no-shows, cancelled, waits and ratings by service and class', () => {
    const r = day();
    const s = r.centre.dayStats();
    expect(s.date).toBe(Math.floor((T + min(240)) / 86_400_000));
    expect(s.total).toEqual({ issued: 4, called: 3, served: 2, noShows: 1, cancelled: 1, meanWaitMin: (2 + 10 + 14) / 3, maxWaitMin: 14, meanRating: 3.5 });
    expect(s.byService['passport']).toEqual({ issued: 1, called: 1, served: 1, noShows: 0, cancelled: 0, meanWaitMin: 2, maxWaitMin: 2, meanRating: 2 });
    expect(s.byService['account']).toEqual({ issued: 0, called: 0, served: 0, noShows: 0, cancelled: 0, meanWaitMin: null, maxWaitMin: null, meanRating: null });
    expect(s.byClass['priority']).toMatchObject({ issued: 1, served: 1 });
    expect(s.byClass['general']).toMatchObject({ issued: 3, called: 2, served: 1, noShows: 1, cancelled: 1, maxWaitMin: 14 });
  });

  it('dayStatsFromEvents gives the same numbers from the log', () => {
    const r = day();
    expect(dayStatsFromEvents(smallCentre(), r.events)).toEqual(r.centre.dayStats());
    expect(dayStatsFromEvents(r.centre.config, r.events)).toEqual(r.centre.dayStats());
  });

  it('starts again at zero on a new local day', () => {
    const r = day();
    ok(r, { type: 'issueWalkIn', now: at(TUE, '10:00'), service: 'account', citizen: 'e' });
    const s = r.centre.dayStats();
    expect(s.total).toMatchObject({ issued: 1, called: 0, served: 0, cancelled: 0, meanWaitMin: null });
    expect(r.centre.windows()[0]!.servedToday).toBe(0);
    expect(dayStatsFromEvents(smallCentre(), r.events)).toEqual(s);
  });
});
