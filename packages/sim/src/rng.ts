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

/**
 * Seeded on its first draw: a run names many streams (sources × purposes) and uses fewer.
 * xoroshiro128+ and pure-rand's `uniformFloat64` written out over the stream's own four state
 * words (the same arithmetic as pure-rand's `XoroShiro128Plus.next`, checked against it in
 * rng.test.ts): a draw is one call instead of three through a generator object.
 */
class XoroStream implements Stream {
  private s01 = 0;
  private s00 = 0;
  private s11 = 0;
  private s10 = 0;
  private seeded = false;
  constructor(
    private readonly seed: number,
    private readonly name: string,
  ) {}
  next(): number {
    if (!this.seeded) this.init();
    // two 32-bit outputs: 26 + 27 bits of a 53-bit float in [0, 1)
    const out1 = (this.s00 + this.s10) | 0;
    this.step();
    const out2 = (this.s00 + this.s10) | 0;
    this.step();
    return (out1 & MASK26) * SCALE26 + (out2 & MASK27) * SCALE53;
  }
  /** One xoroshiro128+ state transition (pure-rand's XoroShiro128Plus.next without its output). */
  private step(): void {
    const s00 = this.s00;
    const s01 = this.s01;
    const a0 = this.s10 ^ s00;
    const a1 = this.s11 ^ s01;
    this.s00 = (s00 << 24) ^ (s01 >>> 8) ^ a0 ^ (a0 << 16);
    this.s01 = (s01 << 24) ^ (s00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
    this.s10 = (a1 << 5) ^ (a0 >>> 27);
    this.s11 = (a0 << 5) ^ (a1 >>> 27);
  }
  /** The state of `generator(seed, name)` (the same words, the same warm-up), without its objects. */
  private init(): void {
    const seed = this.seed;
    let h = fnv1a(this.name, seed | 0) ^ splitmix32(Math.floor(seed / 2 ** 32) | 0);
    const w0 = (h = splitmix32(h + 0));
    const w1 = (h = splitmix32(h + 1));
    const w2 = (h = splitmix32(h + 2));
    const w3 = splitmix32(h + 3);
    // pure-rand's state order (s01, s00, s11, s10); xoroshiro's state must not be all zero
    this.s01 = w0 === 0 && w1 === 0 && w2 === 0 && w3 === 0 ? 1 : w0;
    this.s00 = w1;
    this.s11 = w2;
    this.s10 = w3;
    for (let i = 0; i < WARM_UP_DRAWS; i++) this.step();
    this.seeded = true;
  }
}

const MASK26 = 0x3ffffff;
const MASK27 = 0x7ffffff;
const SCALE26 = 2 ** -26;
const SCALE53 = 2 ** -53;

/** A fresh stream for (seed, name). Seeds are integers (any sign, up to 2^53). */
export function stream(seed: number, name: string): Stream {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  return new XoroStream(seed, name);
}

/** pure-rand's xoroshiro128+ seeded from (seed, name), past its warm-up draws. */
export function generator(seed: number, name: string): RandomGenerator {
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

/**
 * Stream names by purpose and source, made once per thread (every run asks for the same names),
 * each with a small integer id: a run keeps its streams in an array by id, and the samplers of a
 * source keep their streams' ids, so a run's many streams (a source has up to 11 purposes, the
 * large example 164 sources) are found without hashing their names.
 */
const names = new Map<string, Map<string, number>>();
const nameOfId: string[] = [];

/** The id of the stream named `purpose/source` (the same for every run of this thread). */
export function streamId(purpose: string, source: string): number {
  let bySource = names.get(purpose);
  if (bySource === undefined) names.set(purpose, (bySource = new Map()));
  let id = bySource.get(source);
  if (id === undefined) {
    id = nameOfId.length;
    nameOfId.push(`${purpose}/${source}`);
    bySource.set(source, id);
  }
  return id;
}

/** The streams of one run: created on first use, one per name. */
export class Streams {
  private readonly byId: (Stream | undefined)[] = new Array<Stream | undefined>(nameOfId.length);
  constructor(readonly seed: number) {}
  get(purpose: string, source: string): Stream {
    return this.byStreamId(streamId(purpose, source));
  }
  /** The stream of a `streamId`. */
  byStreamId(id: number): Stream {
    let s = this.byId[id];
    if (s === undefined) this.byId[id] = s = stream(this.seed, nameOfId[id]!);
    return s;
  }
}
