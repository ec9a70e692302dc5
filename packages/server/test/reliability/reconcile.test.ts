/**
 * The reconciler the reliability tests rely on finds what it must: a double call, a window calling
 * while it holds a ticket, a lost or renumbered acknowledgement, an event after a final state, an
 * event on a ticket never issued — and passes a clean log.
 */
import type { QueueEvent } from '@asan/queue-core';
import { describe, expect, it } from 'vitest';
import { reconcile } from './support/reconcile.ts';

const P = { 'id-card': 'A' };
const issued = (id: number, seq = id): QueueEvent => ({ type: 'ticket.issued', at: id, id, service: 'id-card', class: 'general', channel: 'desk', citizen: `anon:${id}`, seq, due: 0 });
const at = (type: 'ticket.called' | 'ticket.started' | 'ticket.requeued', id: number, window: number): QueueEvent => ({ type, at: 100, id, window });
const done = (id: number, window: number): QueueEvent => ({ type: 'ticket.completed', at: 200, id, window });

describe('reconcile', () => {
  it('passes a clean log', () => {
    const log = [issued(1), issued(2), at('ticket.called', 1, 1), at('ticket.started', 1, 1), done(1, 1), at('ticket.called', 2, 1), at('ticket.requeued', 2, 1), at('ticket.called', 2, 2), at('ticket.started', 2, 2), done(2, 2)];
    const r = reconcile(log, [{ ticket: 1, number: 'A001' }, { ticket: 2, number: 'A002' }], P);
    expect(r).toMatchObject({ calledTwice: [], windowDoubleCalls: [], lost: [], afterFinal: [], orphans: 0, open: {}, calls: 3, tickets: 2 });
    expect(r.finals.completed).toBe(2);
  });

  it('finds a ticket called twice and a window calling while it holds one', () => {
    const r = reconcile([issued(1), issued(2), at('ticket.called', 1, 1), at('ticket.called', 1, 2), at('ticket.called', 2, 1)], [], P);
    expect(r.calledTwice).toEqual([1]);
    expect(r.windowDoubleCalls).toEqual(['1:2']);
    expect(r.open).toEqual({ called: 2 });
  });

  it('ends the day: what is left of it is cancelled, bookings for later days stay booked', () => {
    const booked: QueueEvent = { type: 'booking.made', at: 1, id: 3, service: 'id-card', class: 'general', slot: 9e12, citizen: 'h1:x' };
    const r = reconcile([issued(1), issued(2), booked, at('ticket.called', 1, 1), { type: 'day.ended', at: 300, date: '2026-11-23' }], [], P);
    expect(r.finals.cancelled).toBe(2);
    expect(r.open).toEqual({ booked: 1 });
  });

  it('finds lost and renumbered acknowledgements, events after the end, orphans', () => {
    const r = reconcile([issued(1), issued(2, 7), at('ticket.started', 3, 1), at('ticket.called', 1, 1), at('ticket.started', 1, 1), done(1, 1), done(1, 1)], [
      { ticket: 1, number: 'A001' },
      { ticket: 2, number: 'A002' },
      { ticket: 9, number: 'A009' },
    ], P);
    expect(r.lost.map((a) => a.ticket)).toEqual([2, 9]);
    expect(r.afterFinal).toEqual([1]);
    expect(r.orphans).toBe(1);
  });
});
