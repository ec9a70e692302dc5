import { describe, expect, it } from 'vitest';
import { parseMetric, referenceMetrics } from './reference-metrics.ts';
import { MIN, type RunResult, type SimRecord } from './records.ts';

const O = 1_700_000_000_000;
const at = (m: number | null) => (m === null ? null : O + m * MIN);

/** A record from minutes after the origin: arrival, call (null: none), end, class, abandoned. */
function rec(id: number, arrive: number, call: number | null, end: number, cls = 'a', abandoned = false): SimRecord {
  return Object.freeze({
    id, ticket: id, day: 0, source: cls, service: 'q', class: cls, kind: 'walkin', channel: 'desk',
    state: abandoned ? 'cancelled' : 'done', reason: abandoned ? 'abandoned' : undefined,
    showedUpAt: at(arrive), arrivedAt: at(arrive), callableAt: at(arrive), slot: null, due: null,
    firstCalledAt: at(call), startedAt: at(call), endedAt: at(end), parkedAt: null, resumedAt: null, secondCalledAt: null,
    firstWindow: call === null ? null : 1, lastWindow: call === null ? null : 1, handleMs: 0, patienceMs: null,
    abandoned, absent: false, late: false, turnedAway: false, bookingRefused: false, expiredWalkIn: false, peopleAhead: 0, etaP50Ms: null, etaP90Ms: null,
    transferService: null, transferredAt: null, transferCalledAt: null, transferWindow: null, rating: null, viaHold: false, holdLate: false,
  });
}

const run = (records: SimRecord[]): RunResult => ({ scenario: 'T', seed: 0, days: 1, originMs: O, endMs: O + 1e9, records, duty: [], commands: 0, events: 0 });

describe('reference metric names', () => {
  it('parses the families, with and without a class prefix', () => {
    expect(parseMetric('wait_q95', [])).toMatchObject({ base: 'wait_q', a: 0.95, cls: null });
    expect(parseMetric('wait_q5', [])).toMatchObject({ a: 0.05 });
    expect(parseMetric('wait_q975', [])).toMatchObject({ a: 0.975 });
    expect(parseMetric('priority.p_wait_gt_7.5min', ['priority'])).toMatchObject({ base: 'p_wait_gt', a: 7.5, cls: 'priority' });
    expect(parseMetric('queue_length_at_120min', [])).toMatchObject({ base: 'queue_length_at', a: 120 });
    expect(parseMetric('mean_wait_arrivals_60_120', [])).toMatchObject({ base: 'mean_wait_arrivals', a: 60, b: 120 });
    expect(parseMetric('other.mean_wait', ['priority'])).toBeNull();
    expect(parseMetric('mean_waits', [])).toBeNull();
  });
});

describe('reference metrics from records', () => {
  // waits 0, 2, 4, 10 (class a, b, a, b); one abandonment after 5 min
  const records = [rec(1, 0, 0, 5), rec(2, 1, 3, 8, 'b'), rec(3, 2, 6, 9), rec(4, 3, 13, 20, 'b'), rec(5, 4, null, 9, 'a', true)];
  const all = (names: string[]) => referenceMetrics(run(records), names, ['a', 'b'], { from: -Infinity, to: Infinity });

  it('counts, waits, type-7 quantiles, shares', () => {
    const m = all(['n_arrivals', 'n_served', 'n_abandoned', 'mean_wait', 'max_wait', 'wait_q50', 'wait_q90', 'p_wait_pos', 'p_wait_gt_3min', 'p_abandon', 'p_delayed']);
    expect(m).toEqual({ n_arrivals: 5, n_served: 4, n_abandoned: 1, mean_wait: 4, max_wait: 10, wait_q50: 3, wait_q90: expect.closeTo(8.2, 12), p_wait_pos: 0.75, p_wait_gt_3min: 0.5, p_abandon: 0.2, p_delayed: 0.8 });
  });

  it('time in queue and time to abandon', () => {
    const m = all(['mean_time_in_queue_all', 'mean_time_to_abandon', 'b.mean_time_to_abandon', 'b.mean_wait', 'last_completion_min']);
    expect(m.mean_time_in_queue_all).toBeCloseTo((0 + 2 + 4 + 10 + 5) / 5, 12);
    expect(m.mean_time_to_abandon).toBe(5);
    expect(m['b.mean_time_to_abandon']).toBeNaN(); // nothing to measure: this run contributes nothing
    expect(m['b.mean_wait']).toBe(6);
    expect(m.last_completion_min).toBe(20);
  });

  it('queue length: just before T; maximum; time average over a window', () => {
    // waiting intervals: [1,3) [2,6) [3,13) [4,9)
    const m = all(['queue_length_at_3min', 'queue_length_at_4.5min', 'max_queue_length', 'mean_wait_arrivals_0_2']);
    expect(m.queue_length_at_3min).toBe(2); // #2 called at 3 still counts, #4 arriving at 3 does not
    expect(m.queue_length_at_4_5min).toBeUndefined();
    expect(m['queue_length_at_4.5min']).toBe(3);
    expect(m.max_queue_length).toBe(3);
    expect(m.mean_wait_arrivals_0_2).toBe(1); // arrivals at 0 and 1: waits 0 and 2
    const w = referenceMetrics(run(records), ['time_avg_queue_length', 'n_arrivals'], [], { from: 2, to: 6 });
    // over [2,6): #2 1 min, #3 4 min, #4 3 min, #5 2 min → 10 / 4
    expect(w.time_avg_queue_length).toBeCloseTo(2.5, 12);
    expect(w.n_arrivals).toBe(3);
  });
});
