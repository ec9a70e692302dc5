/** Read-only tables derived from a centre's config, shared by every centre state of that config. */
import type { CentreConfig } from './config.ts';
import type { WindowRef } from './commands.ts';
import { ticketNumber } from './tickets.ts';

/**
 * Read-only tables derived from a config: made once per config and shared by every centre of it
 * (the simulator makes a centre per simulated day). Nothing writes to them but the cache of
 * display numbers (`numbers`) and whether a second centre uses them (`shared`).
 */
export interface ConfigTables {
  readonly windowServices: readonly (readonly number[])[];
  readonly serviceWindows: readonly (readonly number[])[];
  readonly serviceIds: readonly string[];
  readonly servicePrefix: readonly string[];
  readonly prefixes: readonly string[];
  readonly prefixOfService: Int32Array;
  readonly classIds: readonly string[];
  readonly classRank: Float64Array;
  readonly classTargetMs: Float64Array;
  readonly windowNumbers: readonly number[];
  readonly windowRefs: readonly (readonly WindowRef[])[];
  readonly windowSole: Int16Array;
  readonly serviceSole: Uint8Array;
  /**
   * Display numbers already made, per prefix (index into `prefixes`) by sequence number below
   * NUMBER_CACHE ('' not made yet; grown by NUMBER_CHUNK as a day's numbers reach them): the one
   * part written after it is made, a cache of strings that are always the same for the same prefix
   * and number (see `cachedNumber`).
   */
  readonly numbers: string[][];
  /**
   * More than one centre state was made of this config (a simulator's days; in a server, a centre
   * reloaded or replayed): numbers past 999 recur. Only what is cached changes, never a number.
   */
  shared: boolean;
}

/**
 * Sequence numbers below NUMBER_CACHE have their display numbers cached; past the first
 * NUMBER_CHUNK only for a config that several centres use (`shared`: a simulator makes a centre
 * per day, and a one-queue centre issues thousands a day under one prefix — a D1 day at D2 scale,
 * 2,500 — so each day made A1000… again). A prefix's cache grows by NUMBER_CHUNK as a day's
 * sequence reaches it. In a single centre each number is made once a day: caching it only kept
 * the string alive for the scavenger to copy and promote (the core suite's pair, one centre whose
 * sequences run to ~20,000 a day, took 13,875 instructions instead of 13,353 with every number
 * cached).
 */
export const NUMBER_CACHE = 100_000;
const NUMBER_CHUNK = 1000;

/**
 * The display number of `seq` under prefix index `p` ('' for seq 0: no number yet): made once per configuration and
 * kept below NUMBER_CACHE. Every issue and every call shows one, and a simulated day (a new centre
 * of the same configuration) shows the same A001, A002, … again: a concatenation and a new string
 * each time before.
 */
export function cachedNumber(tables: ConfigTables, p: number, seq: number): string {
  if (seq === 0) return '';
  if (seq >= (tables.shared ? NUMBER_CACHE : NUMBER_CHUNK)) return ticketNumber(tables.prefixes[p]!, seq);
  const known = tables.numbers[p]!;
  if (seq >= known.length) {
    // (grown by push: a packed array of strings, never one with holes)
    while (known.length <= seq) for (let k = 0; k < NUMBER_CHUNK; k++) known.push('');
  }
  const n = known[seq]!;
  return n !== '' ? n : (known[seq] = ticketNumber(tables.prefixes[p]!, seq));
}

const TABLES = new WeakMap<CentreConfig, ConfigTables>();

export function configTables(config: CentreConfig): ConfigTables {
  const known = TABLES.get(config);
  if (known) {
    known.shared = true;
    return known;
  }
  const servicePrefix = config.services.map((s) => s.prefix);
  const prefixes = [...new Set(servicePrefix)];
  const windowSole = new Int16Array(config.windows.map((w) => (w.services.length === 1 ? w.services[0]! : -1)));
  const tables: ConfigTables = {
    windowServices: config.windows.map((w) => [...w.services]),
    serviceWindows: config.services.map((s) => [...s.windows]),
    serviceIds: config.services.map((s) => s.id),
    servicePrefix,
    prefixes,
    prefixOfService: Int32Array.from(servicePrefix, (p) => prefixes.indexOf(p)),
    classIds: config.classes.map((c) => c.id),
    classRank: Float64Array.from(config.classes, (c) => c.rank),
    classTargetMs: Float64Array.from(config.classes, (c) => c.targetMs),
    windowNumbers: config.windows.map((w) => w.number),
    // (each service's list is frozen, since every slip shares it; the list of lists is a plain
    // array, read on every issue: V8 reads a frozen array through a slow generic load)
    windowRefs: config.services.map((s) => Object.freeze(s.windows.map((w) => Object.freeze({ number: config.windows[w]!.number, floor: config.windows[w]!.floor })))),
    windowSole,
    serviceSole: new Uint8Array(config.services.map((s) => (s.windows.length > 0 && s.windows.every((w) => windowSole[w] !== -1) ? 1 : 0))),
    numbers: prefixes.map(() => []),
    shared: false,
  };
  TABLES.set(config, tables);
  return tables;
}
