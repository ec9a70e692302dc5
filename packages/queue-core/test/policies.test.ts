/** The call-next policies of the registry: EDD (default), strict priority and FIFO, on the same arrivals. */
import { describe, expect, it } from 'vitest';
import { Centre, POLICIES } from '../src/index.ts';
import type { PolicyName } from '../src/index.ts';
import { MON, SUN, at, min, ok, smallCentre } from './fixtures.ts';

const T = at(MON, '11:00');

/**
 * Arrivals for id-card at window 2: general g1 at T, priority p1 at T+25, general g2 at T+26,
 * priority p2 at T+26 (same minute as g2), a general booking for T+45 checked in at T+20
 * (callable from T+40). Returns the call order at T+45, one window.
 */
function order(policy: PolicyName): string[] {
  const c = new Centre(smallCentre({ policy }));
  const names = new Map<number, string>();
  const booking = ok(c, { type: 'book', now: at(SUN, '12:00'), citizen: 'b', service: 'id-card', slot: T + min(45) }).ticket;
  names.set(booking, 'b');
  ok(c, { type: 'openWindow', now: T, window: 2 });
  const walkIn = (m: number, cls: string, name: string) =>
    names.set(ok(c, { type: 'issueWalkIn', now: T + min(m), service: 'id-card', class: cls, citizen: name }).ticket, name);
  walkIn(0, 'general', 'g1');
  ok(c, { type: 'checkIn', now: T + min(20), ticket: booking });
  walkIn(25, 'priority', 'p1');
  walkIn(26, 'general', 'g2');
  walkIn(26, 'priority', 'p2');
  const out: string[] = [];
  for (;;) {
    const r = ok(c, { type: 'callNext', now: T + min(45), window: 2 });
    if (r.ticket === null) return out;
    out.push(names.get(r.ticket)!);
    ok(c, { type: 'start', now: T + min(45), window: 2 });
    ok(c, { type: 'complete', now: T + min(45), window: 2 });
  }
}

describe('policies', () => {
  it('registers edd, strict-priority and fifo, each with a description', () => {
    expect(Object.keys(POLICIES)).toEqual(['edd', 'strict-priority', 'fifo']);
    for (const p of Object.values(POLICIES)) expect(p.description.length).toBeGreaterThan(10);
  });

  it('edd: by due date (g1 +30, p1 +35, p2 +36, b +45, g2 +56), class rank breaking ties', () => {
    expect(order('edd')).toEqual(['g1', 'p1', 'p2', 'b', 'g2']);
  });

  it('strict-priority: every priority ticket first, then by callable time', () => {
    expect(order('strict-priority')).toEqual(['p1', 'p2', 'g1', 'g2', 'b']);
  });

  it('fifo: by callable time only, ignoring classes; the ticket id breaks ties', () => {
    expect(order('fifo')).toEqual(['g1', 'p1', 'g2', 'p2', 'b']);
  });

  it('edd: a priority walk-in overtakes a general one only within the 20-minute head start', () => {
    const c = new Centre(smallCentre());
    ok(c, { type: 'openWindow', now: T, window: 2 });
    ok(c, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'g' });
    ok(c, { type: 'issueWalkIn', now: T + min(20) + 1, service: 'id-card', class: 'priority', citizen: 'late-p' });
    expect(ok(c, { type: 'callNext', now: T + min(21), window: 2 }).ticket).toBe(1);
  });

  it('edd: same class and same time are called in ticket order', () => {
    const c = new Centre(smallCentre());
    ok(c, { type: 'openWindow', now: T, window: 2 });
    for (let i = 0; i < 5; i++) ok(c, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: `c${i}` });
    const calls = [1, 2, 3, 4, 5].map(() => {
      const id = ok(c, { type: 'callNext', now: T, window: 2 }).ticket;
      ok(c, { type: 'noShow', now: T, window: 2 });
      return id;
    });
    expect(calls).toEqual([1, 2, 3, 4, 5]);
  });
});
