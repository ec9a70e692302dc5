/**
 * What the simulator draws per source: its named streams (one per purpose, rng.ts) and the
 * samplers of its distributions, built once per run; plus the small discrete draws it needs.
 */
import { samplerOf, type Sampler } from './distributions.ts';
import { streamId, type Streams, type Stream } from './rng.ts';
import type { CitizenProfile, WalkInSource } from './scenario.ts';

export interface SourceDraws {
  readonly arrivals: Stream;
  readonly cls: Stream;
  readonly channel: Stream;
  readonly handle: Stream;
  readonly patience: Stream;
  readonly payment: Stream;
  readonly bank: Stream;
  readonly absent: Stream;
  readonly handleOf: Sampler;
  readonly patienceOf: readonly (Sampler | null)[];
  readonly bankOf: Sampler | null;
  readonly classCum: readonly number[];
  /** Walk-in channels (empty for bookings). */
  readonly channelCum: readonly number[];
  /** Transfers and ratings: null when the source has none (no stream is created). */
  readonly transfer: Stream | null;
  readonly transferHandle: Stream | null;
  readonly transferHandleOf: readonly Sampler[];
  readonly rating: Stream | null;
  readonly ratingCum: readonly number[];
  /**
   * The source's fields read for every citizen, copied here (`SourceFacts`, one hidden class): the
   * scenario's source objects come in ~15 shapes (spreads of differently typed profiles, frozen),
   * so reading them in the loop was a megamorphic lookup each.
   */
  readonly facts: SourceFacts;
}

/** What `newCitizen` and `arrival` read of a source (the values of its `CitizenProfile` / `WalkInSource` fields). */
export class SourceFacts {
  readonly id: string;
  readonly service: string;
  readonly classIds: readonly string[];
  /** payment !== null */
  readonly pays: boolean;
  /** payment.share and payment.beforeShare (0 when no payment). */
  readonly payShare: number;
  readonly beforeShare: number;
  readonly absentRate: number;
  readonly transferTo: readonly string[];
  readonly transferShare: readonly number[];
  /** rating.share (0 when no rating). */
  readonly ratingShare: number;
  /** Walk-in channel ids (empty for bookings). */
  readonly channelIds: readonly string[];
  /** Walk-ins: the arrival process (null for bookings). */
  readonly process: WalkInSource['process'] | null;

  constructor(src: CitizenProfile) {
    this.id = src.id;
    this.service = src.service;
    this.classIds = src.classes.map((c) => c.id);
    this.pays = src.payment !== null;
    this.payShare = src.payment !== null ? src.payment.share : 0;
    this.beforeShare = src.payment !== null ? src.payment.beforeShare : 0;
    this.absentRate = src.absentRate;
    this.transferTo = src.transfers.map((t) => t.to);
    this.transferShare = src.transfers.map((t) => t.share);
    this.ratingShare = src.rating !== null ? src.rating.share : 0;
    this.channelIds = 'channels' in src ? (src as WalkInSource).channels.map((c) => c.id) : [];
    this.process = 'process' in src ? (src as WalkInSource).process : null;
  }
}

export function cumulative(ws: readonly number[]): number[] {
  const total = ws.reduce((a, b) => a + b, 0);
  let acc = 0;
  return ws.map((w) => (acc += w) / total);
}

export function pick(cum: readonly number[], s: Stream): number {
  if (cum.length === 1) return 0;
  const u = s.next();
  for (let i = 0; i < cum.length - 1; i++) if (u < cum[i]!) return i;
  return cum.length - 1;
}

export function poisson(mean: number, s: Stream): number {
  if (mean <= 0) return 0;
  if (mean > 500) return Math.max(0, Math.round(mean + Math.sqrt(mean) * Math.sqrt(-2 * Math.log(1 - s.next())) * Math.cos(2 * Math.PI * s.next())));
  const l = Math.exp(-mean);
  let k = 0;
  let p = s.next();
  while (p > l) {
    k++;
    p *= s.next();
  }
  return k;
}


type Static = Omit<SourceDraws, 'arrivals' | 'cls' | 'channel' | 'handle' | 'patience' | 'payment' | 'bank' | 'absent' | 'transfer' | 'transferHandle' | 'rating'> & {
  /** Stream ids of the purposes, in the order of `PURPOSES`. */
  readonly ids: Int32Array;
};

const PURPOSES = ['arrivals', 'class', 'channel', 'handle', 'patience', 'payment', 'bank', 'absent', 'transfer', 'transferHandle', 'rating'] as const;

/** The samplers and cumulative weights of a source: the same for every run, built once per source. */
const statics = new WeakMap<CitizenProfile, Static>();

function staticOf(src: CitizenProfile): Static {
  let s = statics.get(src);
  if (!s) {
    s = {
      handleOf: samplerOf(src.handle),
      patienceOf: src.classes.map((c) => (c.patience ? samplerOf(c.patience) : null)),
      bankOf: src.payment ? samplerOf(src.payment.bankTime) : null,
      classCum: cumulative(src.classes.map((c) => c.weight)),
      channelCum: 'channels' in src ? cumulative((src as WalkInSource).channels.map((c) => c.weight)) : [],
      transferHandleOf: src.transfers.map((t) => samplerOf(t.handle)),
      ratingCum: src.rating ? cumulative(src.rating.weights) : [],
      ids: Int32Array.from(PURPOSES, (p) => streamId(p, src.id)),
      facts: new SourceFacts(src),
    };
    statics.set(src, s);
  }
  return s;
}

/** The streams and samplers of one source. */
export function drawsOf(streams: Streams, src: CitizenProfile): SourceDraws {
  const st = staticOf(src);
  const ids = st.ids;
  // one literal with every field (a spread of the static part made slow dictionary-mode objects)
  return {
    arrivals: streams.byStreamId(ids[0]!),
    cls: streams.byStreamId(ids[1]!),
    channel: streams.byStreamId(ids[2]!),
    handle: streams.byStreamId(ids[3]!),
    patience: streams.byStreamId(ids[4]!),
    payment: streams.byStreamId(ids[5]!),
    bank: streams.byStreamId(ids[6]!),
    absent: streams.byStreamId(ids[7]!),
    handleOf: st.handleOf,
    patienceOf: st.patienceOf,
    bankOf: st.bankOf,
    classCum: st.classCum,
    channelCum: st.channelCum,
    transfer: src.transfers.length > 0 ? streams.byStreamId(ids[8]!) : null,
    transferHandle: src.transfers.length > 0 ? streams.byStreamId(ids[9]!) : null,
    transferHandleOf: st.transferHandleOf,
    rating: src.rating ? streams.byStreamId(ids[10]!) : null,
    ratingCum: st.ratingCum,
    facts: st.facts,
  };
}
