/** The fairness KPIs against the golden vectors of fairness-research.md §1.9 and numpy's type-7 quantiles. */
import { describe, expect, it } from 'vitest';
import { kpi } from '../../src/index.ts';
import type { KpiRecord } from '../../src/kpi/index.ts';

const M = 60_000;

/** One window, A at 0 (s = 4), B at 1 (s = 2), C at 2 (s = 1); times in minutes; order = call order. */
function golden(order: readonly ('A' | 'B' | 'C')[]): { records: KpiRecord[]; handle: number[] } {
  const arrive = { A: 0, B: 1, C: 2 } as const;
  const handle = { A: 4, B: 2, C: 1 } as const;
  const calledAt: Record<string, number> = {};
  let t = 0;
  for (const x of order) {
    t = Math.max(t, arrive[x]);
    calledAt[x] = t;
    t += handle[x];
  }
  const records = (['A', 'B', 'C'] as const).map((x, k) => ({
    id: k + 1,
    service: 's',
    class: 'general',
    kind: 'walkin' as const,
    state: 'done',
    arrivedAt: arrive[x] * M,
    callableAt: arrive[x] * M,
    firstCalledAt: calledAt[x]! * M,
    due: (arrive[x] + 30) * M,
    slot: null,
    firstWindow: 1,
    handleMs: handle[x] * M,
  }));
  return { records, handle: [4, 2, 1] };
}

const waitsMin = (rs: readonly KpiRecord[]) => rs.map((r) => kpi.waitOf(r)! / M);

