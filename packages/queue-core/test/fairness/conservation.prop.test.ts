/**
 * Metamorphic test, Kleinrock's conservation law (fairness-research.md §1.8, §3.4): one window,
 * non-preemptive, never idle while someone is callable, no recalls, transfers or abandonment, the
 * same arrivals and handle times: Σ W_k·h_k is the same under EDD, strict priority and FIFO.
 * Reordering only redistributes waiting. The runs go through the reference model and its checks too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PolicyName } from '../../src/index.ts';
import { AutoDriver } from './auto-driver.ts';
import { PROPERTY_TIMEOUT_MS, fcParams } from './fc-settings.ts';
import { SERVICE_DAY, setup } from './harness.ts';
import { MIN, epoch, singleWindowCentre } from './model-config.ts';
import { runSpec } from './model-commands.ts';

interface Arrival {
  readonly gapMs: number;
  readonly service: number;
  readonly cls: number;
  readonly handleMs: number;
}

const arrival: fc.Arbitrary<Arrival> = fc.record({
  gapMs: fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: fc.integer({ min: 1, max: 600 }).map((s) => s * 1000), weight: 4 }),
  service: fc.nat({ max: 1 }),
  cls: fc.nat({ max: 2 }),
  handleMs: fc.integer({ min: 30, max: 900 }).map((s) => s * 1000),
});

/** Runs the trace in auto-call mode; returns Σ W·h (exact) and the call order. */
function run(policy: PolicyName, trace: readonly Arrival[]): { sum: bigint; order: number[] } {
  const h = setup(singleWindowCentre(policy), []);
  const driver = new AutoDriver(h, (id) => trace[id - 1]!.handleMs);
  const m = h.model;
  let t = epoch(m.cfg, SERVICE_DAY, 10 * 60);
  h.advance(t, 'start');
  h.exec({ type: 'openWindow', now: m.now, window: 1 }, m.open(1), 'open');
  for (const a of trace) {
    t += a.gapMs;
    h.advance(t, 'arrival');
    runSpec({ c: 'issue', service: a.service, cls: a.cls }, m, h);
    driver.fill('arrival');
  }
  h.advance(t + trace.reduce((s, a) => s + a.handleMs, 0) + MIN, 'drain');
  h.checker.final();
  const views = h.sut.live.tickets();
  if (views.some((v) => v.state !== 'done')) throw new Error(`not all served: ${JSON.stringify(views.map((v) => v.state))}`);
  const sum = views.reduce((s, v) => s + BigInt(v.firstCalledAt! - v.callableAt!) * BigInt(trace[v.id - 1]!.handleMs), 0n);
  const order = [...views].sort((a, b) => a.firstCalledAt! - b.firstCalledAt! || a.id - b.id).map((v) => v.id);
  return { sum, order };
}

describe('fairness: Kleinrock conservation (metamorphic)', () => {
  it('Σ wait × handle time is the same under EDD, strict priority and FIFO on the same trace', () => {
    let reordered = 0;
    fc.assert(
      fc.property(fc.array(arrival, { minLength: 1, maxLength: 40 }), (trace) => {
        const edd = run('edd', trace);
        const fifo = run('fifo', trace);
        const strict = run('strict-priority', trace);
        if (edd.order.join() !== fifo.order.join()) reordered++;
        expect(edd.sum).toBe(fifo.sum);
        expect(strict.sum).toBe(fifo.sum);
      }),
      fcParams('conservation', 150, false),
    );
    console.log(`[fairness] conservation: EDD and FIFO called in a different order in ${reordered} traces`);
    expect(reordered).toBeGreaterThan(0);
  }, PROPERTY_TIMEOUT_MS);
});
