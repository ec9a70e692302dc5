/**
 * The benchmark centre: 50 services in 8 agencies of unequal size, 40 windows each serving 3–10
 * services of its own agency (as the engine's config requires), Zipf-skewed service popularity,
 * the default two classes (priority ~10 %, general). Everything is drawn from a fixed seed.
 */
import { time, type CentreInput } from '@asan/queue-core';
import { Rng } from '../lib/rng.ts';

/** Services per agency (sum 50): one large ministry down to small private desks. */
export const AGENCY_SIZES = [12, 10, 8, 6, 5, 3, 3, 3] as const;
/** Windows per agency (sum 40), roughly proportional to the agency's size. */
export const AGENCY_WINDOWS = [10, 8, 6, 5, 4, 3, 2, 2] as const;
export const SERVICE_COUNT = AGENCY_SIZES.reduce((a, b) => a + b, 0);
export const WINDOW_COUNT = AGENCY_WINDOWS.reduce((a, b) => a + b, 0);
export const MIN_SERVICES_PER_WINDOW = 3;
export const MAX_SERVICES_PER_WINDOW = 10;
/** Share of walk-ins in the priority class. */
export const PRIORITY_SHARE = 0.1;
/** Zipf exponent of service popularity: the most popular service gets ~22 % of the tickets. */
export const ZIPF_S = 1;

/** Monday 2026-11-23, 10:00 in Baku (UTC+4): the default opening hours are 10:00–20:00. */
export const DAY_OPENS_AT = time.epochOf(time.parseDate('2026-11-23'), 10 * 60, 240 * time.MINUTE_MS);
export const DAY_CLOSES_AT = DAY_OPENS_AT + 10 * 60 * time.MINUTE_MS;

export interface BenchCentre {
  readonly input: CentreInput;
  readonly serviceIds: readonly string[];
  readonly windowNumbers: readonly number[];
  /** Services (indices into serviceIds) of each window, parallel to windowNumbers. */
  readonly windowServices: readonly (readonly number[])[];
  /** Windows (indices into windowNumbers) serving each service, parallel to serviceIds. */
  readonly serviceWindows: readonly (readonly number[])[];
  /** Popularity weight of each service (Zipf over a seeded order), parallel to serviceIds. */
  readonly popularity: readonly number[];
}

/** Ticket prefixes A, B, …, Z, AA, AB, …: 1–3 capital letters, as the config requires. */
function prefixOf(i: number): string {
  const letter = (k: number) => String.fromCharCode(65 + k);
  return i < 26 ? letter(i) : letter(Math.floor(i / 26) - 1) + letter(i % 26);
}

export function benchCentre(seed: number): BenchCentre {
  const rng = new Rng(seed);
  const agencies: CentreInput['agencies'] = [];
  const services: CentreInput['services'] = [];
  const byAgency: number[][] = [];
  AGENCY_SIZES.forEach((size, a) => {
    agencies.push({ id: `agency-${a + 1}`, kind: a < 5 ? 'public' : 'private' });
    const mine: number[] = [];
    for (let k = 0; k < size; k++) {
      const s = services.length;
      mine.push(s);
      services.push({ id: `svc-${s + 1}`, agency: `agency-${a + 1}`, prefix: prefixOf(s), meanHandleMin: rng.int(3, 20) });
    }
    byAgency.push(mine);
  });

  const windowServices: number[][] = [];
  const windowAgency: number[] = [];
  AGENCY_WINDOWS.forEach((count, a) => {
    const pool = byAgency[a]!;
    for (let k = 0; k < count; k++) {
      const n = rng.int(MIN_SERVICES_PER_WINDOW, Math.min(MAX_SERVICES_PER_WINDOW, pool.length));
      windowServices.push(rng.shuffled(pool).slice(0, n));
      windowAgency.push(a);
    }
  });
  // Every service needs a window (the engine refuses walk-ins for a service nobody serves).
  services.forEach((_, s) => {
    if (windowServices.some((ws) => ws.includes(s))) return;
    const a = byAgency.findIndex((pool) => pool.includes(s));
    const candidates = windowServices.map((ws, w) => w).filter((w) => windowAgency[w] === a && windowServices[w]!.length < MAX_SERVICES_PER_WINDOW);
    const w = candidates[rng.int(0, candidates.length - 1)];
    if (w === undefined) throw new Error(`no window of agency ${a + 1} can take service ${s + 1}`);
    windowServices[w]!.push(s);
  });
  windowServices.forEach((ws) => ws.sort((x, y) => x - y));

  const order = rng.shuffled(services.map((_, s) => s));
  const popularity = new Array<number>(services.length).fill(0);
  order.forEach((s, rank) => (popularity[s] = 1 / (rank + 1) ** ZIPF_S));

  const windowNumbers = windowServices.map((_, w) => w + 1);
  const input: CentreInput = {
    id: 'bench-centre',
    name: 'Benchmark centre (50 services, 40 windows)',
    agencies,
    services,
    windows: windowServices.map((ws, w) => ({
      number: windowNumbers[w]!,
      floor: 1 + (w % 3),
      agency: agencies[windowAgency[w]!]!.id,
      services: ws.map((s) => services[s]!.id),
    })),
  };
  const serviceWindows = services.map((_, s) => windowServices.flatMap((ws, w) => (ws.includes(s) ? [w] : [])));
  return { input, serviceIds: services.map((s) => s.id), windowNumbers, windowServices, serviceWindows, popularity };
}

/**
 * A distinct, flat 22-character citizen key per ticket (the length of a base64url 128-bit keyed
 * hash, which is what callers pass): the engine keeps it per ticket, so it belongs in the memory.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const codes = new Array<number>(22);
export function citizenKey(n: number): string {
  let x = (Math.imul(n ^ 0x9e3779b9, 0x85ebca6b) ^ (n >>> 13)) >>> 0;
  for (let i = 0; i < 22; i++) {
    x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + i + n) >>> 0;
    codes[i] = ALPHABET.charCodeAt(x & 63);
  }
  return String.fromCharCode(...codes);
}
