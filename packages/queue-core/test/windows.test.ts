/** Window commands: open, close, breaks, call next, recall, start, complete, no-show, requeue. */
import { describe, expect, it } from 'vitest';
import { Centre } from '../src/index.ts';
import type { CentreInput } from '../src/index.ts';
import { MON, at, expectRefused, min, ok, smallCentre } from './fixtures.ts';

const T = at(MON, '11:00');

function centre(overrides: Partial<CentreInput> = {}): Centre {
  return new Centre(smallCentre(overrides));
}

/** A centre with window 2 open and `n` id-card walk-ins, one minute apart from T. */
function withQueue(n: number, overrides: Partial<CentreInput> = {}): Centre {
  const c = centre(overrides);
  ok(c, { type: 'openWindow', now: T, window: 2 });
  for (let i = 0; i < n; i++) ok(c, { type: 'issueWalkIn', now: T + min(i), service: 'id-card', citizen: `c${i}` });
  return c;
}

const status = (c: Centre, n: number) => c.windows().find((w) => w.number === n)!;

describe('openWindow / closeWindow', () => {
  it('opens and closes an idle window', () => {
    const c = centre();
    expect(status(c, 1)).toMatchObject({ status: 'closed', after: null, ticket: null });
    expect(ok(c, { type: 'openWindow', now: T, window: 1 })).toEqual({ window: 1, status: 'open' });
    expect(status(c, 1).status).toBe('open');
    expect(ok(c, { type: 'closeWindow', now: T, window: 1 })).toEqual({ window: 1, status: 'closed', deferred: false });
    expect(status(c, 1).status).toBe('closed');
  });

  it('defers a close while the window holds a ticket, and reopening cancels the deferred close', () => {
    const c = withQueue(2);
    ok(c, { type: 'callNext', now: T + min(2), window: 2 });
    expect(ok(c, { type: 'closeWindow', now: T + min(2), window: 2 })).toEqual({ window: 2, status: 'closing', deferred: true });
    expect(status(c, 2)).toMatchObject({ status: 'open', after: 'closed', ticket: 1 });
    expectRefused(c, { type: 'closeWindow', now: T + min(2), window: 2 }, 'QC_ERR_WINDOW_STATE');
    expectRefused(c, { type: 'callNext', now: T + min(2), window: 2 }, 'QC_ERR_WINDOW_CLOSED');
    ok(c, { type: 'openWindow', now: T + min(3), window: 2 });
    expect(status(c, 2)).toMatchObject({ status: 'open', after: null, ticket: 1 });
    ok(c, { type: 'closeWindow', now: T + min(3), window: 2 });
    ok(c, { type: 'start', now: T + min(3), window: 2 });
    ok(c, { type: 'complete', now: T + min(9), window: 2 });
    expect(status(c, 2)).toMatchObject({ status: 'closed', after: null, ticket: null, servedToday: 1, busyMsToday: min(7) });
  });

  it('refuses unknown windows and pointless transitions', () => {
    const c = centre();
    expectRefused(c, { type: 'openWindow', now: T, window: 99 }, 'QC_ERR_UNKNOWN_WINDOW');
    expectRefused(c, { type: 'openWindow', now: T, window: '1' }, 'QC_ERR_UNKNOWN_WINDOW');
    expectRefused(c, { type: 'closeWindow', now: T, window: 99 }, 'QC_ERR_UNKNOWN_WINDOW');
    expectRefused(c, { type: 'closeWindow', now: T, window: 1 }, 'QC_ERR_WINDOW_STATE');
    ok(c, { type: 'openWindow', now: T, window: 1 });
    expectRefused(c, { type: 'openWindow', now: T, window: 1 }, 'QC_ERR_WINDOW_STATE');
    ok(c, { type: 'startBreak', now: T, window: 1 });
    const e = expectRefused(c, { type: 'openWindow', now: T, window: 1 }, 'QC_ERR_WINDOW_STATE');
    expect(e.message).toMatch(/end the break/);
  });

  it('closes a window on a break', () => {
    const c = centre();
    ok(c, { type: 'openWindow', now: T, window: 1 });
    ok(c, { type: 'startBreak', now: T, window: 1 });
    expect(ok(c, { type: 'closeWindow', now: T, window: 1 }).deferred).toBe(false);
    expect(status(c, 1).status).toBe('closed');
  });
});

