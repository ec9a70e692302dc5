/**
 * Tickets as parallel typed arrays (struct of arrays) in a ring of rows: ticket ids are dense (1, 2, …
 * per centre, never reused) and ticket `id` lives in row `id & mask` (TicketTable below). Times are
 * epoch milliseconds in Float64Arrays, so a waiting ticket costs about 130 bytes and no per-ticket
 * object (measured in packages/bench).
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

export const CHANNEL_ONLINE = 3;

/** Index of a channel in CHANNELS, -1 for none (a switch: the fold asks for every ticket). */
export function channelIndex(channel: string): number {
  switch (channel) {
    case 'desk':
      return 0;
    case 'terminal':
      return 1;
    case 'callCentre':
      return 2;
    case 'online':
      return CHANNEL_ONLINE;
    default:
      return -1;
  }
}

export const KIND_WALKIN = 0;
export const KIND_BOOKING = 1;

/** Where a ticket sits: nowhere, in its service's queue, or in the pending list (checked in early). */
export const LOC_NONE = 0;
export const LOC_QUEUE = 1;
export const LOC_PENDING = 2;

/** '000'…'999': daily sequence numbers as printed, made once (formatting one cost two new strings). */
const PADDED_SEQ = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
/** '0'…'999': the thousands of a larger sequence number. */
const PLAIN = Array.from({ length: 1000 }, (_, i) => String(i));

/**
 * A ticket's display number: its service prefix and daily sequence, at least three digits (A007, A1234).
 * Built from the two tables up to 999,999: `String(n)` would also store each new number's string in
 * V8's number-to-string cache, which keeps it alive past the next scavenge.
 */
export function ticketNumber(prefix: string, seq: number): string {
  if (seq < 1000) return prefix + PADDED_SEQ[seq]!;
  if (seq < 1_000_000) return prefix + PLAIN[Math.floor(seq / 1000)]! + PADDED_SEQ[seq % 1000]!;
  return prefix + String(seq);
}

export function isTerminal(state: number): boolean {
  return state >= S_DONE;
}

/** Columns of the ticket table, in snapshot order (src/snapshot.ts). */
export const TICKET_COLUMNS = [
  'madeAt', 'arrivedAt', 'slot', 'due', 'callableAt', 'firstCallableAt', 'firstCalledAt', 'calledAt', 'startedAt', 'endedAt', 'k1', 'k2', 'k3',
  'service', 'firstService', 'cls', 'kind', 'channel', 'state', 'loc', 'window', 'firstWindow', 'lastWindow', 'callCount', 'rating', 'transfers', 'late', 'seq', 'numService', 'day',
] as const;
export type TicketColumn = (typeof TICKET_COLUMNS)[number];


/**
 * The columns of a table before its first allocation: shared, empty (nothing can be written to
 * them), of the right types (`allocate` makes the real ones with their constructors). A new table
 * made ~28 empty typed arrays of its own, ~⅓ of making a small centre.
 */
const NONE_F64 = new Float64Array(0);
const NONE_I32 = new Int32Array(0);
const NONE_I16 = new Int16Array(0);
const NONE_U8 = new Uint8Array(0);

/**
 * A packed array of `n` empty strings: a new table's citizen column. Small sizes (a new centre's)
 * are made once and copied (slice); larger ones (a restored snapshot's) are made when asked.
 */
const BLANKS = new Map<number, string[]>();
function blanks(n: number): string[] {
  let b = BLANKS.get(n);
  if (b !== undefined) return b.slice();
  b = [];
  for (let r = 0; r < n; r++) b.push('');
  if (n <= 8192) BLANKS.set(n, b.slice());
  return b;
}

/**
 * Every typed-array column (`ids` too), widest element first: the layout of the one buffer they
 * share. The same for every table, so worked out once, from the first table's (empty) columns.
 */
let LAYOUT: (TicketColumn | 'ids')[] | undefined;

/**
 * The ticket table: a ring of rows. Ticket `id` lives in row `id & mask`; `ids[row]` says which
 * ticket a row holds (0: none). A finished ticket is archived once `retain` newer tickets have
 * been issued (see `known`): from then on only the event log has it, and its row may be taken by a
 * new ticket. A row is only ever taken from an archived ticket, never from one still waiting,
 * booked or at a window: when the next id's row holds such a ticket, the table doubles. So the
 * table spans at most twice the larger of `retain` and the age, in ids, of the oldest live ticket
 * (walk-ins end with their day, bookings within the booking horizon), not the centre's history,
 * and the rows in use stay warm in the cache. Which tickets are known depends only on the events
 * (never on the table's size), so a replay, a restored snapshot and the live centre agree.
 */
