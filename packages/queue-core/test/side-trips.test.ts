/** Side trips: park (payment at the bank desk) and resume, transfer to another service. */
import { describe, expect, it } from 'vitest';
import { Centre } from '../src/index.ts';
import { MON, Recorded, SUN, at, expectRefused, min, ok, smallCentre } from './fixtures.ts';

const T = at(MON, '11:00');

/** Window 1 (id-card, passport) open; ticket 1 (id-card, due T+30) called at window 1; ticket 2 (id-card) waiting. */
function called(): Centre {
  const c = new Centre(smallCentre());
  ok(c, { type: 'openWindow', now: T, window: 1 });
  ok(c, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'a' });
  ok(c, { type: 'issueWalkIn', now: T + min(1), service: 'id-card', citizen: 'b' });
  ok(c, { type: 'callNext', now: T + min(2), window: 1 });
  return c;
}

describe('park and resume', () => {
  it('parks the ticket a window holds (window form), frees the window, and resumes with due = min(d, t + 5 min)', () => {
    const c = called();
    ok(c, { type: 'start', now: T + min(3), window: 1 });
    expect(ok(c, { type: 'park', now: T + min(4), window: 1 })).toEqual({ ticket: 1 });
    expect(c.ticket(1)).toMatchObject({ state: 'parked', window: null });
    expect(c.windows()[0]!.ticket).toBeNull();
    expect(c.load().waiting).toBe(1);
    // Back early: the old due date (T + 30) is later than t + 5, so the return bound wins.
    expect(ok(c, { type: 'resume', now: T + min(10), ticket: 1 })).toEqual({ ticket: 1, due: T + min(15) });
    expect(c.ticket(1)).toMatchObject({ state: 'waiting', due: T + min(15), callableAt: T + min(10) });
    expect(ok(c, { type: 'callNext', now: T + min(10), window: 1 }).ticket).toBe(1);
  });

  it('keeps the old due date when it is earlier (seniority)', () => {
    const c = called();
    ok(c, { type: 'park', now: T + min(3), window: 1 });
    expect(ok(c, { type: 'resume', now: T + min(40), ticket: 1 }).due).toBe(T + min(30));
  });

  it('parks a waiting ticket (ticket form), so it is not called', () => {
    const c = called();
    expect(ok(c, { type: 'park', now: T + min(3), ticket: 2 })).toEqual({ ticket: 2 });
    ok(c, { type: 'noShow', now: T + min(4), window: 1 });
    expect(ok(c, { type: 'callNext', now: T + min(4), window: 1 }).ticket).toBeNull();
  });

  it('parks with both forms when they agree', () => {
    const c = called();
    expect(ok(c, { type: 'park', now: T + min(3), window: 1, ticket: 1 })).toEqual({ ticket: 1 });
  });

  it('refuses malformed, unknown, idle, mismatched and wrong-state parks', () => {
    const c = called();
    expectRefused(c, { type: 'park', now: T }, 'QC_ERR_BAD_COMMAND');
    expectRefused(c, { type: 'park', now: T, window: 8 }, 'QC_ERR_UNKNOWN_WINDOW');
    expectRefused(c, { type: 'park', now: T, window: 2 }, 'QC_ERR_WINDOW_IDLE');
    // Window 1 holds ticket 1; ticket 2 waits: the refusal says so (it said "held by window 1").
    const mismatch = expectRefused(c, { type: 'park', now: T, window: 1, ticket: 2 }, 'QC_ERR_TICKET_STATE');
    expect(mismatch.details).toMatchObject({ ticket: 2, state: 'waiting', expected: 'held by window 1' });
    expectRefused(c, { type: 'park', now: T, window: 1, ticket: 42 }, 'QC_ERR_UNKNOWN_TICKET');
    expectRefused(c, { type: 'park', now: T, ticket: 99 }, 'QC_ERR_UNKNOWN_TICKET');
    const held = expectRefused(c, { type: 'park', now: T, ticket: 1 }, 'QC_ERR_TICKET_HELD_ELSEWHERE');
    expect(held.details).toMatchObject({ ticket: 1, holder: 1 });
    ok(c, { type: 'park', now: T, ticket: 2 });
    expectRefused(c, { type: 'park', now: T, ticket: 2 }, 'QC_ERR_TICKET_STATE');
  });

  it('refuses to resume unknown tickets and tickets that are not parked', () => {
    const c = called();
    expectRefused(c, { type: 'resume', now: T, ticket: 0 }, 'QC_ERR_UNKNOWN_TICKET');
    expectRefused(c, { type: 'resume', now: T, ticket: 1 }, 'QC_ERR_TICKET_STATE');
    expectRefused(c, { type: 'resume', now: T, ticket: 2 }, 'QC_ERR_TICKET_STATE');
  });
});

