/** SortedQueue against a naive sorted list, over random inserts, removes, pops and re-inserts (seed printed). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SortedQueue } from '../src/sorted-queue.ts';

const SEED = 20261123;
console.log(`sorted-queue property test: fast-check seed ${SEED}`);

describe('SortedQueue', () => {
  it('keeps its contents sorted, pops the minimum and counts the elements before a key as a filter over them does', () => {
    // Mostly inserts, so that the queue grows past several chunks of 256.
    const op = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('insert' as const), key: fc.integer({ min: 0, max: 400 }) }), weight: 6 },
      { arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }), weight: 1 },
      { arbitrary: fc.record({ kind: fc.constant('pop' as const) }), weight: 1 },
      // a handle that left (popped or removed) comes back with its key, as a requeued ticket does
      { arbitrary: fc.record({ kind: fc.constant('reinsert' as const), pick: fc.nat() }), weight: 1 },
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 800, maxLength: 3000, size: 'max' }), fc.array(fc.integer({ min: -1, max: 401 }), { minLength: 1, maxLength: 20 }), (ops, probes) => {
        const key: number[] = [];
        const cmp = (a: number, b: number) => key[a]! - key[b]! || a - b;
        const q = new SortedQueue(cmp);
        const live: number[] = [];
        const gone: number[] = [];
        for (const o of ops) {
          if (o.kind === 'insert') {
            key.push(o.key);
            q.insert(key.length - 1);
            live.push(key.length - 1);
          } else if (o.kind === 'remove' && live.length > 0) {
            const [x] = live.splice(o.pick % live.length, 1);
            expect(q.remove(x!)).toBe(true);
            expect(q.remove(x!)).toBe(false);
            gone.push(x!);
          } else if (o.kind === 'pop' && live.length > 0) {
            const x = q.popMin();
            expect(x).toBe(Math.min(...live.map((e) => key[e]! * 1e6 + e)) % 1e6);
            live.splice(live.indexOf(x), 1);
            gone.push(x);
          } else if (o.kind === 'reinsert' && gone.length > 0) {
            const [x] = gone.splice(o.pick % gone.length, 1);
            q.insert(x!);
            live.push(x!);
          }
          expect(q.size).toBe(live.length);
        }
        const sorted = q.toArray();
        expect(sorted).toEqual([...live].sort(cmp));
        expect(q.peek()).toBe(sorted.length > 0 ? sorted[0] : -1);
        for (const k of probes) {
          // "before" a probe key k with a tie-break id larger than any element: key < k, or key == k.
          const before = (e: number) => key[e]! <= k;
          expect(q.countWhile(before)).toBe(sorted.filter(before).length);
          const strictly = (e: number) => key[e]! < k;
          expect(q.countWhile(strictly)).toBe(sorted.filter(strictly).length);
        }
        expect(q.size).toBe(live.length);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});
