import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SimError } from './errors.ts';
import { runSpec } from './run-spec.ts';
import { yearJobs } from './year.ts';

const bus = JSON.parse(readFileSync(new URL('../examples/mobile-bus.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('seeds past 2^53 − 1', () => {
  it('runSpec: the last seed (seed + replications − 1) is checked up front and named', async () => {
    const err = await runSpec(bus, { seed: Number.MAX_SAFE_INTEGER - 1, replications: 3, threads: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimError);
    expect((err as SimError).code).toBe('SIM_ERR_BAD_OPTION');
    expect((err as SimError).message).toMatch(/the last seed, seed \+ replications − 1 = 9007199254740992, is past 9007199254740991: give a smaller --seed/);
  });

  it('year: the last seed (seed + 1000 · (centres − 1) + weeks − 1) is checked up front and named', () => {
    const err = (() => {
      try {
        yearJobs(bus, { centres: 2, days: 7, seed: Number.MAX_SAFE_INTEGER - 10, stretchDays: 7 });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(SimError);
    expect((err as SimError).message).toMatch(/the last seed, \d+, is past 9007199254740991; give a smaller --seed/);
  });
});
