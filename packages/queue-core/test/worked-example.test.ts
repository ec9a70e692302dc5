/**
 * The worked example of the fairness contract (FAIRNESS.md; reference/fairness-research.md §2.4):
 * EDD with T_general = 30 min, T_priority = 10 min, E_call = 5 min.
 *
 *   G  general walk-in at 09:00          d = 09:30
 *   P1 priority walk-in at 09:12         d = 09:22  may go before G
 *   P2 priority walk-in at 09:21         d = 09:31  may not
 *   B1 booking, slot 09:25, in at 09:10  d = 09:25  callable from 09:20, may go before G
 *   B2 booking, slot 09:35               d = 09:35  may not
 *   a priority walk-in at exactly 09:20  d = 09:30  ties G; the class rank breaks the tie
 *
 * The centre opens at 09:00 on that Monday so the times are the example's own; slots are 5 minutes.
 */
import { describe, expect, it } from 'vitest';
import { Centre } from '../src/index.ts';
import { MON, SUN, at, ok, smallCentre } from './fixtures.ts';

const t = (clock: string): number => at(MON, clock);

interface Example {
  c: Centre;
  G: number;
  P1: number;
  P2: number;
  B1: number;
  B2: number;
  /** The priority walk-in at exactly 09:20 (with `tie`). */
  PT: number;
}

/** The example's arrivals up to `upTo` (inclusive); bookings are made the day before. */
function example(opts: { upTo: string; tie?: boolean }): Example {
  const c = new Centre(
    smallCentre({
      openingHours: { mon: { open: '09:00', close: '18:00' } },
      services: [{ id: 'id-card', agency: 'mia', prefix: 'A', meanHandleMin: 8, slotMin: 5 }],
      windows: [{ number: 1, floor: 1, agency: 'mia', services: ['id-card'] }],
    }),
  );
  const B1 = ok(c, { type: 'book', now: at(SUN, '12:00'), citizen: 'b1', service: 'id-card', slot: t('09:25') }).ticket;
  const B2 = ok(c, { type: 'book', now: at(SUN, '12:01'), citizen: 'b2', service: 'id-card', slot: t('09:35') }).ticket;
  ok(c, { type: 'openWindow', now: t('09:00'), window: 1 });
  const due = (clock: string) => t(clock) <= t(opts.upTo);
  const walkIn = (clock: string, cls: string, citizen: string) =>
    due(clock) ? ok(c, { type: 'issueWalkIn', now: t(clock), service: 'id-card', class: cls, citizen }).ticket : -1;
  const G = walkIn('09:00', 'general', 'g');
  if (due('09:10')) ok(c, { type: 'checkIn', now: t('09:10'), ticket: B1 });
  const P1 = walkIn('09:12', 'priority', 'p1');
  const PT = opts.tie ? walkIn('09:20', 'priority', 'pt') : -1;
  const P2 = walkIn('09:21', 'priority', 'p2');
  if (due('09:30')) ok(c, { type: 'checkIn', now: t('09:30'), ticket: B2 });
  return { c, G, P1, P2, B1, B2, PT };
}

/** One window calls, starts and completes tickets at `clock` until nobody is callable; returns the call order. */
function callAll(c: Centre, clock: string): number[] {
  const order: number[] = [];
  for (;;) {
    const r = ok(c, { type: 'callNext', now: t(clock), window: 1 });
    if (r.ticket === null) return order;
    order.push(r.ticket);
    ok(c, { type: 'start', now: t(clock), window: 1 });
    ok(c, { type: 'complete', now: t(clock), window: 1 });
  }
}

describe('the worked example of the fairness contract', () => {
  it('gives each ticket the due date and callable time the example states', () => {
    const { c, G, P1, P2, B1, B2 } = example({ upTo: '09:30' });
    expect(c.ticket(G)).toMatchObject({ due: t('09:30'), callableAt: t('09:00') });
    expect(c.ticket(P1)).toMatchObject({ due: t('09:22'), callableAt: t('09:12') });
    expect(c.ticket(P2)).toMatchObject({ due: t('09:31'), callableAt: t('09:21') });
    expect(c.ticket(B1)).toMatchObject({ due: t('09:25'), callableAt: t('09:20'), arrivedAt: t('09:10') });
    expect(c.ticket(B2)).toMatchObject({ due: t('09:35'), callableAt: t('09:30') });
  });

  it('calls P1 and B1 before G, G before P2 and B2, when all are callable (one window, 09:35)', () => {
    const { c, G, P1, P2, B1, B2 } = example({ upTo: '09:30' });
    expect(callAll(c, '09:35')).toEqual([P1, B1, G, P2, B2]);
  });

  it('breaks the tie of a priority walk-in at exactly 09:20 with G (both due 09:30) by class rank', () => {
    const { c, G, P1, P2, B1, B2, PT } = example({ upTo: '09:30', tie: true });
    expect(c.ticket(PT)!.due).toBe(c.ticket(G)!.due);
    expect(callAll(c, '09:35')).toEqual([P1, B1, PT, G, P2, B2]);
  });

  it('does not let B1 jump G before 09:20, when it is not yet callable', () => {
    const { c, G, P1, B1 } = example({ upTo: '09:19' });
    expect(callAll(c, '09:19')).toEqual([P1, G]);
    // From 09:20 on, B1 is callable and next.
    expect(callAll(c, '09:20')).toEqual([B1]);
  });

  it('calls B1 before G from 09:20 on, before P2 has arrived', () => {
    const { c, G, P1, B1 } = example({ upTo: '09:20' });
    expect(callAll(c, '09:20')).toEqual([P1, B1, G]);
  });

  it('shows the same order to the citizens: people ahead of each ticket at 09:35', () => {
    const { c, G, P1, P2, B1, B2, PT } = example({ upTo: '09:30', tie: true });
    const order = [P1, B1, PT, G, P2, B2];
    expect(c.waitingIds('id-card', t('09:35'))).toEqual(order);
    order.forEach((id, i) => expect(c.position(id, t('09:35'))!.peopleAhead).toBe(i));
  });

  it('under strict priority, by contrast, both priority walk-ins go before G (for comparison)', () => {
    const c = new Centre(smallCentre({ policy: 'strict-priority', openingHours: { mon: { open: '09:00', close: '18:00' } } }));
    ok(c, { type: 'openWindow', now: t('09:00'), window: 2 });
    const G = ok(c, { type: 'issueWalkIn', now: t('09:00'), service: 'id-card', citizen: 'g' }).ticket;
    const P1 = ok(c, { type: 'issueWalkIn', now: t('09:12'), service: 'id-card', class: 'priority', citizen: 'p1' }).ticket;
    const P2 = ok(c, { type: 'issueWalkIn', now: t('09:21'), service: 'id-card', class: 'priority', citizen: 'p2' }).ticket;
    const calls = [0, 1, 2].map(() => {
      const r = ok(c, { type: 'callNext', now: t('09:35'), window: 2 });
      ok(c, { type: 'start', now: t('09:35'), window: 2 });
      ok(c, { type: 'complete', now: t('09:35'), window: 2 });
      return r.ticket;
    });
    expect(calls).toEqual([P1, P2, G]);
  });
});
