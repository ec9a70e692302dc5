/** issueWalkIn and cancel: the normal paths and every refusal. */
import { describe, expect, it } from 'vitest';
import { Centre } from '../src/index.ts';
import { ticketNumber } from '../src/tickets.ts';
import { MON, SAT, SUN, at, expectRefused, min, ok, smallCentre } from './fixtures.ts';

const T = at(MON, '10:30');

function centre(): Centre {
  return new Centre(smallCentre());
}

describe('issueWalkIn', () => {
  it('issues a numbered ticket with a due date of arrival + class target and a slip', () => {
    const c = centre();
    ok(c, { type: 'openWindow', now: T, window: 1 });
    const slip = ok(c, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'h:1', name: 'Aysel' });
    expect(slip).toMatchObject({ ticket: 1, number: 'A001', service: 'id-card', peopleAhead: 0 });
    expect(slip.windows).toEqual([
      { number: 1, floor: 1 },
      { number: 2, floor: 1 },
    ]);
    expect(slip.eta).toEqual({ p50Ms: 0, p90Ms: 0, p50At: T, p90At: T });
    const view = c.ticket(1)!;
    expect(view).toMatchObject({ state: 'waiting', kind: 'walkin', channel: 'desk', class: 'general', citizen: 'h:1', name: 'Aysel' });
    expect(view.due).toBe(T + min(30));
    expect(view.callableAt).toBe(T);

    const p = ok(c, { type: 'issueWalkIn', now: T + min(1), service: 'passport', class: 'priority', citizen: 'h:2', channel: 'terminal' });
    expect(p.number).toBe('B001');
    expect(c.ticket(p.ticket)).toMatchObject({ class: 'priority', channel: 'terminal', due: T + min(11) });
    const a2 = ok(c, { type: 'issueWalkIn', now: T + min(2), service: 'id-card', citizen: 'h:3', channel: 'callCentre' });
    expect(a2.number).toBe('A002');
    expect(a2.peopleAhead).toBe(1);
  });

  it('has no ETA while no window serving the service is open', () => {
    const c = centre();
    const slip = ok(c, { type: 'issueWalkIn', now: T, service: 'account', citizen: 'x' });
    expect(slip.eta).toBeNull();
  });

  it('floors the smoothed handle time at one second (services completed the instant they start)', () => {
    const c = new Centre({ ...smallCentre(), etaSmoothing: 1 });
    ok(c, { type: 'openWindow', now: T, window: 2 });
    for (let i = 0; i < 3; i++) {
      ok(c, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: `z:${i}` });
      ok(c, { type: 'callNext', now: T, window: 2 });
      ok(c, { type: 'start', now: T, window: 2 });
      ok(c, { type: 'complete', now: T, window: 2 });
    }
    ok(c, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'a' });
    ok(c, { type: 'callNext', now: T, window: 2 });
    // One person ahead at one open, busy window: n = 2 completions of the floored 1,000 ms.
    const slip = ok(c, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'b' });
    expect(slip.peopleAhead).toBe(0);
    expect(slip.eta!.p50Ms).toBeGreaterThan(0);
    expect(slip.eta!.p50Ms).toBeLessThan(1000);
    const after = ok(c, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'c' });
    expect(after.peopleAhead).toBe(1);
    expect(after.eta!.p50Ms).toBeGreaterThanOrEqual(1000);
    expect(after.eta!.p50Ms).toBeLessThan(3000);
  });

  it('restarts display numbers each local day', () => {
    const c = centre();
    ok(c, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'x' });
    const next = ok(c, { type: 'issueWalkIn', now: at('2026-11-24', '10:00'), service: 'id-card', citizen: 'y' });
    expect(next).toMatchObject({ ticket: 2, number: 'A001' });
  });

  it('is open exactly in opening hours: [open, close)', () => {
    const c = centre();
    expect(ok(c, { type: 'issueWalkIn', now: at(MON, '10:00'), service: 'id-card', citizen: 'x' }).ticket).toBe(1);
    expect(ok(c, { type: 'issueWalkIn', now: at(MON, '19:59'), service: 'id-card', citizen: 'x' }).ticket).toBe(2);
  });

  it('refuses unknown services and classes', () => {
    const c = centre();
    expectRefused(c, { type: 'issueWalkIn', now: T, service: 'nope', citizen: 'x' }, 'QC_ERR_UNKNOWN_SERVICE');
    expectRefused(c, { type: 'issueWalkIn', now: T, service: 'id-card', class: 'vip', citizen: 'x' }, 'QC_ERR_UNKNOWN_CLASS');
  });

  it('refuses a missing service as unknown, also as the first lookup of a new centre', () => {
    // The service index memoises its last key; before its first lookup that memo must not answer `undefined`.
    const sunday = at(SUN, '12:00'); // to book Monday
    for (const cmd of [
      { type: 'issueWalkIn', now: T, citizen: 'x' },
      { type: 'holdSlot', now: sunday, citizen: 'x', slot: at(MON, '10:30') },
      { type: 'book', now: sunday, citizen: 'x', slot: at(MON, '10:30') },
    ]) {
      expectRefused(centre(), cmd, 'QC_ERR_UNKNOWN_SERVICE');
      const used = centre();
      ok(used, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'y' });
      expectRefused(used, { ...cmd, now: T }, 'QC_ERR_UNKNOWN_SERVICE');
    }
  });

  it('refuses malformed citizens, channels and names', () => {
    const c = centre();
    const base = { type: 'issueWalkIn', now: T, service: 'id-card' };
    expectRefused(c, { ...base }, 'QC_ERR_BAD_COMMAND');
    expectRefused(c, { ...base, citizen: '' }, 'QC_ERR_BAD_COMMAND');
    expectRefused(c, { ...base, citizen: 42 }, 'QC_ERR_BAD_COMMAND');
    expectRefused(c, { ...base, citizen: 'x'.repeat(257) }, 'QC_ERR_BAD_COMMAND');
    expectRefused(c, { ...base, citizen: 'x', channel: 'online' }, 'QC_ERR_BAD_COMMAND');
    expectRefused(c, { ...base, citizen: 'x', channel: 'pigeon' }, 'QC_ERR_BAD_COMMAND');
    expectRefused(c, { ...base, citizen: 'x', name: '' }, 'QC_ERR_BAD_COMMAND');
    expectRefused(c, { ...base, citizen: 'x', name: 'n'.repeat(101) }, 'QC_ERR_BAD_COMMAND');
  });

  it('refuses when the centre is closed: before opening, at closing, on a closed day', () => {
    const c = new Centre(smallCentre({ openingHours: { sat: null } }));
    const base = { type: 'issueWalkIn', service: 'id-card', citizen: 'x' };
    const e = expectRefused(c, { ...base, now: at(MON, '09:59') }, 'QC_ERR_CENTRE_CLOSED');
    expect(e.details).toEqual({ local: '2026-11-23 09:59', hours: '10:00–20:00' });
    expectRefused(c, { ...base, now: at(MON, '20:00') }, 'QC_ERR_CENTRE_CLOSED');
    const sat = expectRefused(c, { ...base, now: at(SAT, '12:00') }, 'QC_ERR_CENTRE_CLOSED');
    expect(sat.details['hours']).toBe('closed that day');
  });

  it('refuses a service that no window serves', () => {
    const input = smallCentre();
    const c = new Centre({ ...input, services: [...input.services, { id: 'orphan', agency: 'mia', prefix: 'Z', meanHandleMin: 5 }] });
    expectRefused(c, { type: 'issueWalkIn', now: T, service: 'orphan', citizen: 'x' }, 'QC_ERR_NO_WINDOW_FOR_SERVICE');
  });
});

