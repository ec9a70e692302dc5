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

  it('are seeded like pure-rand from (seed, name) for many seeds and names', () => {
    console.log('seeds 0…199 and −1…−50, 2^52 − k');
    const seeds = [...Array.from({ length: 200 }, (_, i) => i), ...Array.from({ length: 50 }, (_, i) => -1 - i), ...Array.from({ length: 20 }, (_, k) => 2 ** 52 - k)];
    for (const seed of seeds) {
      for (const name of ['a', `patience/walkin:${seed}`]) expect(stream(seed, name).next()).toBe(uniformFloat64(generator(seed, name)));
    }
  });
});
