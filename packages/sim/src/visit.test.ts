import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MIN, type SimRecord } from './records.ts';
import { simulate } from './simulate.ts';
import { createScenario } from './spec.ts';
import { summarizeRun } from './summary.ts';

type Obj = Record<string, unknown>;
const example = (name: string): Obj => JSON.parse(readFileSync(new URL(`../examples/${name}.json`, import.meta.url), 'utf8'));

/** The bus with some changes to its services and citizens. */
function bus(over: { services?: (s: Obj) => Obj; citizens?: Obj; demand?: Obj; centre?: Obj } = {}): Obj {
  const spec = example('mobile-bus');
  return {
    ...spec,
    centre: { ...(spec.centre as Obj), ...(over.centre ?? {}) },
    services: (spec.services as Obj[]).map(over.services ?? ((s) => s)),
    demand: { ...(spec.demand as Obj), ...(over.demand ?? {}) },
    citizens: { ...(spec.citizens as Obj), ...(over.citizens ?? {}) },
  };
}

const localHour = (r: SimRecord, offsetMin = 240): number => (((r.showedUpAt! / MIN + offsetMin) % 1440) + 1440) % 1440 / 60;

describe('transfers, ratings and holds through the engine', () => {
  it('transfers half of the ID-card citizens to birth certificates: served again at a birth-certificate window', () => {
    const seed = 31;
    console.log(`seed ${seed}`);
    const spec = bus({ services: (s) => (s.id === 'id-card-new' ? { ...s, transfers: [{ to: 'birth-certificate', share: 0.5 }] } : s) });
    const sc = createScenario(spec);
    const run = simulate(sc, { seed, days: 3 });
    const moved = run.records.filter((r) => r.transferredAt !== null);
    const idDone = run.records.filter((r) => r.service === 'id-card-new' && r.startedAt !== null && r.state !== 'noShow');
    expect(moved.length).toBeGreaterThan(0.3 * idDone.length);
    expect(moved.length).toBeLessThan(0.7 * idDone.length);
    for (const r of moved) {
      expect(r.service).toBe('id-card-new');
      expect(r.transferService).toBe('birth-certificate');
      if (r.transferCalledAt === null) continue; // still waiting when the day ended
      expect(r.transferCalledAt).toBeGreaterThanOrEqual(r.transferredAt!);
      expect(r.transferWindow).toBe(4); // the only birth-certificate window
      expect(r.state).toBe('done');
      expect(r.endedAt!).toBeGreaterThan(r.transferCalledAt);
    }
    // the window that sent the citizen on was free from the transfer: utilisation counts both visits once
    const s = summarizeRun(sc, run);
    expect(s.transfers.count).toBe(moved.length);
    expect(s.transfers.byTarget['birth-certificate']).toBe(moved.length);
    expect(s.utilisation.byWindow['4']!).toBeLessThanOrEqual(1);
  });

  it('rates at the final complete with the given weights; means per service and agency from the records', () => {
    const seed = 8;
    console.log(`seed ${seed}`);
    const spec = bus({
      citizens: { rating: { share: 1, weights: [0, 0, 0, 1, 1] } },
      services: (s) => (s.id === 'pension-application' ? { ...s, rating: { share: 1, weights: [1, 0, 0, 0, 0] } } : s.id === 'birth-certificate' ? { ...s, rating: null } : s),
    });
    const sc = createScenario(spec);
    const run = simulate(sc, { seed, days: 4 });
    for (const r of run.records) {
      if (r.state !== 'done' || r.service === 'birth-certificate') expect(r.rating).toBeNull();
      else if (r.service === 'pension-application') expect(r.rating).toBe(1);
      else expect([4, 5]).toContain(r.rating);
    }
    const s = summarizeRun(sc, run);
    const rated = run.records.filter((r) => r.rating !== null);
    expect(s.ratings.all.count).toBe(rated.length);
    expect(s.ratings.byService['pension-application']!.mean).toBe(1);
    expect(s.ratings.byAgency['labour']!.mean).toBe(1);
    expect(s.ratings.byService['birth-certificate']).toBeUndefined();
    const id = rated.filter((r) => r.service === 'id-card-new');
    expect(s.ratings.byService['id-card-new']!.mean).toBeCloseTo(id.reduce((a, r) => a + r.rating!, 0) / id.length, 12);
    const fives = rated.filter((r) => r.rating === 5).length / rated.filter((r) => r.rating! >= 4).length;
    expect(fives).toBeGreaterThan(0.3);
    expect(fives).toBeLessThan(0.7);
  });

  it('holds: confirmed in time → booked; after the engine’s hold TTL → refused, booked directly; abandoned → the hold expires, nobody comes', () => {
    const seed = 12;
    console.log(`seed ${seed}`);
    const make = (confirmMin: number, abandonShare: number) =>
      createScenario(bus({ demand: { bookingShare: 0.5, bookingHours: { from: '09:00', to: '21:00' } }, citizens: { holds: { share: 1, confirmAfter: { dist: 'deterministic', value: confirmMin }, abandonShare } } }));
    const booked = (r: SimRecord) => r.kind === 'booking';
    const quick = simulate(make(2, 0), { seed, days: 2 }).records.filter(booked);
    expect(quick.length).toBeGreaterThan(20);
    expect(quick.every((r) => r.viaHold && !r.holdLate)).toBe(true);
    expect(quick.filter((r) => r.ticket !== null).length).toBeGreaterThan(0.9 * quick.length);
    const slow = simulate(make(15, 0), { seed, days: 2 }).records.filter(booked); // TTL 10 min by default
    expect(slow.every((r) => r.holdLate || r.bookingRefused)).toBe(true);
    expect(slow.filter((r) => r.ticket !== null).length).toBeGreaterThan(0.9 * slow.length);
    // same citizens either way (common random numbers): the same slots are wanted
    expect(slow.map((r) => r.handleMs)).toEqual(quick.map((r) => r.handleMs));
    const gone = simulate(make(2, 1), { seed, days: 2 }).records.filter(booked);
    expect(gone.every((r) => r.state === 'holdExpired' && r.ticket === null && r.arrivedAt === null)).toBe(true);
  });
});

