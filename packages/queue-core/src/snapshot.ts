/**
 * Snapshots: the whole logical state of a centre at one version as plain data, so that a server
 * can start from the latest snapshot and replay only the events after it.
 *
 * A snapshot holds the known tickets (ids, then one typed array per column in the same order; archived
 * tickets are left out, see tickets.ts), windows, holds, slot use,
 * active bookings per citizen, waiting counts, handle times, arrivals, day counters, board, daily
 * sequences, idempotency keys with the days they are kept by (formats 3 and later) and the scalars (ids, version, clock, day). The index structures
 * (service queues, pending list, bookings by slot) are rebuilt from the columns on restore (restore.ts). It
 * survives `structuredClone` and msgpack (typed arrays, NaN, -Infinity); plain JSON loses NaN and
 * typed arrays, so do not persist it as JSON.
 *
 * It is only valid with the configuration it was taken with: `restoreState` refuses another
 * centre or another configuration (fingerprint of the input) with QC_ERR_SNAPSHOT_MISMATCH.
 */
import type { CentreConfig } from './config.ts';
import { queueError } from './errors.ts';
import { reindex } from './restore.ts';
import type { BoardEntry, CentreState, DayCounters, Hold, WindowState } from './state.ts';
import { TICKET_COLUMNS, type TicketColumn, type TicketTable } from './tickets.ts';

/** Bumped when the layout changes: an older snapshot is refused (the server then replays the log). */
export const SNAPSHOT_FORMAT = 4;

const COLUMNS = TICKET_COLUMNS;
type Column = TicketColumn;

/** Optional per-ticket strings, as [id, value] entries (most tickets have none). */
const SPARSE = ['name', 'stop', 'reason'] as const;
type Sparse = (typeof SPARSE)[number];

export interface CentreSnapshot {
  readonly format: number;
  /** Centre id of the configuration. */
  readonly centre: string;
  /** Hash of the configuration's input (see configFingerprint). */
  readonly config: string;
  readonly version: number;
  readonly clock: number;
  readonly day: number;
  readonly dayStartedAt: number;
  readonly lastDayEnded: number;
  /** A day a later day's first event left unended (format 4). */
  readonly unendedDay: number;
  readonly lastTickAt: number;
  readonly nextId: number;
  readonly nextHoldId: number;
  readonly maxId: number;
  /** The known tickets (not archived), ascending; the columns and citizens below are in this order. */
  readonly ids: Int32Array;
  readonly columns: { readonly [C in Column]: TicketTable[C] };
  readonly citizen: readonly string[];
  readonly sparse: { readonly [S in Sparse]: readonly (readonly [number, string])[] };
  readonly windows: readonly WindowState[];
  readonly holds: readonly Hold[];
  readonly slotUse: readonly (readonly [string, number])[];
  readonly citizenActive: readonly (readonly [string, readonly number[]])[];
  readonly waiting: Int32Array;
  readonly handleMs: Float64Array;
  readonly arrivals: Int32Array;
  readonly serviceDay: readonly DayCounters[];
  readonly classDay: readonly DayCounters[];
  readonly board: readonly BoardEntry[];
  readonly prefixSeq: readonly (readonly [string, number])[];
  readonly idempotency: readonly (readonly [string, number])[];
  /** [day, first version of that day] of the days whose keys are still known (formats 3 and later). */
  readonly keyDays: readonly (readonly [number, number])[];
}

/** A copy of the state as a snapshot (nothing shared with the live state). */
export function takeSnapshot(st: CentreState): CentreSnapshot {
  const t = st.t;
  const ids = t.knownIds().slice(); // its own buffer, cut to length
  const n = ids.length;
  const rows = rowsOf(ids, t.mask);
  const columns = {} as Record<Column, TicketTable[Column]>;
  for (const c of COLUMNS) {
    const from = t[c] as Float64Array;
    const to = new (from.constructor as Float64ArrayConstructor)(n);
    gather(from, rows, to);
    columns[c] = to as unknown as TicketTable[Column];
  }
  const sparse = {} as Record<Sparse, [number, string][]>;
  for (const s of SPARSE) {
    const out: [number, string][] = [];
    t[s].forEach((v, id) => {
      if (t.has(id)) out.push([id, v]);
    });
    sparse[s] = out.sort((a, b) => a[0] - b[0]);
  }
  return {
    format: SNAPSHOT_FORMAT,
    centre: st.config.id,
    config: configFingerprint(st.config),
    version: st.version,
    clock: st.clock,
    day: st.day,
    dayStartedAt: st.dayStartedAt,
    lastDayEnded: st.lastDayEnded,
    unendedDay: st.unendedDay,
    lastTickAt: st.lastTickAt,
    nextId: st.nextId,
    nextHoldId: st.nextHoldId,
    maxId: t.maxId,
    ids,
    columns: columns as CentreSnapshot['columns'],
    citizen: citizensOf(t.citizen, rows),
    sparse,
    windows: st.windows.map((w) => ({ ...w })),
    holds: [...st.holds.values()].map((h) => ({ ...h })),
    slotUse: st.slotUse.entries(),
    citizenActive: [...st.citizenActive.entries()].map(([k, v]) => [k, [...v]] as const),
    waiting: st.waiting.slice(),
    handleMs: st.handleMs.slice(),
    arrivals: st.arrivals.slice(),
    serviceDay: st.serviceDay.map((c) => ({ ...c })),
    classDay: st.classDay.map((c) => ({ ...c })),
    board: st.boardEntries(),
    prefixSeq: st.prefixes.flatMap((prefix, i) => (st.prefixSeq[i]! > 0 ? [[prefix, st.prefixSeq[i]!] as const] : [])),
    idempotency: st.idempotency.entries(),
    keyDays: st.idempotency.dayMarks(),
  };
}

