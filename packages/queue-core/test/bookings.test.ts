/** Online bookings: holdSlot, releaseHold, book (via a hold and directly), checkIn, and their refusals. */
import { describe, expect, it } from 'vitest';
import { Centre } from '../src/index.ts';
import type { CentreInput } from '../src/index.ts';
import { MON, Recorded, SUN, TUE, at, expectRefused, min, ok, smallCentre } from './fixtures.ts';

const NOW = at(SUN, '12:00');
const SLOT = at(MON, '10:30');

function centre(overrides: Partial<CentreInput> = {}): Centre {
  return new Centre(smallCentre(overrides));
}

function bookedCentre(): Centre {
  const c = centre();
  ok(c, { type: 'book', now: NOW, citizen: 'b', service: 'id-card', slot: SLOT });
  return c;
}

describe('holdSlot and book via the hold', () => {
  it('holds a slot for the hold TTL, then confirms it into a booking', () => {
    const c = centre();
    expect(ok(c, { type: 'holdSlot', now: NOW, service: 'id-card', slot: SLOT, citizen: 'b' })).toEqual({ hold: 1, expiresAt: NOW + min(10) });
    const out = c.execute({ type: 'book', now: NOW + min(2), citizen: 'b', hold: 1, class: 'priority', name: 'Elnur' });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.result).toEqual({ ticket: 1, slot: SLOT, service: 'id-card' });
    expect(out.events.map((e) => e.type)).toEqual(['hold.released', 'booking.made']);
    expect(out.events[0]).toMatchObject({ hold: 1, reason: 'booked' });
    expect(c.ticket(1)).toMatchObject({ kind: 'booking', channel: 'online', state: 'booked', number: '', slot: SLOT, due: SLOT, class: 'priority', name: 'Elnur' });
    expect(c.ticket(1)!.arrivedAt).toBeNull();
  });

  it('releases a hold on request, which frees its place', () => {
    const c = centre({ booking: { capacityPerSlot: 1 } });
    ok(c, { type: 'holdSlot', now: NOW, service: 'id-card', slot: SLOT, citizen: 'b' });
    expectRefused(c, { type: 'holdSlot', now: NOW, service: 'id-card', slot: SLOT, citizen: 'c' }, 'QC_ERR_SLOT_FULL');
    expect(ok(c, { type: 'releaseHold', now: NOW, hold: 1 })).toEqual({ hold: 1 });
    expect(ok(c, { type: 'holdSlot', now: NOW, service: 'id-card', slot: SLOT, citizen: 'c' }).hold).toBe(2);
  });

  it('refuses to release unknown or already released holds', () => {
    const c = centre();
    expectRefused(c, { type: 'releaseHold', now: NOW, hold: 1 }, 'QC_ERR_UNKNOWN_HOLD');
    ok(c, { type: 'holdSlot', now: NOW, service: 'id-card', slot: SLOT, citizen: 'b' });
    expectRefused(c, { type: 'releaseHold', now: NOW, hold: '1' }, 'QC_ERR_UNKNOWN_HOLD');
    ok(c, { type: 'releaseHold', now: NOW, hold: 1 });
    expectRefused(c, { type: 'releaseHold', now: NOW, hold: 1 }, 'QC_ERR_UNKNOWN_HOLD');
  });

  it('refuses to release an expired hold, before a tick releases it as after (the answer does not depend on the tick)', () => {
    const c = centre();
    ok(c, { type: 'holdSlot', now: NOW, service: 'id-card', slot: SLOT, citizen: 'b' });
    expect(ok(c, { type: 'releaseHold', now: NOW + min(10) - 1, hold: 1 })).toEqual({ hold: 1 });
    const d = centre();
    ok(d, { type: 'holdSlot', now: NOW, service: 'id-card', slot: SLOT, citizen: 'b' });
    // Expired at NOW + 10 min (as `book` and `tick` have it): refused, and the tick still releases it as expired.
    const refused = expectRefused(d, { type: 'releaseHold', now: NOW + min(10), hold: 1 }, 'QC_ERR_UNKNOWN_HOLD');
    expect(refused.details).toMatchObject({ hold: 1 });
    const tick = d.execute({ type: 'tick', now: NOW + min(10) });
    expect(tick.ok && tick.events).toEqual([{ type: 'hold.released', at: NOW + min(10), hold: 1, reason: 'expired' }]);
    expectRefused(d, { type: 'releaseHold', now: NOW + min(10), hold: 1 }, 'QC_ERR_UNKNOWN_HOLD');
  });

  it('refuses to confirm an unknown, expired or foreign hold', () => {
    const c = centre();
    expectRefused(c, { type: 'book', now: NOW, citizen: 'b', hold: 7 }, 'QC_ERR_UNKNOWN_HOLD');
    ok(c, { type: 'holdSlot', now: NOW, service: 'id-card', slot: SLOT, citizen: 'b' });
    expectRefused(c, { type: 'book', now: NOW, citizen: 'someone-else', hold: 1 }, 'QC_ERR_HOLD_MISMATCH');
    // Expired at NOW + 10 min even before a tick releases it.
    expectRefused(c, { type: 'book', now: NOW + min(10), citizen: 'b', hold: 1 }, 'QC_ERR_UNKNOWN_HOLD');
    ok(c, { type: 'tick', now: NOW + min(10) });
    expectRefused(c, { type: 'book', now: NOW + min(10), citizen: 'b', hold: 1 }, 'QC_ERR_UNKNOWN_HOLD');
  });

  it('refuses a confirmation that names another service, slot or stop than its hold (it was ignored), and accepts the same ones', () => {
    const c = centre();
    ok(c, { type: 'holdSlot', now: NOW, service: 'id-card', slot: SLOT, citizen: 'b' });
    const other = expectRefused(c, { type: 'book', now: NOW, citizen: 'b', hold: 1, service: 'passport', slot: SLOT }, 'QC_ERR_HOLD_MISMATCH');
    expect(other.details).toMatchObject({ hold: 1 });
    expect(other.message).toContain('is for service id-card, not passport');
    const later = expectRefused(c, { type: 'book', now: NOW, citizen: 'b', hold: 1, slot: SLOT + min(30) }, 'QC_ERR_HOLD_MISMATCH');
    expect(later.message).toContain('is for the slot at 2026-');
    expectRefused(c, { type: 'book', now: NOW, citizen: 'b', hold: 1, stop: 'somewhere' }, 'QC_ERR_HOLD_MISMATCH');
    expect(ok(c, { type: 'book', now: NOW, citizen: 'b', hold: 1, service: 'id-card', slot: SLOT })).toEqual({ ticket: 1, slot: SLOT, service: 'id-card' });
  });

  it('re-checks the horizon when a hold is confirmed on a later day', () => {
    const c = centre();
    ok(c, { type: 'holdSlot', now: at(SUN, '23:55'), service: 'id-card', slot: at(MON, '10:00'), citizen: 'b' });
    expectRefused(c, { type: 'book', now: at(MON, '00:01'), citizen: 'b', hold: 1 }, 'QC_ERR_OUTSIDE_HORIZON');
  });

  it('refuses holds with the same slot and limit checks as direct bookings', () => {
    const c = centre();
    expectRefused(c, { type: 'holdSlot', now: NOW, service: 'nope', slot: SLOT, citizen: 'b' }, 'QC_ERR_UNKNOWN_SERVICE');
    expectRefused(c, { type: 'holdSlot', now: NOW, service: 'id-card', slot: SLOT, citizen: '' }, 'QC_ERR_BAD_COMMAND');
    expectRefused(c, { type: 'holdSlot', now: NOW, service: 'licence', slot: SLOT, citizen: 'b' }, 'QC_ERR_NOT_BOOKABLE');
    expectRefused(c, { type: 'holdSlot', now: NOW, service: 'id-card', slot: at(SUN, '15:00'), citizen: 'b' }, 'QC_ERR_OUTSIDE_HORIZON');
    expectRefused(c, { type: 'holdSlot', now: NOW, service: 'id-card', slot: at(MON, '10:05'), citizen: 'b' }, 'QC_ERR_BAD_SLOT');
  });
});

