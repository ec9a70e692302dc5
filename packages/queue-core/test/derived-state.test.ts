/**
 * The fold keeps a few derived columns so hot paths need not recompute them: per service, the head of
 * its queue and the head's first key (call-next), and per window whether an ETA counts it as open and
 * idle, open and busy, or not serving. After every command of seeded random runs (the replay test's
 * generator), each must equal what the public views and the queues say — so a change to the fold that
 * forgets to keep one fails here, not as a subtly wrong call or ETA.
 *
 * The seed is printed; set DERIVED_SEED to re-run one.
 */
import { describe, expect, it } from 'vitest';
import type { Centre } from '../src/index.ts';
import { run } from './random-run.ts';

const ENV_SEED = process.env['DERIVED_SEED'];
const SEEDS = ENV_SEED !== undefined ? [Number(ENV_SEED)] : [20261124, 5];

interface Internals {
  st: {
    windowServing: Uint8Array;
    windowSole: Int16Array;
    serviceSole: Uint8Array;
    soleServing: Int32Array;
    soleIdle: Int32Array;
    windowBusy: Int32Array;
    serviceWindows: readonly (readonly number[])[];
    headId: Int32Array;
    headK1: Float64Array;
    queues: { peek(): number }[];
    t: { k1: Float64Array; mask: number };
  };
}

function check(live: Centre, step: number): number {
  const st = (live as unknown as Internals).st;
  let mismatches = 0;
  live.windows().forEach((w, i) => {
    const expected = w.status !== 'open' || w.after !== null ? 0 : w.ticket === null ? 1 : 2;
    if (st.windowServing[i] !== expected) {
      mismatches++;
      expect.fail(`step ${step}: window ${w.number} is ${JSON.stringify(w)}, but windowServing says ${st.windowServing[i]}`);
    }
  });
  // per sole service (every window of it serves only it): its serving and idle windows, counted
  st.serviceSole.forEach((sole, s) => {
    if (sole !== 1) return;
    let serving = 0;
    let idle = 0;
    st.windowSole.forEach((only, w) => {
      if (only !== s) return;
      if (st.windowServing[w] !== 0) serving++;
      if (st.windowServing[w] === 1) idle++;
    });
    expect(st.soleServing[s], `step ${step}: serving windows of sole service ${s}`).toBe(serving);
    expect(st.soleIdle[s], `step ${step}: idle windows of sole service ${s}`).toBe(idle);
  });
  // per window of a shared service: how many of its services have someone waiting (load per service)
  const waiting = new Map(live.load().services.map((x) => [x.service, x.waiting]));
  live.windows().forEach((w, i) => {
    if (st.windowSole[i] !== -1) return;
    const busy = w.services.filter((s) => (waiting.get(s) ?? 0) > 0).length;
    expect(st.windowBusy[i], `step ${step}: services with someone waiting at window ${w.number}`).toBe(busy);
  });
  st.queues.forEach((q, s) => {
    const head = q.peek();
    expect(st.headId[s], `step ${step}: head of service ${s}`).toBe(head);
    expect(st.headK1[s], `step ${step}: first key of service ${s}'s head`).toBe(head === -1 ? Infinity : st.t.k1[head & st.t.mask]);
  });
  return mismatches;
}

describe('derived state kept by the fold', () => {
  for (const seed of SEEDS) {
    it(`matches the views and the queues after every command (seed ${seed})`, () => {
      console.log(`derived state: seed ${seed}, 3000 commands (set DERIVED_SEED=${seed} to re-run this one)`);
      let checked = 0;
      const r = run(seed, 3000, (i, live) => {
        check(live, i);
        checked++;
      });
      check(r.live, 3000);
      expect(checked).toBe(3000);
      // the fixture has a sole service (account: windows 4 and 5, one of them on shifts) and shared ones
      const st = (r.live as unknown as Internals).st;
      expect([...st.serviceSole]).toEqual([0, 0, 0, 1]);
      // the run exercised what the columns follow: calls, releases, status changes
      expect(r.events.filter((e) => e.type === 'ticket.called').length).toBeGreaterThan(100);
      expect(r.events.filter((e) => e.type === 'window.closed' || e.type === 'window.breakStarted').length).toBeGreaterThan(20);
    });
  }
});