describe('transfer', () => {
  it('transfers the ticket a window holds to another service, keeping its id and number', () => {
    const c = called();
    ok(c, { type: 'start', now: T + min(3), window: 1 });
    expect(ok(c, { type: 'transfer', now: T + min(4), window: 1, service: 'licence' })).toEqual({ ticket: 1, service: 'licence', due: T + min(9) });
    expect(c.ticket(1)).toMatchObject({ state: 'waiting', service: 'licence', number: 'A001', transfers: 1, window: null, callableAt: T + min(4) });
    expect(c.windows()[0]!.ticket).toBeNull();
    ok(c, { type: 'openWindow', now: T + min(5), window: 3 });
    expect(ok(c, { type: 'callNext', now: T + min(5), window: 3 })).toMatchObject({ ticket: 1, number: 'A001', service: 'licence' });
    expect(c.board()[0]).toMatchObject({ ticket: 1, number: 'A001', service: 'licence', window: 3 });
  });

  it('never gives a transferred ticket the number of another ticket of its new service', () => {
    const c = called();
    ok(c, { type: 'issueWalkIn', now: T + min(3), service: 'licence', citizen: 'l' });
    ok(c, { type: 'transfer', now: T + min(4), window: 1, service: 'licence' });
    expect(c.tickets().map((t) => t.number)).toEqual(['A001', 'A002', 'C001']);
    // Numbering goes on per prefix: the next licence ticket is C002, the next id-card one A003.
    expect(ok(c, { type: 'issueWalkIn', now: T + min(5), service: 'licence', citizen: 'm' }).number).toBe('C002');
    expect(ok(c, { type: 'issueWalkIn', now: T + min(5), service: 'id-card', citizen: 'n' }).number).toBe('A003');
    expect(c.windows()[0]!.ticketNumber).toBeNull();
    ok(c, { type: 'openWindow', now: T + min(5), window: 3 });
    ok(c, { type: 'callNext', now: T + min(5), window: 3 });
    expect(c.windows()[2]!.ticketNumber).toBe('A001');
  });

  it('transfers a waiting ticket (ticket form) with due = min(d, t + 5 min)', () => {
    const c = called();
    expect(ok(c, { type: 'transfer', now: T + min(40), ticket: 2, service: 'account' }).due).toBe(T + min(31));
    expect(c.ticket(2)).toMatchObject({ service: 'account', transfers: 1 });
    expect(c.load().services.find((s) => s.service === 'account')!.waiting).toBe(1);
  });

  it('refuses malformed, unknown, same-service, windowless and wrong-state transfers', () => {
    const input = smallCentre();
    const c = new Centre({ ...input, services: [...input.services, { id: 'orphan', agency: 'bank', prefix: 'Z', meanHandleMin: 5 }] });
    ok(c, { type: 'openWindow', now: T, window: 1 });
    ok(c, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'a' });
    ok(c, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'b' });
    ok(c, { type: 'callNext', now: T, window: 1 });
    expectRefused(c, { type: 'transfer', now: T, service: 'licence' }, 'QC_ERR_BAD_COMMAND');
    expectRefused(c, { type: 'transfer', now: T, ticket: 2, service: 'nope' }, 'QC_ERR_UNKNOWN_SERVICE');
    expectRefused(c, { type: 'transfer', now: T, window: 77, service: 'licence' }, 'QC_ERR_UNKNOWN_WINDOW');
    expectRefused(c, { type: 'transfer', now: T, window: 2, service: 'licence' }, 'QC_ERR_WINDOW_IDLE');
    expectRefused(c, { type: 'transfer', now: T, window: 1, ticket: 2, service: 'licence' }, 'QC_ERR_TICKET_STATE');
    expectRefused(c, { type: 'transfer', now: T, ticket: 1, service: 'licence' }, 'QC_ERR_TICKET_HELD_ELSEWHERE');
    expectRefused(c, { type: 'transfer', now: T, ticket: 5, service: 'licence' }, 'QC_ERR_UNKNOWN_TICKET');
    expectRefused(c, { type: 'transfer', now: T, window: 1, service: 'id-card' }, 'QC_ERR_SAME_SERVICE');
    expectRefused(c, { type: 'transfer', now: T, ticket: 2, service: 'id-card' }, 'QC_ERR_SAME_SERVICE');
    expectRefused(c, { type: 'transfer', now: T, ticket: 2, service: 'orphan' }, 'QC_ERR_NO_WINDOW_FOR_SERVICE');
    ok(c, { type: 'park', now: T, ticket: 2 });
    expectRefused(c, { type: 'transfer', now: T, ticket: 2, service: 'licence' }, 'QC_ERR_TICKET_STATE');
  });

  it('a window closing after its ticket closes when the ticket is transferred or parked away', () => {
    const c = called();
    ok(c, { type: 'closeWindow', now: T + min(3), window: 1 });
    ok(c, { type: 'transfer', now: T + min(4), window: 1, service: 'account' });
    expect(c.windows()[0]).toMatchObject({ status: 'closed', after: null, ticket: null });
  });
});

