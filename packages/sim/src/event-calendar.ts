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
 */

/** rank · 2^44 + seq is exact in a double for rank < 256 and seq < 2^44 (far more events than a run schedules). */
const RANK_UNIT = 2 ** 44;

/** The order of scheduling, shared by the calendars of a run (the walk-in arrivals' lane and the rest). */
export class SchedulingOrder {
  n = 0;
}

/** Arrays of a released calendar, reused by the next calendar of this thread. */
let spare: { time: Float64Array; order: Float64Array; kindOf: Uint8Array; argOf: Int32Array } | null = null;

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

  /**
   * `seq`: shared with another calendar of the run, so that the two merged give the order of a
   * single one. `capacity`: a small calendar with arrays of its own (the spare arrays stay for
   * the run's main calendar).
   */
  constructor(seq: SchedulingOrder = new SchedulingOrder(), capacity = 0) {
    this.seq = seq;
    this.own = capacity > 0;
    const s = this.own ? null : spare;
    if (this.own) {
      this.time = new Float64Array(capacity);
      this.order = new Float64Array(capacity);
      this.kindOf = new Uint8Array(capacity);
      this.argOf = new Int32Array(capacity);
    } else if (s !== null) {
      spare = null;
      this.time = s.time;
      this.order = s.order;
      this.kindOf = s.kindOf;
      this.argOf = s.argOf;
    } else {
      this.time = new Float64Array(1024);
      this.order = new Float64Array(1024);
      this.kindOf = new Uint8Array(1024);
      this.argOf = new Int32Array(1024);
    }
  }

  /** Hands the arrays to the next calendar of this thread; this one is empty and unusable after it. */
  release(): void {
    if (!this.own && (spare === null || spare.time.length < this.time.length)) spare = { time: this.time, order: this.order, kindOf: this.kindOf, argOf: this.argOf };
    this.time = new Float64Array(0);
    this.order = new Float64Array(0);
    this.kindOf = new Uint8Array(0);
    this.argOf = new Int32Array(0);
    this.n = 0;
  }

  get size(): number {
    return this.n;
  }

  /** Time of the next event (Infinity when empty). */
  peekTime(): number {
    return this.n === 0 ? Infinity : this.time[0]!;
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
    if (this.n === this.time.length) this.grow();
    const order = rank * RANK_UNIT + this.seq.n++;
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
    if (n === 0) return true;
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

function grow<T extends Float64Array | Uint8Array | Int32Array>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}