describe('opening hours per weekday (multi-day runs)', () => {
  it('a weekday spec run into the weekend: Saturday and Sunday arrivals stop at 17:00, nobody is turned away', () => {
    const seed = 2026;
    console.log(`seed ${seed}`);
    const sc = createScenario(example('large-weekday')); // Tuesday 2025-03-04; Sat and Sun default 10:00–17:00
    const run = simulate(sc, { seed, days: 6 });
    expect(run.records.filter((r) => r.turnedAway).length).toBe(0);
    const last = (d: number) => Math.max(...run.records.filter((r) => r.day === d && r.showedUpAt !== null && r.kind === 'walkin').map((r) => localHour(r)));
    for (const d of [0, 1, 2, 3]) expect(last(d)).toBeGreaterThan(19.5); // Tue–Fri until 20:00
    for (const d of [4, 5]) expect(last(d)).toBeLessThan(17); // Sat, Sun
    const slots = run.records.filter((r) => (r.day === 4 || r.day === 5) && r.slot !== null);
    expect(slots.length).toBeGreaterThan(0);
    for (const r of slots) expect(((r.slot! / MIN + 240) % 1440) / 60).toBeLessThan(17);
  });

  it('a closed day has no citizens and no bookings', () => {
    const seed = 3;
    console.log(`seed ${seed}`);
    const spec = example('large-weekend'); // Saturday
    const sc = createScenario({ ...spec, centre: { ...(spec.centre as Obj), openingHours: { sun: null } } });
    const run = simulate(sc, { seed, days: 3 });
    expect(run.records.filter((r) => r.day === 1).length).toBe(0);
    expect(run.records.filter((r) => r.day === 2).length).toBeGreaterThan(1000);
    expect(run.records.filter((r) => r.turnedAway).length).toBe(0);
  });
});
