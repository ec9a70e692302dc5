/**
 * The simulator's future-event list: a binary min-heap of events ordered by the total key
 * (time, rank, seq) — time in epoch ms, rank the event kind's place in the order of equal times
 * (MECHANISM.md), seq the order in which events were scheduled. Nothing is left to the heap's
 * order. Events are (kind, arg) pairs of small integers. The heap is kept in parallel typed arrays
 * in heap order (time; rank and seq packed into one exact double; kind; arg), so a comparison
 * reads two adjacent arrays instead of following a slot index, and a run allocates nothing per
 * event.
 *
 *   push, pop   O(log n)     peek   O(1)
 *
 * (flatqueue has one numeric priority; the three-part key is what keeps equal times defined.)
 *
 * With a `span` (the run's calendar: a day), only events before the current boundary (the end of
 * the span holding the clock) are in the heap; later ones wait unsorted in a side list and enter
 * the heap when it has run dry, which is exactly when the clock reaches them (every event in the
 * heap is before the boundary, every one in the list at or after it). The next day's ~700
 * check-ins, booked at noon, no longer sit in the heap through the afternoon (a heap of ~900
 * events instead of ~150 for every push and pop of the large example).
 */

/** rank · 2^44 + seq is exact in a double for rank < 256 and seq < 2^44 (far more events than a run schedules). */
const RANK_UNIT = 2 ** 44;

/** The order of scheduling, shared by the calendars of a run (the walk-in arrivals' lane and the rest). */
export class SchedulingOrder {
  n = 0;
}

interface Lane {
  time: Float64Array;
  order: Float64Array;
  kindOf: Uint8Array;
  argOf: Int32Array;
}

/** Arrays of a released calendar (heap and later list), reused by the next calendar of this thread. */
let spare: { heap: Lane; later: Lane } | null = null;

function lane(capacity: number): Lane {
  return { time: new Float64Array(capacity), order: new Float64Array(capacity), kindOf: new Uint8Array(capacity), argOf: new Int32Array(capacity) };
}

/**
 * The arrays of an empty lane, shared (never written: a lane grows into new arrays first) — a
 * typed array is costly to allocate, and a run's calendars released or without a later list
 * needed eight of them per run.
 */
const EMPTY: Lane = lane(0);

export class EventCalendar {
  private time: Float64Array;
  /** rank · RANK_UNIT + seq */
  private order: Float64Array;
  private kindOf: Uint8Array;
  private argOf: Int32Array;
  private n = 0;
  private readonly seq: SchedulingOrder;
  /** A small calendar with its own arrays (not the thread's spare ones). */
  private readonly own: boolean;
  /** Events at or after `boundary` (unsorted), `laterN` of them. */
  private later: Lane;
  private laterN = 0;
  /** Every event in the heap is before it, every one in `later` at or after it. */
  private boundary = Infinity;
  private anchor = 0;
  private span = Infinity;

  /**
   * `seq`: shared with another calendar of the run, so that the two merged give the order of a
   * single one. `capacity`: a small calendar with arrays of its own (the spare arrays stay for
   * the run's main calendar).
   */
  constructor(seq: SchedulingOrder = new SchedulingOrder(), capacity = 0) {
    this.seq = seq;
    this.own = capacity > 0;
    const s = this.own ? null : spare;
    let heap: Lane;
    if (this.own) {
      heap = lane(capacity);
      this.later = EMPTY;
    } else if (s !== null) {
      spare = null;
      heap = s.heap;
      this.later = s.later;
    } else {
      heap = lane(1024);
      this.later = EMPTY;
    }
    this.time = heap.time;
    this.order = heap.order;
    this.kindOf = heap.kindOf;
    this.argOf = heap.argOf;
  }

  /**
   * Spans of `span` ms from `anchor` (before any event is pushed): the first from before the anchor
   * to anchor + span. Without: one span, the heap holds everything.
   */
  spans(anchor: number, span: number): void {
    if (this.n + this.laterN > 0) throw new Error('EventCalendar.spans: the calendar is not empty');
    this.anchor = anchor;
    this.span = span;
    this.boundary = anchor + span;
  }

  /** Hands the arrays to the next calendar of this thread; this one is empty and unusable after it. */
  release(): void {
    if (!this.own && (spare === null || spare.heap.time.length < this.time.length)) {
      spare = { heap: { time: this.time, order: this.order, kindOf: this.kindOf, argOf: this.argOf }, later: this.later };
    }
    this.time = EMPTY.time;
    this.order = EMPTY.order;
    this.kindOf = EMPTY.kindOf;
    this.argOf = EMPTY.argOf;
    this.later = EMPTY;
    this.n = 0;
    this.laterN = 0;
  }

  get size(): number {
    return this.n + this.laterN;
  }

