/**
 * Tickets as parallel typed arrays (struct of arrays), indexed by ticket id (ids are dense: 1, 2, …
 * per centre, never reused). Times are epoch milliseconds in Float64Arrays, so a waiting ticket
 * costs about 130 bytes and no per-ticket object (measured in packages/bench).
 */
export const STATES = ['booked', 'waiting', 'called', 'serving', 'parked', 'done', 'noShow', 'cancelled', 'expired'] as const;
export type TicketState = (typeof STATES)[number];

export const S_BOOKED = 0;
export const S_WAITING = 1;
export const S_CALLED = 2;
export const S_SERVING = 3;
export const S_PARKED = 4;
export const S_DONE = 5;
export const S_NO_SHOW = 6;
export const S_CANCELLED = 7;
export const S_EXPIRED = 8;

export const CHANNELS = ['desk', 'terminal', 'callCentre', 'online'] as const;
export type Channel = (typeof CHANNELS)[number];

export const KIND_WALKIN = 0;
export const KIND_BOOKING = 1;

/** Where a ticket sits: nowhere, in its service's queue, or in the pending list (checked in early). */
export const LOC_NONE = 0;
export const LOC_QUEUE = 1;
export const LOC_PENDING = 2;

/** '000'…'999': daily sequence numbers as printed, made once (formatting one cost two new strings). */
const PADDED_SEQ = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** A ticket's display number: its service prefix and daily sequence, at least three digits (A007, A1234). */
export function ticketNumber(prefix: string, seq: number): string {
  return prefix + (seq < 1000 ? PADDED_SEQ[seq]! : String(seq));
}

export function isTerminal(state: number): boolean {
  return state >= S_DONE;
}

export class TicketTable {
  capacity = 0;
  /** Highest id in use; ids run 1..maxId. */
  maxId = 0;

  // times (ms)
  madeAt = new Float64Array(0); // issued (walk-in) or booked (booking)
  arrivedAt = new Float64Array(0); // walk-in: issued; booking: checked in; NaN before
  slot = new Float64Array(0); // booking slot σ, NaN for walk-ins
  due = new Float64Array(0); // d
  callableAt = new Float64Array(0); // e
  firstCalledAt = new Float64Array(0);
  calledAt = new Float64Array(0); // last call or recall
  startedAt = new Float64Array(0);
  endedAt = new Float64Array(0);
  k1 = new Float64Array(0);
  k2 = new Float64Array(0);
  k3 = new Float64Array(0);

  // small integers
  service = new Int16Array(0);
  cls = new Uint8Array(0);
  kind = new Uint8Array(0);
  channel = new Uint8Array(0);
  state = new Uint8Array(0);
  loc = new Uint8Array(0);
  window = new Int16Array(0); // window index holding it, -1 none
  lastWindow = new Int16Array(0); // window that last held it
  callCount = new Uint8Array(0);
  rating = new Uint8Array(0); // 0 = none
  transfers = new Uint8Array(0);
  late = new Uint8Array(0); // booking checked in late, now a walk-in
  seq = new Int32Array(0); // daily sequence number (display number = prefix + seq), 0 = none yet
  numService = new Int16Array(0); // service whose prefix the display number carries (kept on transfer)
  day = new Int32Array(0); // local day of the display number

  // references (only set when given)
  citizen: string[] = [];
  // set for few tickets, by id (a JS array written at scattered ids falls back to slow dictionary elements)
  readonly name = new Map<number, string>();
  readonly stop = new Map<number, string>();
  readonly reason = new Map<number, string>();

  /**
   * Makes room for id `id` (grows by doubling). New rows are left zeroed (pages the process has not
   * touched yet): `initRow` gives a row its defaults when its id is taken, so growing never writes
   * the unused half of a column.
   */
  ensure(id: number): void {
    if (id < this.capacity) return;
    const first = this.capacity === 0;
    let cap = Math.max(1024, this.capacity);
    while (cap <= id) cap *= 2;
    const grow = <T extends Float64Array | Int16Array | Uint8Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    this.madeAt = grow(this.madeAt);
    this.arrivedAt = grow(this.arrivedAt);
    this.slot = grow(this.slot);
    this.due = grow(this.due);
    this.callableAt = grow(this.callableAt);
    this.firstCalledAt = grow(this.firstCalledAt);
    this.calledAt = grow(this.calledAt);
    this.startedAt = grow(this.startedAt);
    this.endedAt = grow(this.endedAt);
    this.k1 = grow(this.k1);
    this.k2 = grow(this.k2);
    this.k3 = grow(this.k3);
    this.service = grow(this.service);
    this.cls = grow(this.cls);
    this.kind = grow(this.kind);
    this.channel = grow(this.channel);
    this.state = grow(this.state);
    this.loc = grow(this.loc);
    this.window = grow(this.window);
    this.lastWindow = grow(this.lastWindow);
    this.callCount = grow(this.callCount);
    this.rating = grow(this.rating);
    this.transfers = grow(this.transfers);
    this.late = grow(this.late);
    this.seq = grow(this.seq);
    this.numService = grow(this.numService);
    this.day = grow(this.day);
    this.capacity = cap;
    if (first) this.initRow(0); // row 0 is never a ticket; it keeps the defaults so snapshots stay as they were
  }

  /** Gives row `id` its defaults: times NaN (not yet), no window; everything else 0. */
  initRow(id: number): void {
    this.madeAt[id] = NaN;
    this.arrivedAt[id] = NaN;
    this.slot[id] = NaN;
    this.due[id] = NaN;
    this.callableAt[id] = NaN;
    this.firstCalledAt[id] = NaN;
    this.calledAt[id] = NaN;
    this.startedAt[id] = NaN;
    this.endedAt[id] = NaN;
    this.window[id] = -1;
    this.lastWindow[id] = -1;
  }

  has(id: number): boolean {
    return Number.isInteger(id) && id >= 1 && id <= this.maxId;
  }

  /** Total order of the current policy key: (k1, k2, k3, id). */
  readonly compare = (a: number, b: number): number =>
    this.k1[a]! - this.k1[b]! || this.k2[a]! - this.k2[b]! || this.k3[a]! - this.k3[b]! || a - b;

  /** Order of the pending list: (e, id). */
  readonly comparePending = (a: number, b: number): number => this.callableAt[a]! - this.callableAt[b]! || a - b;

  /** Order of not-yet-checked-in bookings by slot, for expiry: (σ, id). */
  readonly compareSlot = (a: number, b: number): number => this.slot[a]! - this.slot[b]! || a - b;
}