/** Error thrown when a snapshot does not belong to the configuration it is restored with. */
export class SnapshotMismatchError extends Error {
  readonly code = 'QC_ERR_SNAPSHOT_MISMATCH' as const;
  constructor(centre: string, reason: string) {
    super(`QC_ERR_SNAPSHOT_MISMATCH: ${queueError('QC_ERR_SNAPSHOT_MISMATCH', { centre, reason }).message}`);
    this.name = 'SnapshotMismatchError';
  }
}

/** Loads a snapshot into a fresh state (built from the same configuration); throws SnapshotMismatchError otherwise. */
export function restoreState(st: CentreState, snap: CentreSnapshot): void {
  const cfg = st.config;
  if (snap === null || typeof snap !== 'object') throw new SnapshotMismatchError(cfg.id, 'not a snapshot');
  if (snap.format !== SNAPSHOT_FORMAT) throw new SnapshotMismatchError(cfg.id, `format ${String(snap.format)}, this engine reads ${SNAPSHOT_FORMAT}`);
  if (snap.centre !== cfg.id) throw new SnapshotMismatchError(cfg.id, `the snapshot is of centre ${snap.centre}`);
  const fp = configFingerprint(cfg);
  if (snap.config !== fp) throw new SnapshotMismatchError(cfg.id, `taken with configuration ${snap.config}, restored with ${fp}`);
  if (st.version !== 0) throw new SnapshotMismatchError(cfg.id, 'restore into a centre that has events');

  const t = st.t;
  const ids = snap.ids;
  if (!(ids instanceof Int32Array)) throw new SnapshotMismatchError(cfg.id, 'its ticket ids are not an Int32Array (formats 2 and later keep typed arrays)');
  const damage = damageOf(st, snap);
  if (damage !== null) throw new SnapshotMismatchError(cfg.id, `it is truncated or corrupted: ${damage}`);
  t.resize(distinctRows(ids));
  const rows = rowsOf(ids, t.mask);
  for (const c of [...COLUMNS, 'ids'] as const) scatter((c === 'ids' ? ids : snap.columns[c]) as Float64Array, rows, t[c] as Float64Array);
  for (let i = 0; i < ids.length; i++) t.citizen[ids[i]! & t.mask] = snap.citizen[i]!;
  t.maxId = snap.maxId;
  for (const s of SPARSE) for (const [id, v] of snap.sparse[s]) t[s].set(id, v);

  st.windows.forEach((w, i) => Object.assign(w, snap.windows[i]));
  for (const h of snap.holds) st.holds.set(h.id, { ...h });
  if (!st.slotUse.load(snap.slotUse)) throw new SnapshotMismatchError(st.config.id, 'its slot use names a service this configuration does not have');
  for (const [k, v] of snap.citizenActive) st.citizenActive.set(k, [...v]);
  st.waiting.set(snap.waiting);
  st.handleMs.set(snap.handleMs);
  st.arrivals.set(snap.arrivals);
  st.serviceDay.forEach((c, i) => Object.assign(c, snap.serviceDay[i]));
  st.classDay.forEach((c, i) => Object.assign(c, snap.classDay[i]));
  st.board.load(snap.board, st.boardLookup());
  for (const [k, v] of snap.prefixSeq) {
    const i = st.prefixes.indexOf(k);
    if (i === -1) throw new SnapshotMismatchError(st.config.id, `it numbers tickets with prefix ${JSON.stringify(k)}, which no service of this configuration has`);
    st.prefixSeq[i] = v;
  }
  st.idempotency.load(snap.idempotency, snap.keyDays);

  st.nextId = snap.nextId;
  st.nextHoldId = snap.nextHoldId;
  st.version = snap.version;
  st.clock = snap.clock;
  st.day = snap.day;
  st.dayStartedAt = snap.dayStartedAt;
  st.lastDayEnded = snap.lastDayEnded;
  st.unendedDay = snap.unendedDay;
  st.lastTickAt = snap.lastTickAt;
  reindex(st);
}