describe('type-7 quantiles (numpy.quantile default)', () => {
  it.each([
    [[1, 2, 3, 4], 0.9, 3.7],
    [[1, 2, 3, 4], 0.5, 2.5],
    [[1, 2, 3, 4], 0, 1],
    [[1, 2, 3, 4], 1, 4],
    [[15, 20, 35, 40, 50], 0.4, 29],
    [[3, 1, 2], 0.25, 1.5],
    [[10], 0.3, 10],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95, 9.55],
    [[7, 1, 3, 3, 9], 0.9, 8.2],
  ])('quantile7(%j, %d) = %d', (xs, p, want) => {
    expect(kpi.quantile7(xs, p)).toBeCloseTo(want, 12);
  });
  it('does not reorder its input, is NaN on an empty sample, rejects p outside [0, 1]', () => {
    const xs = [3, 1, 2];
    kpi.quantile7(xs, 0.5);
    expect(xs).toEqual([3, 1, 2]);
    expect(kpi.quantile7([], 0.5)).toBeNaN();
    expect(() => kpi.quantile7([1], 1.5)).toThrow(RangeError);
    expect(() => kpi.quantile7([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('golden vectors §1.9: FIFO (A, B, C) and SJF (A, C, B)', () => {
  const fifo = golden(['A', 'B', 'C']);
  const sjf = golden(['A', 'C', 'B']);
  const windows = new Map([[1, ['s']]]);

  it('waits', () => {
    expect(waitsMin(fifo.records)).toEqual([0, 3, 4]);
    expect(waitsMin(sjf.records)).toEqual([0, 4, 2]);
  });
  it('mean W and Var W', () => {
    const f = kpi.summarize(waitsMin(fifo.records))!;
    const s = kpi.summarize(waitsMin(sjf.records))!;
    expect(f.mean).toBeCloseTo(7 / 3, 12);
    expect(f.variance).toBeCloseTo(26 / 9, 12);
    expect(s.mean).toBeCloseTo(2, 12);
    expect(s.variance).toBeCloseTo(8 / 3, 12);
  });
  it('overtakes n_i', () => {
    expect(kpi.overtakes(fifo.records, windows)).toEqual([0, 0, 0]);
    expect(kpi.overtakes(sjf.records, windows)).toEqual([0, 1, 0]);
    // a window that does not serve B's service does not overtake B
    expect(kpi.overtakes(sjf.records, new Map([[1, ['other']]]))).toEqual([0, 0, 0]);
    expect(kpi.overtakes(sjf.records, { 1: ['s'] })).toEqual([0, 1, 0]);
  });
  it("Jain's index over W and over slowdown T/s", () => {
    expect(kpi.jain(waitsMin(fifo.records))).toBeCloseTo(49 / 75, 12);
    expect(kpi.jain(waitsMin(sjf.records))).toBeCloseTo(3 / 5, 12);
    const slowdown = (g: typeof fifo) => waitsMin(g.records).map((w, k) => (w + g.handle[k]!) / g.handle[k]!);
    expect(kpi.jain(slowdown(fifo))).toBeCloseTo(289 / 387, 12);
    expect(kpi.jain(slowdown(sjf))).toBeCloseTo(49 / 57, 12);
  });
  it('Jain is undefined (null) on an empty or all-zero vector and rejects negative values', () => {
    expect(kpi.jain([])).toBeNull();
    expect(kpi.jain([0, 0])).toBeNull();
    expect(kpi.jain([5, 5, 5])).toBe(1);
    expect(kpi.jain([1, 0, 0, 0])).toBeCloseTo(1 / 4, 12);
    expect(() => kpi.jain([1, -1])).toThrow(RangeError);
  });
  it('the report carries the same numbers', () => {
    const rep = kpi.fairnessReport(sjf.records, { targetsMs: { general: 3 * M }, windows });
    const g = rep.byClass.general!;
    expect(g.called).toBe(3);
    expect(g.waitMs!.mean).toBeCloseTo(2 * M, 6);
    expect(g.waitMs!.max).toBe(4 * M);
    expect(g.waitMs!.p50).toBe(2 * M);
    expect(g.waitMs!.p90).toBeCloseTo(kpi.quantile7([0, 2, 4], 0.9) * M, 6);
    expect(g.overtakes).toEqual({ max: 1, mean: 1 / 3, total: 1 });
    expect(g.shareWithinTarget).toBeCloseTo(2 / 3, 12); // W = 4 > T = 3
    expect(g.jain).toBeCloseTo(3 / 5, 12); // scale-free
    expect(g.latenessMs).toEqual({ max: (5 - 31) * M, mean: ((0 - 30) + (5 - 31) + (4 - 32)) / 3 * M });
    expect(rep.byService.s).toEqual(rep.all);
    expect(rep.jainAcrossClasses).toBe(1);
  });
});

describe('overtakes per ticket in the report', () => {
  it('are over the tickets that waited: a booking never checked in is not overtaken 0 times, it has no n_i', () => {
    const base = { service: 's', class: 'g', due: null, firstWindow: 1 };
    const rs: KpiRecord[] = [
      { ...base, kind: 'walkin', slot: null, state: 'done', arrivedAt: 0, callableAt: 0, firstCalledAt: 10 },
      { ...base, kind: 'walkin', slot: null, state: 'done', arrivedAt: 1, callableAt: 1, firstCalledAt: 5 },
      { ...base, kind: 'booking', slot: 60, state: 'expired', arrivedAt: null, callableAt: null, firstCalledAt: null },
    ];
    const all = kpi.fairnessReport(rs, { targetsMs: { g: 30 * M }, windows: { 1: ['s'] } }).all;
    expect(all.overtakes).toEqual({ max: 1, mean: 1 / 2, total: 1 });
  });
});

describe('overtakes: callable interval', () => {
  const base = { service: 's', class: 'g', kind: 'walkin' as const, due: null, slot: null, firstWindow: 1 };
  it('a ticket that left uncalled is overtaken only while it waited', () => {
    const rs: KpiRecord[] = [
      { ...base, state: 'cancelled', arrivedAt: 0, callableAt: 0, firstCalledAt: null, endedAt: 10 },
      { ...base, state: 'done', arrivedAt: 1, callableAt: 1, firstCalledAt: 5 },
      { ...base, state: 'done', arrivedAt: 2, callableAt: 2, firstCalledAt: 10 },
      { ...base, state: 'waiting', arrivedAt: 3, callableAt: 3, firstCalledAt: null },
    ];
    expect(kpi.overtakes(rs, { 1: ['s'] })).toEqual([1, 0, 0, 0]);
  });
  it('equal callable times are not overtakes; a call before e_i is not either', () => {
    const rs: KpiRecord[] = [
      { ...base, state: 'done', arrivedAt: 0, callableAt: 5, firstCalledAt: 20 },
      { ...base, state: 'done', arrivedAt: 0, callableAt: 5, firstCalledAt: 10 },
      { ...base, state: 'done', arrivedAt: 0, callableAt: 6, firstCalledAt: 12 },
      { ...base, state: 'done', arrivedAt: 0, callableAt: 1, firstCalledAt: 4 },
    ];
    expect(kpi.overtakes(rs, { 1: ['s'] })).toEqual([1, 0, 0, 0]);
  });
});

describe('booking punctuality, no-show and abandonment rates', () => {
  const slot = 60 * M;
  const b = (arrived: number | null, called: number | null, state: string, late = false): KpiRecord => ({
    service: 's',
    class: 'g',
    kind: 'booking',
    state,
    arrivedAt: arrived,
    callableAt: arrived === null ? null : late ? arrived : Math.max(arrived, slot - 5 * M),
    firstCalledAt: called,
    due: slot,
    slot,
    late,
  });
  it('counts bookings checked in by σ and called; flags calls before σ − E_call', () => {
    const rs = [
      b(40 * M, 58 * M, 'done'), // punctual
      b(50 * M, 64 * M, 'done'), // within 5 min of σ
      b(50 * M, 66 * M, 'done'), // 6 min late
      { ...b(50 * M, 54 * M, 'done'), callableAt: 50 * M }, // called too early (as a broken engine would record it)
      b(62 * M, 63 * M, 'done'), // checked in after σ: not counted
      b(75 * M, 80 * M, 'done', true), // late check-in: a walk-in now
      b(null, null, 'expired'),
      b(50 * M, 60 * M, 'noShow'),
    ];
    const p = kpi.fairnessReport(rs, { targetsMs: { g: 30 * M } }).all;
    expect(p.punctuality.n).toBe(5);
    expect(p.punctuality.punctual).toBeCloseTo(4 / 5, 12);
    expect(p.punctuality.early).toBe(1);
    expect(p.bookingExpiryRate).toBeCloseTo(1 / 8, 12);
    expect(p.noShowRate).toBeCloseTo(1 / 7, 12);
    expect(p.abandonmentRate).toBe(0);
    expect(p.overtakes).toBeNull();
  });
  it('reads abandonment from the sim flag or from a cancel with reason abandoned', () => {
    const w = (x: Partial<KpiRecord>): KpiRecord => ({
      service: 's', class: 'g', kind: 'walkin', state: 'done', arrivedAt: 0, callableAt: 0, firstCalledAt: 1, due: 1, slot: null, ...x,
    });
    const rs = [w({}), w({ state: 'cancelled', reason: 'abandoned', firstCalledAt: null }), w({ abandoned: true, state: 'cancelled', firstCalledAt: null }), w({ state: 'cancelled', reason: 'citizen', firstCalledAt: null })];
    expect(kpi.fairnessReport(rs, { targetsMs: {} }).all.abandonmentRate).toBeCloseTo(2 / 4, 12);
  });
});

describe('ETA accuracy', () => {
  const r = (wait: number, p50: number | null, p90: number | null): KpiRecord => ({
    service: 's', class: 'g', kind: 'walkin', state: 'done', arrivedAt: 0, callableAt: 0, firstCalledAt: wait * M, due: null, slot: null,
    etaP50Ms: p50 === null ? null : p50 * M, etaP90Ms: p90 === null ? null : p90 * M,
  });
  it('bias, MAE, RMSE, share within ±5 min, under-prediction against p90', () => {
    // errors (pred − actual): +2, −6, 0, −4 min
    const rs = [r(10, 12, 20), r(20, 14, 18), r(5, 5, 9), r(30, 26, 40), r(7, null, null)];
    const a = kpi.etaAccuracy(rs)!;
    expect(a.n).toBe(4);
    expect(a.biasMs).toBeCloseTo(-2 * M, 6);
    expect(a.maeMs).toBeCloseTo(3 * M, 6);
    expect(a.rmseMs).toBeCloseTo(Math.sqrt((4 + 36 + 0 + 16) / 4) * M, 6);
    expect(a.withinTolerance).toBeCloseTo(3 / 4, 12);
    expect(a.overP90).toBeCloseTo(1 / 4, 12);
    expect(kpi.etaAccuracy([r(7, null, null)])).toBeNull();
    const h = kpi.etaAccuracyByHorizon(rs);
    expect(Object.keys(h)).toEqual(['0-10', '10-30', '30-60', '60+']);
    expect(h['0-10']!.n).toBe(1);
    expect(h['10-30']!.n).toBe(3);
    expect(h['60+']).toBeNull();
  });
});

describe('records straight from the engine', () => {
  it('reportConfigOf and TicketView records type-check and give per-class groups', async () => {
    const { Centre } = await import('../../src/index.ts');
    const { at, MON, min, smallCentre } = await import('../fixtures.ts');
    const c = new Centre(smallCentre());
    c.execute({ type: 'openWindow', window: 2, now: at(MON, '10:00') });
    c.execute({ type: 'issueWalkIn', service: 'id-card', citizen: 'g1', now: at(MON, '10:00') });
    c.execute({ type: 'issueWalkIn', service: 'id-card', class: 'priority', citizen: 'p1', now: at(MON, '10:01') });
    c.execute({ type: 'callNext', window: 2, now: at(MON, '10:03') });
    const rep = kpi.fairnessReport(c.tickets(), kpi.reportConfigOf(c.config));
    expect(rep.byClass.priority!.waitMs!.max).toBe(min(2));
    expect(rep.byClass.general!.called).toBe(0);
    expect(rep.byClass.general!.overtakes!.max).toBe(1);
  });

  it('a ticket called, sent to the bank and called again keeps the wait and the window of its first call', async () => {
    const { Centre } = await import('../../src/index.ts');
    const { at, MON, min, smallCentre } = await import('../fixtures.ts');
    const c = new Centre(smallCentre());
    c.execute({ type: 'openWindow', window: 1, now: at(MON, '10:00') });
    c.execute({ type: 'openWindow', window: 3, now: at(MON, '10:00') });
    // B001 (passport, needs payment) waits 5 min, is called at window 1, parked to pay and called back at window 3.
    c.execute({ type: 'issueWalkIn', service: 'passport', citizen: 'a', now: at(MON, '10:00') });
    c.execute({ type: 'issueWalkIn', service: 'passport', citizen: 'b', now: at(MON, '10:01') });
    c.execute({ type: 'callNext', window: 1, now: at(MON, '10:05') });
    c.execute({ type: 'start', window: 1, now: at(MON, '10:06') });
    c.execute({ type: 'park', window: 1, now: at(MON, '10:10') });
    c.execute({ type: 'resume', ticket: 1, now: at(MON, '10:20') });
    // B002 arrived at 10:01, after B001 became callable; B001's call back at 10:21 is not an overtake of B002.
    c.execute({ type: 'callNext', window: 3, now: at(MON, '10:21') });
    c.execute({ type: 'callNext', window: 1, now: at(MON, '10:25') });
    const views = c.tickets();
    expect(views[0]).toMatchObject({ firstCalledAt: at(MON, '10:05'), firstCallableAt: at(MON, '10:00'), firstWindow: 1, callableAt: at(MON, '10:20'), lastWindow: 3 });
    expect(kpi.waitOf(views[0]!)).toBe(min(5));
    const rep = kpi.fairnessReport(views, kpi.reportConfigOf(c.config));
    expect(rep.all.waitMs).toMatchObject({ n: 2, min: min(5), max: min(24) });
    expect(rep.all.overtakes!.total).toBe(0);
    // The day's statistics counted the same first waits.
    expect(c.dayStats().total).toMatchObject({ called: 2, meanWaitMin: (5 + 24) / 2 });
  });
});

describe('records straight from the engine: a ticket transferred after its first call', () => {
  it('is grouped, and overtaken, in the service of its first wait', async () => {
    const { Centre } = await import('../../src/index.ts');
    const { at, MON, min, smallCentre } = await import('../fixtures.ts');
    const c = new Centre(smallCentre());
    c.execute({ type: 'openWindow', window: 1, now: at(MON, '10:00') });
    c.execute({ type: 'openWindow', window: 4, now: at(MON, '10:00') });
    // B001 (general passport) waits from 10:00; B002 (priority passport, 10:01) is called first at window 1.
    c.execute({ type: 'issueWalkIn', service: 'passport', citizen: 'x', now: at(MON, '10:00') });
    c.execute({ type: 'issueWalkIn', service: 'passport', class: 'priority', citizen: 'j', now: at(MON, '10:01') });
    c.execute({ type: 'callNext', window: 1, now: at(MON, '10:01') });
    c.execute({ type: 'start', window: 1, now: at(MON, '10:01') });
    c.execute({ type: 'complete', window: 1, now: at(MON, '10:02') });
    c.execute({ type: 'callNext', window: 1, now: at(MON, '10:02') });
    // B001 is then sent to the bank's account service (window 4) and called there.
    c.execute({ type: 'transfer', window: 1, service: 'account', now: at(MON, '10:05') });
    c.execute({ type: 'callNext', window: 4, now: at(MON, '10:06') });
    const views = c.tickets();
    expect(views[0]).toMatchObject({ service: 'account', firstService: 'passport', firstWindow: 1 });
    const rep = kpi.fairnessReport(views, kpi.reportConfigOf(c.config));
    expect(Object.keys(rep.byService)).toEqual(['passport']);
    expect(rep.byService.passport!.waitMs).toMatchObject({ n: 2, max: min(2) });
    // B002 overtook B001 at window 1, which serves passport (not account).
    expect(kpi.overtakes(views, kpi.windowServicesOf(c.config))).toEqual([1, 0]);
    expect(c.dayStats().byService.passport!.called).toBe(2);
  });
});

describe('fairness report on edge inputs', () => {
  const w = (i: number, x: Partial<KpiRecord> = {}): KpiRecord => ({
    service: 's', class: 'g', kind: 'walkin', state: 'done', arrivedAt: i, callableAt: i, firstCalledAt: i + (i % 7) * M, due: i + 30 * M, slot: null, overtakes: i % 3, ...x,
  });
  it('handles a year of a large centre (300,000 records) without overflowing the stack', () => {
    // Math.max(...xs) passes every value as an argument: RangeError past ~120,000 values.
    const rs = Array.from({ length: 300_000 }, (_, i) => w(i));
    const all = kpi.fairnessReport(rs, { targetsMs: { g: 30 * M } }).all;
    expect(all.latenessMs!.max).toBe(299_999 + 6 * M - (299_999 + 30 * M));
    expect(all.overtakes!.max).toBe(2);
    expect(all.waitMs!.max).toBe(6 * M);
  });
  it('empty input, a single ticket, and a class with no called ticket: nulls, never NaN', () => {
    const noNaN = (v: unknown): void => {
      JSON.stringify(v, (k, x) => {
        if (typeof x === 'number') expect(Number.isNaN(x), k).toBe(false);
        return x;
      });
    };
    const empty = kpi.fairnessReport([], { targetsMs: { g: 30 * M } });
    expect(empty.all.waitMs).toBeNull();
    expect(empty.all.latenessMs).toBeNull();
    expect(empty.jainAcrossClasses).toBeNull();
    expect(empty.byClass).toEqual({});
    noNaN(empty);
    const one = kpi.fairnessReport([w(0)], { targetsMs: { g: 30 * M } });
    expect(one.all.waitMs).toMatchObject({ n: 1, mean: 0, p50: 0, p90: 0, variance: 0 });
    expect(one.all.jain).toBeNull(); // a single wait of 0: Jain's index is undefined
    noNaN(one);
    const uncalled = kpi.fairnessReport([w(0, { class: 'p', firstCalledAt: null, state: 'waiting' }), w(1)], { targetsMs: { g: 30 * M, p: 10 * M } });
    expect(uncalled.byClass.p!.waitMs).toBeNull();
    expect(uncalled.byClass.p!.shareWithinTarget).toBeNull();
    noNaN(uncalled);
  });
});
