/**
 * Seeded random streams, one per purpose. A stream is named by its purpose and its source
 * ('arrivals/walkin', 'handle/walkin', 'patience/walkin', …); its state is derived from the run's
 * seed and that name only, so adding a feature (a new stream) never shifts the draws of another.
 *
 * Generator: xoroshiro128+ from `pure-rand` (mutable, 53-bit floats via two 32-bit outputs).
 * Its 128-bit state is filled from (seed, name) through FNV-1a and the splitmix32 finaliser, and
 * the first outputs are discarded, so neighbouring seeds and names give unrelated streams.
 */
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** A uniform [0, 1) source. */
export interface Stream {
  /** Uniform in [0, 1), 53 bits. */
  next(): number;
}

function fnv1a(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}

const WARM_UP_DRAWS = 16;

/** Seeded on its first draw: a run names many streams (sources × purposes) and uses fewer. */
class XoroStream implements Stream {
  private g: RandomGenerator | null = null;
  constructor(
    private readonly seed: number,
    private readonly name: string,
  ) {}
  next(): number {
    return uniformFloat64(this.g ?? (this.g = generator(this.seed, this.name)));
  }
}

/** A fresh stream for (seed, name). Seeds are integers (any sign, up to 2^53). */
export function stream(seed: number, name: string): Stream {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  return new XoroStream(seed, name);
}

function generator(seed: number, name: string): RandomGenerator {
  const lo = seed | 0;
  const hi = Math.floor(seed / 2 ** 32) | 0;
  let h = fnv1a(name, lo) ^ splitmix32(hi);
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    h = splitmix32(h + i);
    words.push(h);
  }
  // xoroshiro's state must not be all zero.
  if (!words.some((w) => w !== 0)) words[0] = 1;
  const g = xoroshiro128plusFromState(words);
  for (let i = 0; i < WARM_UP_DRAWS; i++) g.next();
  return g;
}

/** Stream names by purpose and source, made once per thread (every run asks for the same names). */
const names = new Map<string, Map<string, string>>();

function nameOf(purpose: string, source: string): string {
  let bySource = names.get(purpose);
  if (bySource === undefined) names.set(purpose, (bySource = new Map()));
  let name = bySource.get(source);
  if (name === undefined) bySource.set(source, (name = `${purpose}/${source}`));
  return name;
}

/** The streams of one run: created on first use, one per name. */
export class Streams {
  private readonly byName = new Map<string, Stream>();
  constructor(readonly seed: number) {}
  get(purpose: string, source: string): Stream {
    const name = nameOf(purpose, source);
    let s = this.byName.get(name);
    if (!s) this.byName.set(name, (s = stream(this.seed, name)));
    return s;
  }
}
