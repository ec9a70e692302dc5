import { describe, expect, it } from 'vitest';
import { expectedArrivals, nextArrival } from './arrivals.ts';
import { DISTRIBUTIONS, durationProblems, meanOf, samplerOf, validateDist, type DistSpec } from './distributions.ts';
import { readFileSync } from 'node:fs';
import { SimError } from './errors.ts';
import { estimate, zScore } from './estimate.ts';
import { readScenarioFile } from './reference-format.ts';
import { stream } from './rng.ts';

const SEED = 123;

function moments(d: DistSpec, n: number): { mean: number; cv: number } {
  const s = stream(SEED, `test/${d.dist}`);
  const f = samplerOf(d);
  let m = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const x = f(s);
    m += x;
    m2 += x * x;
  }
  m /= n;
  return { mean: m, cv: Math.sqrt(m2 / n - m * m) / m };
}

describe('distributions', () => {
  it('sample the stated mean (and cv), 200,000 draws', () => {
    console.log(`seed ${SEED}`);
    const cases: [DistSpec, number, number | null][] = [
      [{ dist: 'exponential', mean: 4 }, 4, 1],
      [{ dist: 'lognormal', mean: 8, cv: 0.6 }, 8, 0.6],
      [{ dist: 'deterministic', value: 3 }, 3, 0],
      [{ dist: 'normal', mean: 10, sd: 2 }, 10, 0.2],
      [{ dist: 'uniform', min: 2, max: 4 }, 3, null],
      [{ dist: 'empirical', values: [1, 2, 10], weights: [1, 1, 2] }, 5.75, null],
    ];
    for (const [d, mean, cv] of cases) {
      const got = moments(d, 200_000);
      expect(got.mean, d.dist).toBeCloseTo(mean, 1);
      expect(meanOf(d), d.dist).toBeCloseTo(mean, 12);
      if (cv !== null) expect(got.cv, d.dist).toBeCloseTo(cv, 1);
    }
  });

  it('say what to fix', () => {
    expect(validateDist({ dist: 'gamma', mean: 1 })[0]).toMatch(/'dist' must be one of/);
    expect(validateDist({ dist: 'exponential', mean: -1 })).toEqual(["'mean' must be a number > 0, got -1"]);
    expect(validateDist({ dist: 'empirical', values: [1, 2], weights: [0, 0] })[0]).toMatch(/not all 0/);
    expect(validateDist([1])[0]).toMatch(/must be an object/);
    for (const name of Object.keys(DISTRIBUTIONS)) expect(DISTRIBUTIONS[name]!.name).toBe(name);
  });

  it('a negative deterministic is an offset like the other kinds, refused only as a duration (it was refused as lateness too)', () => {
    for (const d of [{ dist: 'deterministic', value: -5 }, { dist: 'deterministic', mean: -5 }, { dist: 'uniform', min: -6, max: -4 }]) {
      expect(validateDist(d), JSON.stringify(d)).toEqual([]);
      expect(durationProblems(d), JSON.stringify(d)).toHaveLength(1);
    }
    expect(durationProblems({ dist: 'deterministic', value: -5 })).toEqual(["a duration cannot be negative: 'value' must be ≥ 0, got -5"]);
    expect(durationProblems({ dist: 'deterministic', mean: -2 })).toEqual(["a duration cannot be negative: 'mean' must be ≥ 0, got -2"]);
    expect(durationProblems({ dist: 'deterministic', value: 0 })).toEqual([]);
    expect(validateDist({ dist: 'deterministic', value: 'x' })).toEqual(["'value' must be a number, got \"x\""]);
  });

  it("a reference file's service and patience are durations too: a negative deterministic (or uniform) is refused there", () => {
    const file = JSON.parse(readFileSync(new URL('../../../../shared/sim-reference/scenarios.json', import.meta.url), 'utf8')) as { scenarios: { classes: Record<string, unknown>[] }[] };
    expect(() => readScenarioFile(file)).not.toThrow();
    const c = file.scenarios[0]!.classes[0]!;
    c.service = { dist: 'deterministic', value: -1 };
    c.patience = { dist: 'uniform', min: -2, max: 3 };
    let problems: string[] = [];
    try {
      readScenarioFile(file);
    } catch (e) {
      expect((e as SimError).code).toBe('SIM_ERR_REFERENCE_INVALID');
      problems = (e as SimError).problems.map((p) => `${p.path}: ${p.message}`);
    }
    expect(problems).toEqual([
      "scenarios[0].classes[0].service: a duration cannot be negative: 'value' must be ≥ 0, got -1",
      "scenarios[0].classes[0].patience: a duration cannot be negative: 'min' must be ≥ 0, got -2",
    ]);
  });
});

describe('piecewise Poisson arrivals', () => {
  it('put the expected number in each interval and none after the stop', () => {
    console.log(`seed ${SEED}`);
    const p = { start: 0, ends: [60, 120, 180], rates: [1, 3, 0.5], stop: 150 };
    expect(expectedArrivals(p)).toBe(60 + 180 + 15);
    const s = stream(SEED, 'test/arrivals');
    const counts = [0, 0, 0];
    let latest = 0;
    const days = 2000;
    for (let d = 0; d < days; d++) {
      for (let t = nextArrival(p, 0, s); t !== Infinity; t = nextArrival(p, t, s)) {
        latest = Math.max(latest, t);
        counts[t < 60 ? 0 : t < 120 ? 1 : 2]!++;
      }
    }
    expect(latest).toBeLessThan(150);
    const per = counts.map((c) => c / days);
    expect(per[0]).toBeCloseTo(60, 0);
    expect(per[1]).toBeCloseTo(180, 0);
    expect(per[2]).toBeCloseTo(15, 0);
  });
});

describe('estimates', () => {
  it('mean ± t(0.975, n−1)·sd/√n, NaN left out; z with both errors', () => {
    const e = estimate([1, 2, 3, NaN]);
    expect(e.n).toBe(3);
    expect(e.mean).toBe(2);
    expect(e.halfWidth).toBeCloseTo(4.302652729911275 * (1 / Math.sqrt(3)), 9);
    expect(zScore({ mean: 2, n: 3, sd: 1, halfWidth: 1.96 }, { value: 1, ci95_half_width: 1.96 })).toBeCloseTo(1 / Math.SQRT2, 12);
    expect(zScore({ mean: 0, n: 40, sd: 0, halfWidth: 0 }, { value: 0, ci95_half_width: 0 })).toBe(0);
  });
});