describe('startBreak / endBreak', () => {
  it('pauses an idle window at once, and a busy one after its ticket', () => {
    const c = withQueue(2);
    expect(ok(c, { type: 'startBreak', now: T, window: 2 })).toEqual({ window: 2, status: 'break', deferred: false });
    expect(status(c, 2).status).toBe('break');
    expectRefused(c, { type: 'callNext', now: T + min(2), window: 2 }, 'QC_ERR_WINDOW_CLOSED');
    expect(ok(c, { type: 'endBreak', now: T + min(2), window: 2 })).toEqual({ window: 2, status: 'open' });
    ok(c, { type: 'callNext', now: T + min(2), window: 2 });
    expect(ok(c, { type: 'startBreak', now: T + min(2), window: 2 })).toEqual({ window: 2, status: 'open', deferred: true });
    expect(status(c, 2)).toMatchObject({ status: 'open', after: 'break' });
    expectRefused(c, { type: 'startBreak', now: T + min(2), window: 2 }, 'QC_ERR_WINDOW_STATE');
    ok(c, { type: 'noShow', now: T + min(4), window: 2 });
    expect(status(c, 2)).toMatchObject({ status: 'break', after: null, ticket: null });
  });

  it('refuses unknown windows, a break at a closed window and ending a break that is not on', () => {
    const c = centre();
    expectRefused(c, { type: 'startBreak', now: T, window: 0 }, 'QC_ERR_UNKNOWN_WINDOW');
    expectRefused(c, { type: 'endBreak', now: T, window: 0 }, 'QC_ERR_UNKNOWN_WINDOW');
    expectRefused(c, { type: 'startBreak', now: T, window: 1 }, 'QC_ERR_WINDOW_STATE');
    expectRefused(c, { type: 'endBreak', now: T, window: 1 }, 'QC_ERR_WINDOW_STATE');
    ok(c, { type: 'openWindow', now: T, window: 1 });
    expectRefused(c, { type: 'endBreak', now: T, window: 1 }, 'QC_ERR_WINDOW_STATE');
    ok(c, { type: 'startBreak', now: T, window: 1 });
    expectRefused(c, { type: 'startBreak', now: T, window: 1 }, 'QC_ERR_WINDOW_STATE');
  });
});

describe('callNext', () => {
  it('calls the smallest key among the services of the window, and puts it on the board', () => {
    const c = centre();
    ok(c, { type: 'openWindow', now: T, window: 1 });
    ok(c, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'a', name: 'Aysel' });
    ok(c, { type: 'issueWalkIn', now: T + min(1), service: 'passport', citizen: 'b' });
    ok(c, { type: 'issueWalkIn', now: T + min(2), service: 'account', citizen: 'c' });
    const r = ok(c, { type: 'callNext', now: T + min(5), window: 1 });
    expect(r).toEqual({ ticket: 1, number: 'A001', service: 'id-card', class: 'general', waitedMs: min(5) });
    expect(c.ticket(1)).toMatchObject({ state: 'called', window: 1, lastWindow: 1, callCount: 1, firstCalledAt: T + min(5), calledAt: T + min(5) });
    expect(c.board()).toEqual([{ at: T + min(5), ticket: 1, number: 'A001', service: 'id-card', window: 1, floor: 1, name: 'Aysel', recall: false }]);
    expect(status(c, 1)).toMatchObject({ ticket: 1, ticketNumber: 'A001' });
  });

  it('answers "nobody" with no events when no eligible ticket waits', () => {
    const c = centre();
    ok(c, { type: 'openWindow', now: T, window: 2 });
    ok(c, { type: 'issueWalkIn', now: T, service: 'passport', citizen: 'a' });
    const before = c.version;
    const out = c.execute({ type: 'callNext', now: T, window: 2 });
    expect(out).toEqual({ ok: true, events: [], result: { ticket: null } });
    expect(c.version).toBe(before);
  });

  it('refuses unknown, closed, on-break and busy windows', () => {
    const c = withQueue(2);
    expectRefused(c, { type: 'callNext', now: T, window: 5 }, 'QC_ERR_UNKNOWN_WINDOW');
    expectRefused(c, { type: 'callNext', now: T, window: 1 }, 'QC_ERR_WINDOW_CLOSED');
    ok(c, { type: 'callNext', now: T + min(2), window: 2 });
    const e = expectRefused(c, { type: 'callNext', now: T + min(2), window: 2 }, 'QC_ERR_WINDOW_BUSY');
    expect(e.details['ticket']).toBe(1);
    ok(c, { type: 'openWindow', now: T + min(2), window: 1 });
    ok(c, { type: 'startBreak', now: T + min(2), window: 1 });
    expectRefused(c, { type: 'callNext', now: T + min(2), window: 1 }, 'QC_ERR_WINDOW_CLOSED');
  });
});