describe('book directly', () => {
  it('books a slot with the default class and keeps the slot and citizen counts', () => {
    const c = bookedCentre();
    expect(c.ticket(1)).toMatchObject({ state: 'booked', class: 'general', slot: SLOT, madeAt: NOW, citizen: 'b' });
    const d = c.dump() as { slotUse: [string, number][]; citizenActive: [string, number[]][] };
    expect(d.slotUse).toEqual([['0|' + SLOT, 1]]);
    expect(d.citizenActive).toEqual([['b', [1]]]);
  });

  it('accepts the whole horizon: tomorrow up to 7 days ahead, first and last slot of the day', () => {
    const c = centre();
    ok(c, { type: 'book', now: NOW, citizen: 'a', service: 'id-card', slot: at(MON, '10:00') });
    ok(c, { type: 'book', now: NOW, citizen: 'b', service: 'id-card', slot: at(MON, '19:45') });
    ok(c, { type: 'book', now: NOW, citizen: 'c', service: 'id-card', slot: at('2026-11-29', '16:45') });
  });

  it('refuses malformed bookings', () => {
    const c = centre();
    const base = { type: 'book', now: NOW, citizen: 'b', service: 'id-card', slot: SLOT };
    expectRefused(c, { ...base, citizen: undefined }, 'QC_ERR_BAD_COMMAND');
    expectRefused(c, { ...base, class: 'vip' }, 'QC_ERR_UNKNOWN_CLASS');
    expectRefused(c, { ...base, name: '' }, 'QC_ERR_BAD_COMMAND');
    expectRefused(c, { ...base, service: 'nope' }, 'QC_ERR_UNKNOWN_SERVICE');
    expectRefused(c, { ...base, slot: undefined }, 'QC_ERR_BAD_COMMAND');
    expectRefused(c, { ...base, slot: '2026-11-23T10:30' }, 'QC_ERR_BAD_COMMAND');
    expectRefused(c, { ...base, slot: Number.NaN }, 'QC_ERR_BAD_COMMAND');
    expectRefused(c, { ...base, stop: 'bus-stop' }, 'QC_ERR_BAD_COMMAND');
    // finite but beyond a Date: formatting the refusal's slot threw a RangeError
    for (const slot of [1e17, -1e17, 8.64e15]) {
      expectRefused(c, { ...base, slot }, 'QC_ERR_BAD_COMMAND');
      expectRefused(c, { ...base, type: 'holdSlot', slot }, 'QC_ERR_BAD_COMMAND');
    }
  });

  it('refuses services that cannot be booked online', () => {
    expectRefused(centre(), { type: 'book', now: NOW, citizen: 'b', service: 'licence', slot: SLOT }, 'QC_ERR_NOT_BOOKABLE');
  });

  it('refuses a service no window of the centre serves, as issueWalkIn and transfer do (the citizen would wait for nobody)', () => {
    const input = smallCentre();
    const c = new Centre({ ...input, services: [...input.services, { id: 'orphan', agency: 'bank', prefix: 'Z', meanHandleMin: 5 }] });
    const hold = expectRefused(c, { type: 'holdSlot', now: NOW, service: 'orphan', slot: SLOT, citizen: 'b' }, 'QC_ERR_NO_WINDOW_FOR_SERVICE');
    expect(hold.details).toEqual({ service: 'orphan' });
    expectRefused(c, { type: 'book', now: NOW, citizen: 'b', service: 'orphan', slot: SLOT }, 'QC_ERR_NO_WINDOW_FOR_SERVICE');
    expectRefused(c, { type: 'issueWalkIn', now: at(MON, '10:00'), service: 'orphan', citizen: 'w' }, 'QC_ERR_NO_WINDOW_FOR_SERVICE');
    ok(c, { type: 'book', now: NOW, citizen: 'b', service: 'id-card', slot: SLOT });
  });

  it('refuses slots outside the horizon: today, 8 days ahead, in the past', () => {
    const c = centre();
    const base = { type: 'book', now: NOW, citizen: 'b', service: 'id-card' };
    const today = expectRefused(c, { ...base, slot: at(SUN, '15:00') }, 'QC_ERR_OUTSIDE_HORIZON');
    expect(today.details).toMatchObject({ first: MON, last: '2026-11-29' });
    expectRefused(c, { ...base, slot: at('2026-11-30', '10:00') }, 'QC_ERR_OUTSIDE_HORIZON');
    expectRefused(c, { ...base, slot: at('2026-11-20', '10:00') }, 'QC_ERR_OUTSIDE_HORIZON');
  });

  it('refuses bad slots: not aligned, outside hours, running past closing, on a closed day', () => {
    const c = centre({ openingHours: { tue: null } });
    const base = { type: 'book', now: NOW, citizen: 'b', service: 'id-card' };
    const aligned = expectRefused(c, { ...base, slot: at(MON, '10:05') }, 'QC_ERR_BAD_SLOT');
    expect(aligned.details['reason']).toMatch(/every 15 min/);
    expectRefused(c, { ...base, slot: at(MON, '10:30') + 1 }, 'QC_ERR_BAD_SLOT');
    expect(expectRefused(c, { ...base, slot: at(MON, '09:45') }, 'QC_ERR_BAD_SLOT').details['reason']).toBe('outside opening hours');
    expectRefused(c, { ...base, slot: at(MON, '20:00') }, 'QC_ERR_BAD_SLOT');
    const late = centre({ services: [{ id: 'id-card', agency: 'mia', prefix: 'A', meanHandleMin: 8, slotMin: 40 }], windows: [{ number: 1, floor: 1, agency: 'mia', services: ['id-card'] }] });
    // 40-minute slots: 19:20 ends exactly at closing; Saturday 16:40 would run past 17:00.
    ok(late, { ...base, type: 'book', slot: at(MON, '19:20') });
    expectRefused(late, { ...base, slot: at('2026-11-28', '16:40') }, 'QC_ERR_BAD_SLOT'); // Saturday closes 17:00
    const closed = expectRefused(c, { ...base, slot: at(TUE, '10:00') }, 'QC_ERR_BAD_SLOT');
    expect(closed.details['reason']).toBe('the centre is closed that day');
  });

  it('allows same-day booking when configured, but never of a slot that has begun', () => {
    const c = centre({ booking: { minDaysAhead: 0 } });
    const base = { type: 'book', now: at(MON, '15:00'), citizen: 'b', service: 'id-card' };
    const e = expectRefused(c, { ...base, slot: at(MON, '10:00') }, 'QC_ERR_BAD_SLOT');
    expect(e.details['reason']).toBe('it has already begun');
    expectRefused(c, { ...base, slot: at(MON, '14:45') }, 'QC_ERR_BAD_SLOT');
    expectRefused(c, { type: 'holdSlot', now: at(MON, '15:00'), citizen: 'b', service: 'id-card', slot: at(MON, '14:45') }, 'QC_ERR_BAD_SLOT');
    ok(c, { ...base, type: 'book', slot: at(MON, '15:00') });
    // A hold taken before its slot cannot be confirmed once the slot has begun.
    ok(c, { type: 'holdSlot', now: at(MON, '15:10'), citizen: 'h', service: 'id-card', slot: at(MON, '15:15') });
    expectRefused(c, { type: 'book', now: at(MON, '15:16'), citizen: 'h', hold: 1 }, 'QC_ERR_BAD_SLOT');
  });

  it('refuses a full slot; holds count, expired holds do not', () => {
    const c = centre();
    const base = { type: 'book', now: NOW, service: 'id-card', slot: SLOT };
    ok(c, { ...base, type: 'book', citizen: 'a' });
    ok(c, { type: 'holdSlot', now: NOW, service: 'id-card', slot: SLOT, citizen: 'h' });
    const e = expectRefused(c, { ...base, citizen: 'c' }, 'QC_ERR_SLOT_FULL');
    expect(e.details['capacity']).toBe(2);
    // Another service's slot at the same time is separate.
    ok(c, { type: 'book', now: NOW, service: 'passport', slot: SLOT, citizen: 'c' });
    // The hold expires at NOW + 10 min: its place is free again even before a tick.
    ok(c, { ...base, type: 'book', now: NOW + min(10), citizen: 'd' });
    expectRefused(c, { ...base, now: NOW + min(10), citizen: 'e' }, 'QC_ERR_SLOT_FULL');
  });

  it('cancelling a booking frees its place and the citizen limit', () => {
    const c = centre({ booking: { capacityPerSlot: 1, maxActivePerCitizen: 1 } });
    ok(c, { type: 'book', now: NOW, service: 'id-card', slot: SLOT, citizen: 'a' });
    expectRefused(c, { type: 'book', now: NOW, service: 'id-card', slot: SLOT, citizen: 'b' }, 'QC_ERR_SLOT_FULL');
    expectRefused(c, { type: 'book', now: NOW, service: 'passport', slot: SLOT, citizen: 'a' }, 'QC_ERR_BOOKING_LIMIT');
    ok(c, { type: 'cancel', now: NOW, ticket: 1 });
    expect(c.ticket(1)).toMatchObject({ state: 'cancelled' });
    ok(c, { type: 'book', now: NOW, service: 'id-card', slot: SLOT, citizen: 'b' });
    ok(c, { type: 'book', now: NOW, service: 'passport', slot: SLOT, citizen: 'a' });
    // Cancelling a booking is not a cancellation in today's statistics: nobody was in the queue.
    expect(c.dayStats().total.cancelled).toBe(0);
  });

  it('refuses to cancel a booking past slot + expireAfter alike before and after the tick that expires it', () => {
    const before = bookedCentre();
    // Just before expiry a booking can still be cancelled.
    ok(bookedCentre(), { type: 'cancel', now: SLOT + min(60) - 1, ticket: 1 });
    const refusedBefore = expectRefused(before, { type: 'cancel', now: SLOT + min(60), ticket: 1 }, 'QC_ERR_TICKET_STATE');
    const after = bookedCentre();
    ok(after, { type: 'tick', now: SLOT + min(60) });
    expect(after.ticket(1)!.state).toBe('expired');
    const refusedAfter = expectRefused(after, { type: 'cancel', now: SLOT + min(60), ticket: 1 }, 'QC_ERR_TICKET_STATE');
    expect(refusedBefore.details).toEqual(refusedAfter.details);
    expect(refusedBefore.details).toMatchObject({ ticket: 1, state: 'expired', action: 'cancel' });
    // The tick still expires it (not cancelled: an expired booking is a no-show of the booking, not a cancellation).
    ok(before, { type: 'tick', now: SLOT + min(60) });
    expect(before.ticket(1)!.state).toBe('expired');
  });

  it('limits active bookings and holds per citizen', () => {
    const c = centre();
    ok(c, { type: 'book', now: NOW, citizen: 'b', service: 'id-card', slot: at(MON, '10:00') });
    ok(c, { type: 'book', now: NOW, citizen: 'b', service: 'id-card', slot: at(TUE, '10:00') });
    ok(c, { type: 'holdSlot', now: NOW, citizen: 'b', service: 'passport', slot: at(TUE, '11:00') });
    const e = expectRefused(c, { type: 'book', now: NOW, citizen: 'b', service: 'account', slot: at(MON, '12:00') }, 'QC_ERR_BOOKING_LIMIT');
    expect(e.details['reason']).toMatch(/at most 3 active/);
    expectRefused(c, { type: 'holdSlot', now: NOW, citizen: 'b', service: 'account', slot: at(MON, '12:00') }, 'QC_ERR_BOOKING_LIMIT');
    // The expired hold no longer counts.
    ok(c, { type: 'book', now: NOW + min(10), citizen: 'b', service: 'account', slot: at(MON, '12:00') });
  });

  it('an expired booking no longer counts against the citizen limits, before a tick expires it as after', () => {
    const limits = { booking: { maxActivePerCitizen: 2, minDaysAhead: 0 } };
    const run = (tickFirst: boolean): Centre => {
      const c = centre(limits);
      ok(c, { type: 'book', now: NOW, citizen: 'b', service: 'id-card', slot: at(MON, '10:00') });
      ok(c, { type: 'book', now: NOW, citizen: 'b', service: 'passport', slot: at(MON, '10:00') });
      // Both expire at 11:00 (slot + expireAfter 60 min): checkIn refuses them from that instant.
      expectRefused(c, { type: 'checkIn', now: at(MON, '11:00'), ticket: 1 }, 'QC_ERR_BOOKING_EXPIRED');
      const more = { type: 'book', now: at(MON, '11:00') - 1, citizen: 'b', service: 'id-card', slot: at(TUE, '10:00') } as const;
      expect(expectRefused(c, more, 'QC_ERR_BOOKING_LIMIT').details['reason']).toMatch(/at most 2 active/);
      if (tickFirst) expect(ok(c, { type: 'tick', now: at(MON, '11:00') }).transitions).toBe(3); // Sunday's end, and the two expiries
      ok(c, { ...more, now: at(MON, '11:00') });
      // The same service on the same day (a same-day booking): the expired one does not count either.
      ok(c, { type: 'book', now: at(MON, '11:00'), citizen: 'b', service: 'passport', slot: at(MON, '12:00') });
      return c;
    };
    const ticked = run(true);
    const unticked = run(false);
    ok(unticked, { type: 'tick', now: at(MON, '11:00') });
    // The same bookings, limits and slot use either way (only the order of the events differs).
    const part = (c: Centre) => {
      const d = c.dump() as { tickets: unknown; citizenActive: unknown; slotUse: unknown };
      return { tickets: d.tickets, citizenActive: d.citizenActive, slotUse: d.slotUse };
    };
    expect(part(unticked)).toEqual(part(ticked));
  });

  it('limits bookings per citizen, service and day', () => {
    const c = centre();
    ok(c, { type: 'book', now: NOW, citizen: 'b', service: 'id-card', slot: at(MON, '10:00') });
    const e = expectRefused(c, { type: 'book', now: NOW, citizen: 'b', service: 'id-card', slot: at(MON, '15:00') }, 'QC_ERR_BOOKING_LIMIT');
    expect(e.details['reason']).toMatch(/per citizen, service and day/);
    expectRefused(c, { type: 'holdSlot', now: NOW, citizen: 'b', service: 'id-card', slot: at(MON, '15:00') }, 'QC_ERR_BOOKING_LIMIT');
    ok(c, { type: 'holdSlot', now: NOW, citizen: 'b', service: 'passport', slot: at(MON, '15:00') });
    // A live hold of the same service and day counts too.
    expectRefused(c, { type: 'book', now: NOW, citizen: 'b', service: 'passport', slot: at(MON, '16:00') }, 'QC_ERR_BOOKING_LIMIT');
    ok(c, { type: 'book', now: NOW, citizen: 'b', service: 'id-card', slot: at(TUE, '15:00') });
  });
});