describe('cancel', () => {
  it('cancels a waiting ticket with a reason, or "citizen" by default', () => {
    const c = centre();
    ok(c, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'x' });
    ok(c, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'y' });
    expect(ok(c, { type: 'cancel', now: T + min(1), ticket: 1, reason: 'left' })).toEqual({ ticket: 1 });
    expect(ok(c, { type: 'cancel', now: T + min(1), ticket: 2 })).toEqual({ ticket: 2 });
    expect(c.ticket(1)).toMatchObject({ state: 'cancelled', reason: 'left', endedAt: T + min(1) });
    expect(c.ticket(2)).toMatchObject({ state: 'cancelled', reason: 'citizen' });
    expect(c.load().waiting).toBe(0);
    expect(c.dayStats().total.cancelled).toBe(2);
  });

  it('cancels a parked ticket', () => {
    const c = centre();
    ok(c, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'x' });
    ok(c, { type: 'park', now: T, ticket: 1 });
    ok(c, { type: 'cancel', now: T, ticket: 1 });
    expect(c.ticket(1)!.state).toBe('cancelled');
  });

  it('refuses unknown tickets, tickets at a window or finished, and bad reasons', () => {
    const c = centre();
    expectRefused(c, { type: 'cancel', now: T, ticket: 1 }, 'QC_ERR_UNKNOWN_TICKET');
    expectRefused(c, { type: 'cancel', now: T, ticket: 'one' }, 'QC_ERR_UNKNOWN_TICKET');
    ok(c, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'x' });
    expectRefused(c, { type: 'cancel', now: T, ticket: 1, reason: '' }, 'QC_ERR_BAD_COMMAND');
    expectRefused(c, { type: 'cancel', now: T, ticket: 1, reason: 'r'.repeat(65) }, 'QC_ERR_BAD_COMMAND');
    ok(c, { type: 'openWindow', now: T, window: 2 });
    ok(c, { type: 'callNext', now: T, window: 2 });
    expectRefused(c, { type: 'cancel', now: T, ticket: 1 }, 'QC_ERR_TICKET_STATE');
    ok(c, { type: 'start', now: T, window: 2 });
    expectRefused(c, { type: 'cancel', now: T, ticket: 1 }, 'QC_ERR_TICKET_STATE');
    ok(c, { type: 'complete', now: T, window: 2 });
    const e = expectRefused(c, { type: 'cancel', now: T, ticket: 1 }, 'QC_ERR_TICKET_STATE');
    expect(e.details['state']).toBe('done');
  });
});

describe('ticketNumber', () => {
  it('prints the prefix and the daily sequence with at least three digits', () => {
    expect([1, 7, 10, 99, 100, 999, 1000, 12345].map((seq) => ticketNumber('A', seq))).toEqual(['A001', 'A007', 'A010', 'A099', 'A100', 'A999', 'A1000', 'A12345']);
    expect(ticketNumber('KB', 42)).toBe('KB042');
    // every way it is built (tables below 1,000 and below 1,000,000, String above) agrees with plain formatting
    for (const seq of [1001, 1010, 1099, 2000, 9999, 10_000, 100_007, 999_999, 1_000_000, 1_234_567]) expect(ticketNumber('A', seq)).toBe(`A${seq}`);
  });
});
