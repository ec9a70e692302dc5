/** A mobile centre (a bus): open only at the stops of its timetable; bookings name their stop. */
import { describe, expect, it } from 'vitest';
import { Centre } from '../src/index.ts';
import { MON, SUN, TUE, WED, at, expectRefused, ok, smallCentre } from './fixtures.ts';

function bus(): Centre {
  return new Centre(
    smallCentre({
      id: 'bus-1',
      kind: 'mobile',
      timetable: [
        { id: 'quba', date: MON, place: 'Quba, central square', open: '10:00', close: '16:00' },
        { id: 'xacmaz', date: TUE, place: 'Xaçmaz, bus station', open: '11:00', close: '15:00' },
      ],
    }),
  );
}

describe('a mobile centre', () => {
  it('issues walk-ins only during a stop', () => {
    const c = bus();
    const walkIn = (date: string, clock: string) => ({ type: 'issueWalkIn', now: at(date, clock), service: 'id-card', citizen: 'x' });
    expectRefused(c, walkIn(MON, '09:59'), 'QC_ERR_CENTRE_CLOSED');
    expect(ok(c, { ...walkIn(MON, '10:00'), type: 'issueWalkIn' }).number).toBe('A001');
    expect(ok(c, { ...walkIn(MON, '15:59'), type: 'issueWalkIn' }).number).toBe('A002');
    expectRefused(c, walkIn(MON, '16:00'), 'QC_ERR_CENTRE_CLOSED');
    const early = expectRefused(c, walkIn(TUE, '10:30'), 'QC_ERR_CENTRE_CLOSED');
    expect(early.details['hours']).toBe('11:00–15:00');
    expect(ok(c, { ...walkIn(TUE, '11:00'), type: 'issueWalkIn' }).number).toBe('A001');
    const none = expectRefused(c, walkIn(WED, '12:00'), 'QC_ERR_CENTRE_CLOSED');
    expect(none.details['hours']).toBe('closed that day');
  });

  it('books a slot at a stop, on the grid from the stop opening, and shows the stop on the ticket', () => {
    const c = bus();
    const now = at(SUN, '12:00');
    const b = ok(c, { type: 'book', now, citizen: 'a', service: 'id-card', slot: at(TUE, '11:15'), stop: 'xacmaz' });
    expect(c.ticket(b.ticket)).toMatchObject({ stop: 'xacmaz', slot: at(TUE, '11:15'), state: 'booked' });
    const h = ok(c, { type: 'holdSlot', now, citizen: 'b', service: 'passport', slot: at(MON, '10:00'), stop: 'quba' });
    const viaHold = ok(c, { type: 'book', now, citizen: 'b', hold: h.hold });
    expect(c.ticket(viaHold.ticket)!.stop).toBe('quba');
    expect(ok(c, { type: 'checkIn', now: at(MON, '09:45'), ticket: viaHold.ticket }).number).toBe('B001');
  });

  it('refuses bookings without their stop, at an unknown stop, or where the bus is not', () => {
    const c = bus();
    const now = at(SUN, '12:00');
    const base = { type: 'book', now, citizen: 'a', service: 'id-card' };
    expectRefused(c, { ...base, slot: at(MON, '10:00') }, 'QC_ERR_BAD_COMMAND');
    expectRefused(c, { type: 'holdSlot', now, citizen: 'a', service: 'id-card', slot: at(MON, '10:00') }, 'QC_ERR_BAD_COMMAND');
    const unknown = expectRefused(c, { ...base, slot: at(MON, '10:00'), stop: 'lankaran' }, 'QC_ERR_UNKNOWN_STOP');
    expect(unknown.details['stop']).toBe('lankaran');
    const elsewhere = expectRefused(c, { ...base, slot: at(MON, '10:00'), stop: 'xacmaz' }, 'QC_ERR_BAD_SLOT');
    expect(elsewhere.details['reason']).toBe('the bus is not at stop xacmaz that day');
    expectRefused(c, { ...base, slot: at(WED, '12:00'), stop: 'quba' }, 'QC_ERR_BAD_SLOT');
    expect(expectRefused(c, { ...base, slot: at(TUE, '10:00'), stop: 'xacmaz' }, 'QC_ERR_BAD_SLOT').details['reason']).toBe('outside opening hours');
    expectRefused(c, { ...base, slot: at(TUE, '14:50'), stop: 'xacmaz' }, 'QC_ERR_BAD_SLOT');
    expectRefused(c, { ...base, slot: at(TUE, '11:10'), stop: 'xacmaz' }, 'QC_ERR_BAD_SLOT');
    expectRefused(c, { ...base, slot: at(TUE, '11:00'), stop: 7 }, 'QC_ERR_UNKNOWN_STOP');
  });

  it('ends a stop day at its closing time + grace', () => {
    const c = new Centre(
      smallCentre({ kind: 'mobile', endOfDayGraceMin: 15, timetable: [{ id: 'quba', date: MON, place: 'Quba', open: '10:00', close: '16:00' }] }),
    );
    ok(c, { type: 'issueWalkIn', now: at(MON, '15:00'), service: 'account', citizen: 'x' });
    expect(ok(c, { type: 'tick', now: at(MON, '16:14') }).transitions).toBe(0);
    expect(ok(c, { type: 'tick', now: at(MON, '16:15') }).transitions).toBe(1);
    expect(c.ticket(1)!.state).toBe('cancelled');
  });
});