export class TicketTable {
  capacity = 0;
  /** capacity − 1 (capacity is a power of two): row of ticket id = id & mask. */
  mask = -1;
  /** Highest id in use; ids run 1..maxId. */
  maxId = 0;
  /** Ticket id held by each row, 0 for none. */
  ids = NONE_I32;

  // times (ms)
  madeAt = NONE_F64; // issued (walk-in) or booked (booking)
  arrivedAt = NONE_F64; // walk-in: issued; booking: checked in; NaN before
  slot = NONE_F64; // booking slot σ, NaN for walk-ins
  due = NONE_F64; // d
  callableAt = NONE_F64; // e (of the current turn in a queue: a resume or transfer starts a new one)
  firstCallableAt = NONE_F64; // e of the wait that ended at the first call (NaN before it)
  firstCalledAt = NONE_F64;
  calledAt = NONE_F64; // last call or recall
  startedAt = NONE_F64;
  endedAt = NONE_F64;
  k1 = NONE_F64;
  k2 = NONE_F64;
  k3 = NONE_F64;

  // small integers
  service = NONE_I16;
  firstService = NONE_I16; // service of the first call, -1 before it (a transfer changes `service`)
  cls = NONE_U8;
  kind = NONE_U8;
  channel = NONE_U8;
  state = NONE_U8;
  loc = NONE_U8;
  window = NONE_I16; // window index holding it, -1 none
  firstWindow = NONE_I16; // window of the first call, -1 before it
  lastWindow = NONE_I16; // window that last held it
  callCount = NONE_U8;
  rating = NONE_U8; // 0 = none
  transfers = NONE_U8;
  late = NONE_U8; // booking checked in late, now a walk-in
  seq = NONE_I32; // daily sequence number (display number = prefix + seq), 0 = none yet
  numService = NONE_I16; // service whose prefix the display number carries (kept on transfer)
  day = NONE_I32; // local day of the display number

  // references (only set when given), by row
  citizen: string[] = [];
  // set for few tickets, by id (a JS array written at scattered ids falls back to slow dictionary elements)
  readonly name = new Map<number, string>();
  readonly stop = new Map<number, string>();
  readonly reason = new Map<number, string>();

  /**
   * @param retain finished tickets stay known until this many newer tickets exist (config `keepFinishedTickets`).
   * @param initialRows rows of the first allocation (rounded up to a power of two, at least 1024):
   *   a hint, so that a centre that will issue thousands of tickets a day does not start by doubling.
   */
  constructor(
    readonly retain: number,
    private readonly initialRows = 1024,
  ) {}

  /**
   * Whether ticket `id` is known: issued, and not a finished ticket with `retain` or more newer
   * tickets after it (archived).
   */
  has(id: number): boolean {
    // `ids` holds only issued ids (0 in an empty row), so this also refuses fractions, negatives, NaN and ids past maxId.
    const r = id & this.mask;
    return id > 0 && this.ids[r] === id && (id > this.maxId - this.retain || !isTerminal(this.state[r]!));
  }

  /** Whether ticket `id` is in the table and not finished (waiting, booked, parked or at a window). */
  isLive(id: number): boolean {
    const r = id & this.mask;
    return id > 0 && this.ids[r] === id && !isTerminal(this.state[r]!);
  }

  /**
   * Gives ticket `id` (the next one) its row with the defaults (`initRow`). The row's previous
   * ticket, if any, is archived by then unless it is live, in which case the table doubles first.
   */
  claim(id: number): void {
    for (;;) {
      if (this.capacity === 0) {
        this.resize(this.initialRows);
        continue;
      }
      const r = id & this.mask;
      const old = this.ids[r]!;
      if (old !== 0) {
        // Rows are reused only once the table is larger than `retain` (so `old` ≤ id − capacity is archived).
        if (this.capacity <= this.retain || !isTerminal(this.state[r]!)) {
          this.resize(this.capacity * 2);
          continue;
        }
        if (this.name.size > 0) this.name.delete(old);
        if (this.stop.size > 0) this.stop.delete(old);
        if (this.reason.size > 0) this.reason.delete(old);
        this.zeroRow(r);
      }
      this.ids[r] = id;
      this.initRow(r);
      return;
    }
  }

  /** Makes the table at least `capacity` rows (a power of two, 1024 or more), every ticket in its row. */
  resize(capacity: number): void {
    if (this.capacity === 0) {
      let cap = 1024;
      while (cap < capacity) cap *= 2;
      this.allocate(cap);
      this.citizen = blanks(cap);
      return;
    }
    while (this.capacity < capacity) this.double();
  }