describe('a side trip of an early check-in (callable from σ − E_call)', () => {
  const SLOT = at(MON, '11:00');
  /** Window 1 open; a booking for Monday 11:00 checked in at 10:30: callable from 10:55. */
  function early(): Recorded {
    const c = new Recorded(smallCentre());
    ok(c, { type: 'book', now: at(SUN, '12:00'), citizen: 'b', service: 'id-card', slot: SLOT });
    ok(c, { type: 'openWindow', now: at(MON, '10:00'), window: 1 });
    expect(ok(c, { type: 'checkIn', now: at(MON, '10:30'), ticket: 1 }).callableAt).toBe(at(MON, '10:55'));
    return c;
  }

  /** Not called before 10:55, live, replayed and restored alike (the pending list, not its queue); called from 10:55. */
  function heldUntilCallable(c: Recorded, service: string): void {
    const replayed = c.replayed();
    const restored = Centre.restore(smallCentre(), structuredClone(c.centre.snapshot()));
    const dump = JSON.stringify(c.centre.dump());
    expect(JSON.stringify(replayed.dump())).toBe(dump);
    expect(JSON.stringify(restored.dump())).toBe(dump);
    for (const centre of [c.centre, replayed, restored]) {
      expect(ok(centre, { type: 'callNext', now: at(MON, '10:33'), window: 1 }).ticket).toBeNull();
      expect(centre.ticket(1)).toMatchObject({ state: 'waiting', service, callableAt: at(MON, '10:55') });
      expect(centre.position(1, at(MON, '10:33'))!.callable).toBe(false);
      expect(centre.waitingIds(service, at(MON, '10:33'))).toEqual([1]);
      expect(ok(centre, { type: 'callNext', now: at(MON, '10:54'), window: 1 }).ticket).toBeNull();
      expect(ok(centre, { type: 'callNext', now: at(MON, '10:55'), window: 1 }).ticket).toBe(1);
    }
  }

  it('a park and resume before then does not make it callable at once', () => {
    const c = early();
    ok(c, { type: 'park', now: at(MON, '10:31'), ticket: 1 });
    // The due-date rule is unchanged: d = min(σ, t + T_return).
    expect(ok(c, { type: 'resume', now: at(MON, '10:32'), ticket: 1 }).due).toBe(at(MON, '10:37'));
    heldUntilCallable(c, 'id-card');
  });

  it('a transfer before then does not make it callable at once', () => {
    const c = early();
    expect(ok(c, { type: 'transfer', now: at(MON, '10:31'), ticket: 1, service: 'passport' }).due).toBe(at(MON, '10:36'));
    heldUntilCallable(c, 'passport');
  });

  it('a resume after then makes it callable at the resume, as before', () => {
    const c = early();
    ok(c, { type: 'park', now: at(MON, '10:31'), ticket: 1 });
    ok(c, { type: 'resume', now: at(MON, '10:58'), ticket: 1 });
    expect(c.centre.ticket(1)).toMatchObject({ state: 'waiting', callableAt: at(MON, '10:58'), due: SLOT });
    expect(c.centre.position(1, at(MON, '10:58'))!.callable).toBe(true);
    expect(ok(c, { type: 'callNext', now: at(MON, '10:58'), window: 1 }).ticket).toBe(1);
  });
});