/**
 * What makes a snapshot unusable for this state (built from the same configuration), or null: checked
 * before anything is loaded, so that a truncated or corrupted snapshot (a short column, a missing
 * part, ids out of order) is refused instead of restoring a wrong state (columns read past their end
 * as NaN or 0, tickets given another's row) or failing with a TypeError.
 */
function damageOf(st: CentreState, snap: CentreSnapshot): string | null {
  const count = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  for (const k of ['version', 'nextId', 'nextHoldId', 'maxId'] as const) if (!count(snap[k])) return `${k} is ${String(snap[k])}, not a count`;
  for (const k of ['clock', 'day', 'dayStartedAt', 'lastDayEnded', 'unendedDay', 'lastTickAt'] as const) if (typeof snap[k] !== 'number') return `${k} is not a number`;
  const ids = snap.ids;
  const n = ids.length;
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    if (id <= 0 || id > snap.maxId || (i > 0 && id <= ids[i - 1]!)) return `ticket ids must ascend from 1 to maxId ${snap.maxId}; id ${id} at position ${i}`;
  }
  if (snap.maxId >= snap.nextId) return `maxId ${snap.maxId} is not below nextId ${snap.nextId}`;
  const cols = snap.columns as Record<string, unknown> | undefined;
  if (cols === null || typeof cols !== 'object') return 'it has no ticket columns';
  for (const c of COLUMNS) {
    const col = cols[c];
    const like = st.t[c] as { constructor: unknown };
    if (!ArrayBuffer.isView(col) || col.constructor !== like.constructor || (col as Float64Array).length !== n) return `ticket column ${c} is not a ${(like.constructor as { name: string }).name} of ${n} (one per id)`;
  }
  if (!Array.isArray(snap.citizen) || snap.citizen.length !== n || !snap.citizen.every((x) => typeof x === 'string')) return `citizen is not ${n} strings (one per id)`;
  if (snap.sparse === null || typeof snap.sparse !== 'object') return 'it has no sparse ticket columns';
  for (const s of SPARSE) if (!Array.isArray(snap.sparse[s]) || !snap.sparse[s].every((e) => Array.isArray(e) && e.length === 2)) return `sparse column ${s} is not a list of [id, text]`;
  const lists = { windows: st.windows.length, serviceDay: st.serviceDay.length, classDay: st.classDay.length } as const;
  for (const [k, len] of Object.entries(lists) as [keyof typeof lists, number][]) {
    const v = snap[k];
    if (!Array.isArray(v) || v.length !== len || !v.every((x) => x !== null && typeof x === 'object')) return `${k} is not ${len} records (one per ${k === 'windows' ? 'window' : k === 'serviceDay' ? 'service' : 'class'})`;
  }
  for (const k of ['waiting', 'handleMs', 'arrivals'] as const) {
    const v = snap[k] as unknown;
    const like = st[k];
    if (!ArrayBuffer.isView(v) || v.constructor !== like.constructor || (v as Int32Array).length !== like.length) return `${k} is not a ${like.constructor.name} of ${like.length}`;
  }
  for (const k of ['holds', 'slotUse', 'citizenActive', 'board', 'prefixSeq', 'idempotency', 'keyDays'] as const) {
    if (!Array.isArray(snap[k])) return `${k} is missing`;
  }
  return null;
}

/**
 * to[i] = from[rows[i]] (take) and to[rows[i]] = from[i] (restore), for every column: small loops of
 * their own, whose element accesses see only the four array types of the columns.
 */
function rowsOf(ids: Int32Array, mask: number): Int32Array {
  const rows = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) rows[i] = ids[i]! & mask;
  return rows;
}
function citizensOf(citizen: readonly string[], rows: Int32Array): string[] {
  const out: string[] = [];
  for (let i = 0; i < rows.length; i++) out.push(citizen[rows[i]!]!);
  return out;
}
function gather(from: Float64Array, rows: Int32Array, to: Float64Array): void {
  for (let i = 0; i < rows.length; i++) to[i] = from[rows[i]!]!;
}
function scatter(from: Float64Array, rows: Int32Array, to: Float64Array): void {
  for (let i = 0; i < rows.length; i++) to[rows[i]!] = from[i]!;
}

/** The smallest table size (a power of two, at least 1024) at which these ids fall in distinct rows. */
function distinctRows(ids: Int32Array): number {
  let cap = 1024;
  while (cap < ids.length) cap *= 2;
  for (;;) {
    const seen = new Uint8Array(cap);
    let clash = false;
    for (let i = 0; i < ids.length && !clash; i++) {
      const r = ids[i]! & (cap - 1);
      if (seen[r] === 1) clash = true;
      seen[r] = 1;
    }
    if (!clash) return cap;
    cap *= 2;
  }
}

/**
 * A stable hash of the configuration's input (keys sorted, so key order does not matter): two
 * configurations with one fingerprint decide alike. 53-bit cyrb53, as 14 hex digits.
 */
export function configFingerprint(config: CentreConfig): string {
  const text = canonical(config.input);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