describe('recall', () => {
  it('recalls a called ticket up to callCountMax calls in all, then makes it a no-show', () => {
    const c = withQueue(1);
    ok(c, { type: 'callNext', now: T + min(1), window: 2 });
    expect(ok(c, { type: 'recall', now: T + min(2), window: 2 })).toEqual({ ticket: 1, callCount: 2, noShow: false });
    expect(ok(c, { type: 'recall', now: T + min(3), window: 2 })).toEqual({ ticket: 1, callCount: 3, noShow: false });
    expect(c.ticket(1)).toMatchObject({ calledAt: T + min(3), firstCalledAt: T + min(1), callCount: 3 });
    expect(c.board().map((b) => b.recall)).toEqual([true, true, false]);
    expect(ok(c, { type: 'recall', now: T + min(4), window: 2 })).toEqual({ ticket: 1, callCount: 3, noShow: true });
    expect(c.ticket(1)).toMatchObject({ state: 'noShow', window: null, endedAt: T + min(4) });
    expect(status(c, 2).ticket).toBeNull();
    expect(c.dayStats().total.noShows).toBe(1);
  });

  it('refuses unknown windows, idle windows and a ticket already in service', () => {
    const c = withQueue(1);
    expectRefused(c, { type: 'recall', now: T, window: 7 }, 'QC_ERR_UNKNOWN_WINDOW');
    expectRefused(c, { type: 'recall', now: T, window: 2 }, 'QC_ERR_WINDOW_IDLE');
    ok(c, { type: 'callNext', now: T, window: 2 });
    ok(c, { type: 'start', now: T, window: 2 });
    const e = expectRefused(c, { type: 'recall', now: T, window: 2 }, 'QC_ERR_TICKET_STATE');
    expect(e.details).toMatchObject({ state: 'serving', expected: 'called' });
  });
});

