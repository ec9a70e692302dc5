import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importReference } from './reference-import.ts';
import type { RefScenario } from './reference-format.ts';
import { MIN } from './records.ts';
import { simulate } from './simulate.ts';
import { createScenario } from './spec.ts';

const example = (name: string): unknown => JSON.parse(readFileSync(new URL(`../examples/${name}.json`, import.meta.url), 'utf8'));

const day = (over: Partial<RefScenario> = {}): RefScenario => ({
  id: 'T',
  type: 'day',
  classes: [{ name: 'all', priority: 0, arrivals: { process: 'poisson', rate_per_min: 1 }, service: { dist: 'exponential', mean: 4 } }],
  servers: 2,
  arrivals_stop_min: 120,
  run: { replications: 2, seed_first: 1 },
  ...over,
});

describe('simulate', () => {
  it('is deterministic: same seed, identical records (large example)', () => {
    const seed = 20250304;
    console.log(`seed ${seed}`);
    const sc = createScenario(example('large-weekday'));
    const a = simulate(sc, { seed });
    const b = simulate(sc, { seed });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    // The result and its array of records are frozen; each record is readonly by type only (freezing
    // every record cost as much as building it).
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.records)).toBe(true);
    const c = simulate(sc, { seed: seed + 1 });
    expect(JSON.stringify(c.records)).not.toBe(JSON.stringify(a.records));
  });

  it('keeps each purpose on its own stream: adding a class does not move the other class’s arrivals or handle times', () => {
    const seed = 77;
    console.log(`seed ${seed}`);
    const one = day();
    const two = day({
      classes: [...one.classes, { name: 'other', priority: 1, arrivals: { process: 'poisson', rate_per_min: 0.5 }, service: { dist: 'exponential', mean: 3 } }],
      servers: 3,
    });
    const pick = (r: RefScenario) =>
      simulate(importReference(r), { seed })
        .records.filter((x) => x.class === 'all')
        .map((x) => [x.arrivedAt, x.handleMs]);
    expect(pick(two)).toEqual(pick(one));
  });

  it('shift end: a busy window finishes its citizen (overtime) and calls nobody after its end', () => {
    const seed = 5;
    console.log(`seed ${seed}`);
    const r = day({
      classes: [{ name: 'all', priority: 0, arrivals: { process: 'poisson', rate_per_min: 2 }, service: { dist: 'deterministic', value: 7 } }],
      servers: { shifts: [{ name: 'A', count: 1, start_min: 0, end_min: 30 }, { name: 'B', count: 1, start_min: 0, end_min: null }] },
    });
    const run = simulate(importReference(r), { seed });
    const rel = (t: number | null) => (t === null ? null : (t - run.originMs) / MIN);
    const atA = run.records.filter((x) => x.firstWindow === 1);
    expect(atA.length).toBeGreaterThan(0);
    for (const x of atA) expect(rel(x.firstCalledAt)!).toBeLessThan(30);
    expect(Math.max(...atA.map((x) => rel(x.endedAt)!))).toBeGreaterThan(30); // overtime
    // end_min null: window 2 serves everyone who arrived before closing
    expect(run.records.every((x) => x.state === 'done')).toBe(true);
    const dutyA = run.duty.filter((d) => d.window === 1);
    expect(rel(dutyA[dutyA.length - 1]!.to)).toBeCloseTo(Math.max(...atA.map((x) => rel(x.endedAt)!)), 9);
  });

  it('equal times: idle windows call in ascending number; a citizen who finds an idle window waits exactly 0', () => {
    const seed = 3;
    console.log(`seed ${seed}`);
    const r = day({ servers: 4, classes: [{ name: 'all', priority: 0, arrivals: { process: 'poisson', rate_per_min: 0.05 }, service: { dist: 'deterministic', value: 1 } }] });
    const run = simulate(importReference(r), { seed });
    const busyAt = (w: number, t: number) => run.records.some((y) => y.firstWindow === w && y.firstCalledAt! <= t && t < y.endedAt!);
    let higher = 0;
    for (const x of run.records) {
      expect(x.firstCalledAt).toBe(x.arrivedAt);
      for (let w = 1; w < x.firstWindow!; w++) expect(busyAt(w, x.firstCalledAt!)).toBe(true);
      if (x.firstWindow! > 1) higher++;
    }
    expect(higher).toBeLessThan(run.records.length / 4);
  });

  it('abandonment is the engine’s cancel with reason abandoned, at arrival + patience', () => {
    const seed = 11;
    console.log(`seed ${seed}`);
    const r = day({
      classes: [{ name: 'all', priority: 0, arrivals: { process: 'poisson', rate_per_min: 3 }, service: { dist: 'exponential', mean: 4 }, patience: { dist: 'deterministic', value: 5 } }],
    });
    const run = simulate(importReference(r), { seed });
    const gone = run.records.filter((x) => x.abandoned);
    expect(gone.length).toBeGreaterThan(10);
    for (const x of gone) {
      expect(x.state).toBe('cancelled');
      expect(x.reason).toBe('abandoned');
      expect((x.endedAt! - x.arrivedAt!) / MIN).toBeCloseTo(5, 9);
    }
  });

  it('runs the spec features: bookings with check-in, no-shows, side trips, absent citizens, several days', () => {
    const seed = 9;
    console.log(`seed ${seed}`);
    const run = simulate(createScenario(example('mobile-bus')), { seed, days: 3 });
    const recs = run.records;
    expect(new Set(recs.map((x) => x.day))).toEqual(new Set([0, 1, 2]));
    expect(recs.some((x) => x.kind === 'booking' && x.state === 'done')).toBe(true);
    expect(recs.some((x) => x.kind === 'booking' && x.state === 'expired')).toBe(true);
    const trips = recs.filter((x) => x.parkedAt !== null);
    expect(trips.length).toBeGreaterThan(0);
    for (const x of trips.filter((t) => t.state === 'done')) {
      expect(x.resumedAt!).toBeGreaterThan(x.parkedAt!);
      expect(x.secondCalledAt!).toBeGreaterThanOrEqual(x.resumedAt!);
    }
    for (const x of recs.filter((t) => t.state === 'noShow')) expect(x.absent).toBe(true);
  });

  it('a booking checked in late after closing is turned away, as a walk-in then would be (the engine refuses it)', () => {
    const seed = 9;
    console.log(`seed ${seed}`);
    // Everyone with a booking comes 55 minutes after the slot (late: the check-in window ends at
    // slot + 10 min; a booking expires at slot + 60 min): the last hour's bookers come after closing.
    const spec = example('mobile-bus') as { citizens: Record<string, unknown>; demand: Record<string, unknown> };
    spec.citizens = { ...spec.citizens, lateness: { dist: 'deterministic', value: 55 }, noShowRate: 0 };
    spec.demand = { ...spec.demand, bookingShare: 0.9 };
    const recs = simulate(createScenario(spec), { seed, days: 1 }).records;
    const late = recs.filter((x) => x.kind === 'booking' && x.turnedAway);
    expect(late.length).toBeGreaterThan(0);
    for (const x of late) expect(x.state).toBe('turnedAway');
    // and the earlier ones were served as late walk-ins, due at check-in + their class target
    expect(recs.some((x) => x.kind === 'booking' && x.late && x.state === 'done')).toBe(true);
  });

  it('breaks: a window on a break (engine roster) calls nobody; a busy one starts it after its citizen', () => {
    const seed = 13;
    console.log(`seed ${seed}`);
    const spec = example('mobile-bus') as { windows: Record<string, unknown>[] };
    const windows = spec.windows.map((w) => (w.number === 3 ? { ...w, shifts: [{ start: '10:00', end: '16:30', breaks: [{ start: '12:00', end: '12:45' }] }] } : w));
    const run = simulate(createScenario({ ...spec, windows }), { seed });
    const noon = run.originMs + 12 * 60 * MIN;
    const at3 = run.records.filter((x) => x.firstWindow === 3 || x.lastWindow === 3);
    expect(at3.length).toBeGreaterThan(5);
    for (const x of run.records) {
      for (const [t, w] of [[x.firstCalledAt, x.firstWindow], [x.secondCalledAt, x.lastWindow]] as const) {
        if (t !== null && w === 3) expect(t < noon || t >= noon + 45 * MIN).toBe(true);
      }
    }
    const duty3 = run.duty.filter((d) => d.window === 3);
    expect(duty3.length).toBe(2); // before and after the break
    expect(duty3[0]!.to).toBeGreaterThanOrEqual(noon);
  });

  it('opens the windows at their shift start on the first day too, when bookings were made the day before (mobile bus)', () => {
    const seed = 1; // a seed whose day 0 has no engine tick between the day before and the 10:00 shift start
    console.log(`seed ${seed}`);
    const r = simulate(createScenario(example('mobile-bus')), { seed, days: 2 });
    // Windows whose duty starts at 10:00 (the stop's opening and five windows' shift start) on day d.
    // Day 0 began in the engine with the bookings made the day before; the tick that ended that day
    // at 10:00 did not apply the roster, so the windows opened at the next tick (11:00) on day 0 only.
    const openAtTen = (d: number) => r.duty.filter((x) => x.from === r.originMs + (d * 24 * 60 + 10 * 60) * MIN).length;
    expect([openAtTen(0), openAtTen(1)]).toEqual([5, 5]);
  });
});