  /** Time of the next event (Infinity when empty). */
  peekTime(): number {
    return this.n === 0 ? Infinity : this.time[0]!;
  }

  /**
   * The heap ran dry (and later events wait): moves the boundary to the end of the span holding
   * the earliest later event and takes every later event before it into the heap. Done at once
   * (the last pop, a push to the list while the heap is empty), so that an empty heap means an
   * empty calendar and peekTime stays as small as without spans (checking there cost ~1.7 % of
   * a D1 day).
   */
  private advance(): void {
    const L = this.later;
    let min = Infinity;
    for (let k = 0; k < this.laterN; k++) if (L.time[k]! < min) min = L.time[k]!;
    this.boundary = this.anchor + (Math.floor((min - this.anchor) / this.span) + 1) * this.span;
    let kept = 0;
    for (let k = 0; k < this.laterN; k++) {
      const t = L.time[k]!;
      if (t < this.boundary) this.insert(t, L.order[k]!, L.kindOf[k]!, L.argOf[k]!);
      else {
        L.time[kept] = t;
        L.order[kept] = L.order[k]!;
        L.kindOf[kept] = L.kindOf[k]!;
        L.argOf[kept] = L.argOf[k]!;
        kept++;
      }
    }
    this.laterN = kept;
  }

  /** rank · 2^44 + seq of the next event (the calendar not empty): for merging two calendars. */
  peekOrder(): number {
    return this.order[0]!;
  }

  /** Whether the next event's rank is below `rank` (the calendar not empty). */
  nextRankBelow(rank: number): boolean {
    return this.order[0]! < rank * RANK_UNIT;
  }

  push(time: number, rank: number, kind: number, arg: number): void {
    const order = rank * RANK_UNIT + this.seq.n++;
    if (time >= this.boundary) {
      this.pushLater(time, order, kind, arg);
      return;
    }
    this.insert(time, order, kind, arg);
  }

  private pushLater(time: number, order: number, kind: number, arg: number): void {
    if (this.laterN === this.later.time.length) this.later = growLane(this.later, Math.max(1024, this.laterN * 2));
    const L = this.later;
    const i = this.laterN++;
    L.time[i] = time;
    L.order[i] = order;
    L.kindOf[i] = kind;
    L.argOf[i] = arg;
    if (this.n === 0) this.advance();
  }

  /** Into the heap, with its order of scheduling. */
  private insert(time: number, order: number, kind: number, arg: number): void {
    if (this.n === this.time.length) this.grow();
    const T = this.time;
    const O = this.order;
    const K = this.kindOf;
    const A = this.argOf;
    // sift up: move parents down until the new event's place is found
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = T[p]!;
      if (tp < time || (tp === time && O[p]! < order)) break;
      T[i] = tp;
      O[i] = O[p]!;
      K[i] = K[p]!;
      A[i] = A[p]!;
      i = p;
    }
    T[i] = time;
    O[i] = order;
    K[i] = kind;
    A[i] = arg;
  }

  /** Removes the next event; its kind and argument are then in `kind` and `arg`, its time in `at`. */
  pop(): boolean {
    if (this.n === 0) return false;
    const T = this.time;
    const O = this.order;
    const K = this.kindOf;
    const A = this.argOf;
    this.at = T[0]!;
    this.kind = K[0]!;
    this.arg = A[0]!;
    const n = --this.n;
    if (n === 0) {
      if (this.laterN !== 0) this.advance();
      return true;
    }
    // sift down the last event from the root
    const t = T[n]!;
    const o = O[n]!;
    const k = K[n]!;
    const a = A[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let tc = T[c]!;
      if (c + 1 < n) {
        const t2 = T[c + 1]!;
        if (t2 < tc || (t2 === tc && O[c + 1]! < O[c]!)) {
          c++;
          tc = t2;
        }
      }
      if (t < tc || (t === tc && o < O[c]!)) break;
      T[i] = tc;
      O[i] = O[c]!;
      K[i] = K[c]!;
      A[i] = A[c]!;
      i = c;
    }
    T[i] = t;
    O[i] = o;
    K[i] = k;
    A[i] = a;
    return true;
  }

  at = 0;
  kind = 0;
  arg = 0;

  private grow(): void {
    const cap = this.time.length * 2;
    this.time = grow(this.time, cap);
    this.order = grow(this.order, cap);
    this.kindOf = grow(this.kindOf, cap);
    this.argOf = grow(this.argOf, cap);
  }
}

function growLane(l: Lane, cap: number): Lane {
  return { time: grow(l.time, cap), order: grow(l.order, cap), kindOf: grow(l.kindOf, cap), argOf: grow(l.argOf, cap) };
}

function grow<T extends Float64Array | Uint8Array | Int32Array>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}