describe('start and complete', () => {
  it('starts, then completes with an optional rating that feeds the statistics and the ETA', () => {
    const c = withQueue(2);
    ok(c, { type: 'callNext', now: T + min(2), window: 2 });
    expect(ok(c, { type: 'start', now: T + min(3), window: 2 })).toEqual({ ticket: 1 });
    expect(c.ticket(1)).toMatchObject({ state: 'serving', startedAt: T + min(3) });
    expect(ok(c, { type: 'complete', now: T + min(13), window: 2, rating: 5 })).toEqual({ ticket: 1, handleMs: min(10) });
    expect(c.ticket(1)).toMatchObject({ state: 'done', rating: 5, window: null, lastWindow: 2, endedAt: T + min(13) });
    ok(c, { type: 'callNext', now: T + min(13), window: 2 });
    ok(c, { type: 'start', now: T + min(13), window: 2 });
    expect(ok(c, { type: 'complete', now: T + min(14), window: 2 }).handleMs).toBe(min(1));
    expect(c.ticket(2)!.rating).toBeNull();
    const day = c.dayStats();
    expect(day.byService['id-card']).toMatchObject({ served: 2, meanRating: 5 });
    // Smoothed handle time: 8 → 0.9·8 + 0.1·10 = 8.2 → 0.9·8.2 + 0.1·1 = 7.48 min.
    expect((c.dump() as { handleMs: number[] }).handleMs[0]).toBeCloseTo(min(7.48), 6);
  });

  it('accepts every rating from 1 to 5', () => {
    const c = withQueue(5);
    for (let r = 1; r <= 5; r++) {
      ok(c, { type: 'callNext', now: T + min(5), window: 2 });
      ok(c, { type: 'start', now: T + min(5), window: 2 });
      ok(c, { type: 'complete', now: T + min(5), window: 2, rating: r });
    }
    expect(c.dayStats().total.meanRating).toBe(3);
  });

  it('refuses bad ratings, starting twice, completing before start, and idle or unknown windows', () => {
    const c = withQueue(1);
    expectRefused(c, { type: 'start', now: T, window: 9 }, 'QC_ERR_UNKNOWN_WINDOW');
    expectRefused(c, { type: 'complete', now: T, window: 9 }, 'QC_ERR_UNKNOWN_WINDOW');
    expectRefused(c, { type: 'start', now: T, window: 2 }, 'QC_ERR_WINDOW_IDLE');
    expectRefused(c, { type: 'complete', now: T, window: 2 }, 'QC_ERR_WINDOW_IDLE');
    ok(c, { type: 'callNext', now: T, window: 2 });
    expectRefused(c, { type: 'complete', now: T, window: 2 }, 'QC_ERR_TICKET_STATE');
    ok(c, { type: 'start', now: T, window: 2 });
    expectRefused(c, { type: 'start', now: T, window: 2 }, 'QC_ERR_TICKET_STATE');
    for (const rating of [0, 6, 2.5, -1, Number.NaN, '5']) {
      expectRefused(c, { type: 'complete', now: T, window: 2, rating }, 'QC_ERR_BAD_RATING');
    }
  });
});

describe('noShow and requeue', () => {
  it('marks a called ticket as a no-show and frees the window', () => {
    const c = withQueue(1);
    ok(c, { type: 'callNext', now: T, window: 2 });
    expect(ok(c, { type: 'noShow', now: T + min(3), window: 2 })).toEqual({ ticket: 1 });
    expect(c.ticket(1)).toMatchObject({ state: 'noShow', window: null });
    expect(status(c, 2)).toMatchObject({ ticket: null, busyMsToday: min(3) });
  });

  it('requeues a called ticket with its key, so it is called again before later arrivals', () => {
    const c = withQueue(2);
    ok(c, { type: 'callNext', now: T + min(2), window: 2 });
    expect(ok(c, { type: 'requeue', now: T + min(3), window: 2 })).toEqual({ ticket: 1 });
    expect(c.ticket(1)).toMatchObject({ state: 'waiting', window: null, callCount: 1, due: T + min(30) });
    expect(ok(c, { type: 'callNext', now: T + min(3), window: 2 }).ticket).toBe(1);
    expect(c.ticket(1)!.callCount).toBe(2);
    expect(c.ticket(1)!.firstCalledAt).toBe(T + min(2));
    expect(c.dayStats().total.called).toBe(1);
  });

  it('refuses unknown and idle windows and tickets already in service', () => {
    const c = withQueue(1);
    for (const type of ['noShow', 'requeue'] as const) {
      expectRefused(c, { type, now: T, window: 42 }, 'QC_ERR_UNKNOWN_WINDOW');
      expectRefused(c, { type, now: T, window: 2 }, 'QC_ERR_WINDOW_IDLE');
    }
    ok(c, { type: 'callNext', now: T, window: 2 });
    ok(c, { type: 'start', now: T, window: 2 });
    expectRefused(c, { type: 'noShow', now: T, window: 2 }, 'QC_ERR_TICKET_STATE');
    expectRefused(c, { type: 'requeue', now: T, window: 2 }, 'QC_ERR_TICKET_STATE');
  });
});