  /**
   * Gives every column a new zeroed array of `cap` rows, all views of one ArrayBuffer (one
   * allocation per resize instead of one per column), widest element first so every view is
   * aligned. Returns the old columns, by name.
   */
  private allocate(cap: number): Record<TicketColumn | 'ids', Float64Array> {
    const cols = this as unknown as Record<TicketColumn | 'ids', Float64Array>;
    const old = {} as Record<TicketColumn | 'ids', Float64Array>;
    const names = (LAYOUT ??= (['ids', ...TICKET_COLUMNS] as const).slice().sort((a, b) => cols[b].BYTES_PER_ELEMENT - cols[a].BYTES_PER_ELEMENT));
    let bytes = 0;
    for (const c of names) bytes += cols[c].BYTES_PER_ELEMENT * cap;
    const buffer = new ArrayBuffer(bytes);
    let offset = 0;
    for (const c of names) {
      const a = cols[c];
      old[c] = a;
      cols[c] = new (a.constructor as Float64ArrayConstructor)(buffer, offset, cap);
      offset += a.BYTES_PER_ELEMENT * cap;
    }
    this.capacity = cap;
    this.mask = cap - 1;
    return old;
  }

  /**
   * Doubles the table. Ticket `id` in row r = id & mask goes to r or r + capacity, by the bit of
   * `id` for the old capacity; each column is copied whole, then the few rows that move are moved
   * (none while the ids have not yet wrapped round the table).
   */
  private double(): void {
    const cap = this.capacity;
    const moved: number[] = [];
    for (let r = 0; r < cap; r++) if ((this.ids[r]! & cap) !== 0) moved.push(r);
    const old = this.allocate(cap * 2);
    const cols = this as unknown as Record<TicketColumn | 'ids', Float64Array>;
    for (const c of LAYOUT!) {
      const a = old[c];
      const b = cols[c];
      b.set(a);
      for (let i = 0; i < moved.length; i++) {
        const r = moved[i]!;
        b[r + cap] = a[r]!;
        b[r] = 0; // a row without a ticket is all zeros (see claim)
      }
    }
    const citizen = this.citizen; // a packed array grown in place
    for (let r = 0; r < cap; r++) citizen.push('');
    for (let i = 0; i < moved.length; i++) {
      const r = moved[i]!;
      citizen[r + cap] = citizen[r]!;
      citizen[r] = '';
    }
  }

  /**
   * Gives row `r` its defaults: times NaN (not yet), no window. The other columns' default is 0,
   * which a new row has (`claim` zeroes a reused one with `zeroRow`).
   */
  initRow(r: number): void {
    this.madeAt[r] = NaN;
    this.arrivedAt[r] = NaN;
    this.slot[r] = NaN;
    this.due[r] = NaN;
    this.callableAt[r] = NaN;
    this.firstCallableAt[r] = NaN;
    this.firstCalledAt[r] = NaN;
    this.calledAt[r] = NaN;
    this.startedAt[r] = NaN;
    this.endedAt[r] = NaN;
    this.window[r] = -1;
    this.firstService[r] = -1;
    this.firstWindow[r] = -1;
    this.lastWindow[r] = -1;
  }

  /** Zeroes the columns of row `r` whose default is 0 (a row taken from an archived ticket). */
  private zeroRow(r: number): void {
    this.k1[r] = 0;
    this.k2[r] = 0;
    this.k3[r] = 0;
    this.service[r] = 0;
    this.cls[r] = 0;
    this.kind[r] = 0;
    this.channel[r] = 0;
    this.state[r] = 0;
    this.loc[r] = 0;
    this.callCount[r] = 0;
    this.rating[r] = 0;
    this.transfers[r] = 0;
    this.late[r] = 0;
    this.seq[r] = 0;
    this.numService[r] = 0;
    this.day[r] = 0;
  }

  /** Known ticket ids (see `has`), ascending. */
  knownIds(): Int32Array {
    const ids = this.ids;
    const out = new Int32Array(ids.length);
    let n = 0;
    for (let r = 0; r < ids.length; r++) {
      const id = ids[r]!;
      if (id !== 0 && this.has(id)) out[n++] = id;
    }
    return out.subarray(0, n).sort(); // a typed array sorts numerically, natively
  }

  /** Total order of the current policy key: (k1, k2, k3, id). */
  readonly compare = (a: number, b: number): number => {
    const m = this.mask;
    const ra = a & m;
    const rb = b & m;
    return this.k1[ra]! - this.k1[rb]! || this.k2[ra]! - this.k2[rb]! || this.k3[ra]! - this.k3[rb]! || a - b;
  };

  /** Order of the pending list: (e, id). */
  readonly comparePending = (a: number, b: number): number => this.callableAt[a & this.mask]! - this.callableAt[b & this.mask]! || a - b;

  /** Order of not-yet-checked-in bookings by slot, for expiry: (σ, id). */
  readonly compareSlot = (a: number, b: number): number => this.slot[a & this.mask]! - this.slot[b & this.mask]! || a - b;
}
