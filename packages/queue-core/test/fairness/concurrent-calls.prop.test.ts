/**
 * INV-2 under concurrency (fairness-research.md §3.3): several server instances, each with its own
 * replica of the centre, call next at different windows at the same time. Each decides on its
 * replica (possibly stale) and appends only if the store is still at the version it decided on
 * (optimistic concurrency, DESIGN.md); on a conflict it catches up and decides again.
 * fc.scheduler interleaves the steps. The calls must name distinct tickets, and the store's log
 * must be exactly what serial calls in that order give. Without the version check it must fail.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Centre, type CallResult, type QueueEvent } from '../../src/index.ts';
import { PROPERTY_TIMEOUT_MS, fcParams } from './fc-settings.ts';
import { SERVICE_DAY } from './harness.ts';
import { epoch, modelConfigOf, poolCentre } from './model-config.ts';
import { Sut } from './sut.ts';

const WINDOWS = 4;
const input = poolCentre(WINDOWS);
const t0 = epoch(modelConfigOf(input), SERVICE_DAY, 10 * 60);

function concurrentCalls(checkVersion: boolean, stats: { conflicts: number }) {
  return fc.asyncProperty(
    fc.scheduler(),
    fc.array(fc.nat({ max: 2 }), { maxLength: 6 }),
    fc.shuffledSubarray([1, 2, 3, 4], { minLength: 2 }),
    fc.nat({ max: 2 }),
    async (s, classes, windows, instances) => {
      const base = new Sut(input);
      for (let w = 1; w <= WINDOWS; w++) base.execute({ type: 'openWindow', now: t0, window: w });
      classes.forEach((c, k) => base.execute({ type: 'issueWalkIn', now: t0 + k, service: 's1', class: ['priority', 'elderly', 'general'][c]!, citizen: `c${k}` }));
      const initial = [...base.log];
      const store: QueueEvent[] = [...initial];
      const replicas = Array.from({ length: instances + 1 }, () => Centre.replay(input, store));
      const now = t0 + 60_000;
      const call = async (replica: Centre, window: number): Promise<number | null> => {
        for (;;) {
          await s.schedule(Promise.resolve(`decide at ${window}`));
          const expected = replica.version;
          const out = replica.decide({ type: 'callNext', now, window });
          if (!out.ok) throw new Error(`refused: ${out.error.code}`);
          await s.schedule(Promise.resolve(`append at ${window}`));
          if (!checkVersion || store.length === expected) {
            replica.apply(store.slice(replica.version));
            store.push(...out.events);
            replica.apply(out.events);
            return (out.result as CallResult).ticket;
          }
          stats.conflicts++;
          replica.apply(store.slice(replica.version));
        }
      };
      const results = await s.waitFor(Promise.all(windows.map((w, k) => call(replicas[k % replicas.length]!, w))));
      const called = results.filter((x): x is number => x !== null);
      expect(new Set(called).size, `tickets called twice: ${called.join(', ')}`).toBe(called.length);
      expect(called.length).toBe(Math.min(classes.length, windows.length));
      // linearisable: deciding the store's calls serially, in the store's order, gives the same events
      const serial = Centre.replay(input, initial);
      for (const ev of store.slice(initial.length)) {
        const out = serial.execute({ type: 'callNext', now, window: (ev as { window: number }).window });
        expect(out.ok && out.events).toEqual([ev]);
      }
    },
  );
}

describe('fairness: concurrent call-next (INV-2)', () => {
  it('instances calling at once never call one ticket twice, and agree with a serial order', async () => {
    const stats = { conflicts: 0 };
    await fc.assert(concurrentCalls(true, stats), fcParams('concurrent call-next', 200, false));
    console.log(`[fairness] concurrent call-next: ${stats.conflicts} version conflicts resolved by catching up`);
    expect(stats.conflicts).toBeGreaterThan(0);
  }, PROPERTY_TIMEOUT_MS);

  it('without the version check on append, a ticket is called twice (the property can fail)', async () => {
    const details = await fc.check(concurrentCalls(false, { conflicts: 0 }), fcParams('concurrent call-next, no version check', 200, false));
    expect(details.failed).toBe(true);
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    console.log(`[fairness] caught appends without a version check after ${details.numRuns} run(s): ${error.split('\n')[0]}\n  counterexample: ${fc.stringify(details.counterexample)}`);
  }, PROPERTY_TIMEOUT_MS);
});