describe('checkIn', () => {
  it('checks in early: numbered now, callable from slot − 5 min, due at the slot', () => {
    const c = bookedCentre();
    ok(c, { type: 'issueWalkIn', now: at(MON, '10:00'), service: 'id-card', citizen: 'w' });
    const r = ok(c, { type: 'checkIn', now: SLOT - min(30), ticket: 1 });
    expect(r).toMatchObject({ ticket: 1, number: 'A002', late: false, callableAt: SLOT - min(5), peopleAhead: 1 });
    expect(c.ticket(1)).toMatchObject({ state: 'waiting', due: SLOT, callableAt: SLOT - min(5), arrivedAt: SLOT - min(30), late: false });
    expect(c.position(1, SLOT - min(30))).toMatchObject({ callable: false });
    expect(c.position(1, SLOT - min(5))).toMatchObject({ callable: true });
  });

  it('checks in on time up to slot + 10 min: callable at once, still due at the slot', () => {
    const c = bookedCentre();
    const r = ok(c, { type: 'checkIn', now: SLOT + min(10), ticket: 1 });
    expect(r).toMatchObject({ late: false, callableAt: SLOT + min(10) });
    expect(c.ticket(1)!.due).toBe(SLOT);
  });

  it('turns a late check-in into a walk-in due check-in + class target', () => {
    const c = bookedCentre();
    const t = SLOT + min(10) + 1;
    const r = ok(c, { type: 'checkIn', now: t, ticket: 1 });
    expect(r).toMatchObject({ late: true, callableAt: t });
    expect(c.ticket(1)).toMatchObject({ late: true, due: t + min(30), kind: 'booking' });
    // Still accepted just before slot + 60 min; at slot + 60 min it has expired (as a tick at that
    // instant expires it), with or without a tick first.
    const c2 = bookedCentre();
    expect(ok(c2, { type: 'checkIn', now: SLOT + min(60) - 1, ticket: 1 }).late).toBe(true);
    expectRefused(bookedCentre(), { type: 'checkIn', now: SLOT + min(60), ticket: 1 }, 'QC_ERR_BOOKING_EXPIRED');
    const c3 = bookedCentre();
    ok(c3, { type: 'tick', now: SLOT + min(60) });
    expect(c3.ticket(1)!.state).toBe('expired');
    expectRefused(c3, { type: 'checkIn', now: SLOT + min(60), ticket: 1 }, 'QC_ERR_BOOKING_EXPIRED');
  });

  it('refuses a late check-in after closing time, as it refuses a walk-in then', () => {
    const c = centre();
    const slot = at(MON, '19:45'); // Monday 10:00–20:00
    ok(c, { type: 'book', now: NOW, citizen: 'b', service: 'id-card', slot });
    // On time at 19:55 would be fine; late at 20:05 (a walk-in now) the centre is closed.
    const e = expectRefused(c, { type: 'checkIn', now: at(MON, '20:05'), ticket: 1 }, 'QC_ERR_CENTRE_CLOSED');
    expect(e.details).toMatchObject({ local: '2026-11-23 20:05' });
    const c2 = centre();
    ok(c2, { type: 'book', now: NOW, citizen: 'b', service: 'id-card', slot: at(MON, '19:30') });
    expect(ok(c2, { type: 'checkIn', now: at(MON, '19:59'), ticket: 1 }).late).toBe(true); // late, still open
  });

  it("forgets a past day's slot use as the next day starts (a long-running centre does not keep its history)", () => {
    const r = new Recorded(smallCentre());
    ok(r, { type: 'book', now: NOW, citizen: 'b', service: 'id-card', slot: SLOT }); // Monday 10:30
    ok(r, { type: 'book', now: NOW, citizen: 'q', service: 'id-card', slot: at(TUE, '11:00') });
    const slotUse = (c: Centre) => (c.dump() as { slotUse: [string, number][] }).slotUse;
    expect(slotUse(r.centre).map(([, n]) => n)).toEqual([1, 1]);
    ok(r, { type: 'tick', now: at(MON, '12:00') }); // Monday: both still kept
    expect(slotUse(r.centre)).toHaveLength(2);
    ok(r, { type: 'tick', now: at(TUE, '00:05') }); // Tuesday: Monday's slot is past
    expect(slotUse(r.centre)).toEqual([[`0|${at(TUE, '11:00')}`, 1]]);
    // The log decides it: a replay and a restored snapshot forget the same slots.
    expect(r.replayed().dump()).toEqual(r.centre.dump());
    expect(Centre.restore(r.input, structuredClone(r.centre.snapshot())).dump()).toEqual(r.centre.dump());
  });

  it('refuses a check-in before slot − 30 min', () => {
    const c = bookedCentre();
    const e = expectRefused(c, { type: 'checkIn', now: SLOT - min(30) - 1, ticket: 1 }, 'QC_ERR_CHECKIN_TOO_EARLY');
    expect(e.details).toEqual({ opensAt: '2026-11-23 10:00', slot: '2026-11-23 10:30' });
  });

  it('refuses an expired booking, before and after tick expires it', () => {
    const c = bookedCentre();
    const e = expectRefused(c, { type: 'checkIn', now: SLOT + min(60) + 1, ticket: 1 }, 'QC_ERR_BOOKING_EXPIRED');
    expect(e.details['expiredAt']).toBe('2026-11-23 11:30');
    ok(c, { type: 'tick', now: at(MON, '00:00') }); // ends Sunday
    expect(ok(c, { type: 'tick', now: SLOT + min(60) - 1 })).toEqual({ transitions: 0 });
    expect(ok(c, { type: 'tick', now: SLOT + min(60) })).toEqual({ transitions: 1 });
    expect(c.ticket(1)).toMatchObject({ state: 'expired', endedAt: SLOT + min(60) });
    expectRefused(c, { type: 'checkIn', now: SLOT + min(61), ticket: 1 }, 'QC_ERR_BOOKING_EXPIRED');
  });

  it('refuses unknown tickets, walk-ins, and bookings already checked in or cancelled', () => {
    const c = bookedCentre();
    ok(c, { type: 'book', now: NOW, citizen: 'z', service: 'passport', slot: SLOT });
    expectRefused(c, { type: 'checkIn', now: SLOT, ticket: 9 }, 'QC_ERR_UNKNOWN_TICKET');
    ok(c, { type: 'issueWalkIn', now: SLOT - min(20), service: 'id-card', citizen: 'w' });
    expectRefused(c, { type: 'checkIn', now: SLOT, ticket: 3 }, 'QC_ERR_TICKET_STATE');
    ok(c, { type: 'checkIn', now: SLOT, ticket: 1 });
    expectRefused(c, { type: 'checkIn', now: SLOT, ticket: 1 }, 'QC_ERR_TICKET_STATE');
    ok(c, { type: 'cancel', now: SLOT, ticket: 2 });
    expectRefused(c, { type: 'checkIn', now: SLOT, ticket: 2 }, 'QC_ERR_TICKET_STATE');
  });
});

describe('tick for bookings', () => {
  it('releases holds at their expiry and expires bookings at slot + 60 min, in slot order', () => {
    const c = centre();
    ok(c, { type: 'book', now: NOW, citizen: 'a', service: 'id-card', slot: at(MON, '11:00') });
    ok(c, { type: 'book', now: NOW, citizen: 'b', service: 'id-card', slot: at(MON, '10:00') });
    ok(c, { type: 'holdSlot', now: NOW, citizen: 'c', service: 'id-card', slot: at(MON, '12:00') });
    expect(ok(c, { type: 'tick', now: NOW + min(10) - 1 })).toEqual({ transitions: 0 });
    const out = c.execute({ type: 'tick', now: NOW + min(10) });
    expect(out.ok && out.events).toEqual([{ type: 'hold.released', at: NOW + min(10), hold: 1, reason: 'expired' }]);
    const later = c.execute({ type: 'tick', now: at(MON, '12:00') });
    // The same tick also ends Sunday, the last day the centre saw.
    expect(later.ok && later.events.map((e) => [e.type, 'id' in e ? e.id : 'date' in e ? e.date : null])).toEqual([
      ['booking.expired', 2],
      ['booking.expired', 1],
      ['day.ended', SUN],
    ]);
  });
});
