import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { describe, expect, it } from 'vitest';
import { generator, stream } from './rng.ts';

describe('streams', () => {
  it('draw what pure-rand’s xoroshiro128+ and uniformFloat64 draw from the same state', () => {
    for (const seed of [1, 2025, -7, 2 ** 40 + 3]) {
      console.log(`seed ${seed}`);
      for (const name of ['arrivals/walkin:id-card-new', 'handle/x', '']) {
        const ours = stream(seed, name);
        const theirs = generator(seed, name);
        for (let i = 0; i < 5000; i++) expect(ours.next()).toBe(uniformFloat64(theirs));
      }
    }
  });
});
