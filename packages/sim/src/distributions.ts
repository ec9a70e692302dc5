/**
 * Distributions of durations and offsets, in minutes: a named registry of small plain functions
 * (validate a JSON description, build a sampler over a uniform stream). The JSON shape is the
 * reference format's ({ "dist": "exponential", "mean": 4 }) extended with the project's kinds.
 *
 *   exponential   { mean }                 mean > 0
 *   lognormal     { mean, cv }             sigma² = ln(1 + cv²), mu = ln(mean) − sigma²/2
 *   deterministic { value }                always value (or { mean }); as a duration ≥ 0
 *   normal        { mean, sd, min?, max? } clipped to [min, max]
 *
 * Any of them may draw a negative offset (lateness); used as a duration (durationProblems) they
 * must not draw below 0.
 *   uniform       { min, max }
 *   empirical     { values, weights? }     one of the values, with the weights (default equal)
 *
 * Every sampler uses a fixed number of uniforms per draw (1, or 2 for normal and lognormal).
 */
import type { Stream } from './rng.ts';

export interface DistSpec {
  readonly dist: string;
  readonly [k: string]: unknown;
}

export type Sampler = (s: Stream) => number;

export interface Distribution {
  readonly name: string;
  readonly description: string;
  /** Problems with the description, each a sentence saying what to fix. */
  validate(d: DistSpec): string[];
  /** Mean of the distribution (for reports and expected loads). */
  mean(d: DistSpec): number;
  sampler(d: DistSpec): Sampler;
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function need(d: DistSpec, key: string, test: (x: number) => boolean, what: string): string[] {
  const v = d[key];
  return num(v) && test(v) ? [] : [`'${key}' must be ${what}, got ${JSON.stringify(v)}`];
}

/** One standard normal from two uniforms (Box–Muller, first output). */
function normal01(s: Stream): number {
  const u1 = 1 - s.next();
  const u2 = s.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

export const DISTRIBUTIONS: Readonly<Record<string, Distribution>> = {
  exponential: {
    name: 'exponential',
    description: 'exponential with the given mean (minutes)',
    validate: (d) => need(d, 'mean', (x) => x > 0, 'a number > 0'),
    mean: (d) => d.mean as number,
    sampler(d) {
      const m = d.mean as number;
      return (s) => -Math.log(1 - s.next()) * m;
    },
  },
  lognormal: {
    name: 'lognormal',
    description: 'lognormal by its own mean and coefficient of variation',
    validate: (d) => [...need(d, 'mean', (x) => x > 0, 'a number > 0'), ...need(d, 'cv', (x) => x > 0, 'a number > 0')],
    mean: (d) => d.mean as number,
    sampler(d) {
      const cv = d.cv as number;
      const sigma2 = Math.log(1 + cv * cv);
      const sigma = Math.sqrt(sigma2);
      const mu = Math.log(d.mean as number) - sigma2 / 2;
      return (s) => Math.exp(mu + sigma * normal01(s));
    },
  },
  deterministic: {
    name: 'deterministic',
    description: 'always the same value',
    // any number: an offset (lateness) may be negative; durationProblems keeps a duration ≥ 0
    validate: (d) => need(d, d.value === undefined ? 'mean' : 'value', () => true, 'a number'),
    mean: (d) => (d.value ?? d.mean) as number,
    sampler(d) {
      const v = (d.value ?? d.mean) as number;
      return () => v;
    },
  },
  normal: {
    name: 'normal',
    description: 'normal with mean and sd, clipped to [min, max] when given',
    validate: (d) => [
      ...need(d, 'mean', () => true, 'a number'),
      ...need(d, 'sd', (x) => x >= 0, 'a number ≥ 0'),
      ...(d.min !== undefined ? need(d, 'min', () => true, 'a number') : []),
      ...(d.max !== undefined ? need(d, 'max', (x) => !num(d.min) || x >= d.min, "a number ≥ 'min'") : []),
    ],
    mean: (d) => d.mean as number,
    sampler(d) {
      const m = d.mean as number;
      const sd = d.sd as number;
      const lo = num(d.min) ? d.min : -Infinity;
      const hi = num(d.max) ? d.max : Infinity;
      return (s) => Math.min(hi, Math.max(lo, m + sd * normal01(s)));
    },
  },
  uniform: {
    name: 'uniform',
    description: 'uniform on [min, max)',
    validate: (d) => [...need(d, 'min', () => true, 'a number'), ...need(d, 'max', (x) => !num(d.min) || x >= d.min, "a number ≥ 'min'")],
    mean: (d) => ((d.min as number) + (d.max as number)) / 2,
    sampler(d) {
      const lo = d.min as number;
      const w = (d.max as number) - lo;
      return (s) => lo + w * s.next();
    },
  },
  empirical: {
    name: 'empirical',
    description: 'one of the listed values, with optional weights',
    validate(d) {
      const v = d.values;
      if (!Array.isArray(v) || v.length === 0 || !v.every(num)) return [`'values' must be a non-empty array of numbers`];
      const w = d.weights;
      if (w === undefined) return [];
      if (!Array.isArray(w) || w.length !== v.length || !w.every((x) => num(x) && x >= 0) || !w.some((x) => (x as number) > 0)) {
        return [`'weights' must be ${v.length} numbers ≥ 0, not all 0`];
      }
      return [];
    },
    mean(d) {
      const v = d.values as number[];
      const w = (d.weights as number[] | undefined) ?? v.map(() => 1);
      const total = w.reduce((a, b) => a + b, 0);
      return v.reduce((a, x, i) => a + x * w[i]!, 0) / total;
    },
    sampler(d) {
      const v = d.values as number[];
      const w = (d.weights as number[] | undefined) ?? v.map(() => 1);
      const total = w.reduce((a, b) => a + b, 0);
      const cum: number[] = [];
      let acc = 0;
      for (const x of w) cum.push((acc += x) / total);
      return (s) => {
        const u = s.next();
        let lo = 0;
        let hi = cum.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (u < cum[mid]!) hi = mid;
          else lo = mid + 1;
        }
        return v[lo]!;
      };
    },
  },
};

/** Problems with a distribution description ([] when valid). */
export function validateDist(d: unknown): string[] {
  if (d === null || typeof d !== 'object' || Array.isArray(d)) return ['must be an object like { "dist": "exponential", "mean": 5 }'];
  const name = (d as DistSpec).dist;
  const dist = typeof name === 'string' && Object.hasOwn(DISTRIBUTIONS, name) ? DISTRIBUTIONS[name] : undefined;
  if (!dist) return [`'dist' must be one of ${Object.keys(DISTRIBUTIONS).join(', ')}, got ${JSON.stringify(name)}`];
  return dist.validate(d as DistSpec);
}

/**
 * Problems of a valid description used as a duration (handle, patience, bank time, confirmation
 * delay, a reference service or patience time): it must not draw a negative time. Exponential and
 * lognormal cannot.
 */
export function durationProblems(d: DistSpec): string[] {
  const neg = 'a duration cannot be negative';
  if (d.dist === 'deterministic') {
    const key = d.value === undefined ? 'mean' : 'value';
    if ((d[key] as number) < 0) return [`${neg}: '${key}' must be ≥ 0, got ${d[key] as number}`];
  }
  if (d.dist === 'uniform' && (d.min as number) < 0) return [`${neg}: 'min' must be ≥ 0, got ${d.min}`];
  if (d.dist === 'empirical' && (d.values as number[]).some((x) => x < 0)) return [`${neg}: 'values' must all be ≥ 0, got ${JSON.stringify(d.values)}`];
  if (d.dist === 'normal') {
    if (!num(d.min)) return [`${neg}: give 'min' ≥ 0 (a normal without 'min' draws below 0)`];
    if (d.min < 0) return [`${neg}: 'min' must be ≥ 0, got ${d.min}`];
  }
  return [];
}

/** Sampler of a validated description. */
export function samplerOf(d: DistSpec): Sampler {
  return DISTRIBUTIONS[d.dist]!.sampler(d);
}

export function meanOf(d: DistSpec): number {
  return DISTRIBUTIONS[d.dist]!.mean(d);
}
