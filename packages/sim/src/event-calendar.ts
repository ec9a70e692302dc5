/**
 * The simulator's future-event list: a binary min-heap of events ordered by the total key
 * (time, rank, seq) — time in epoch ms, rank the event kind's place in the order of equal times
 * (MECHANISM.md), seq the order in which events were scheduled. Nothing is left to the heap's
 * order. Events are (kind, arg) pairs of small integers kept in parallel typed arrays; slots are
 * reused through a free list, so a run allocates nothing per event.
 *
 *   push, pop   O(log n)     peek   O(1)
 *
 * (flatqueue has one numeric priority; the three-part key is what keeps equal times defined.)
 */
export class EventCalendar {
  private time = new Float64Array(1024);
  private rank = new Uint8Array(1024);
  private seqOf = new Float64Array(1024);
  private kindOf = new Uint8Array(1024);
  private argOf = new Int32Array(1024);
  private heap = new Int32Array(1024);
  private free: number[] = [];
  private slots = 0;
  private n = 0;
  private seq = 0;

  get size(): number {
    return this.n;
  }

  /** Time of the next event (Infinity when empty). */
  peekTime(): number {
    return this.n === 0 ? Infinity : this.time[this.heap[0]!]!;
  }

  push(time: number, rank: number, kind: number, arg: number): void {
    const slot = this.free.length > 0 ? this.free.pop()! : this.newSlot();
    this.time[slot] = time;
    this.rank[slot] = rank;
    this.seqOf[slot] = this.seq++;
    this.kindOf[slot] = kind;
    this.argOf[slot] = arg;
    if (this.n === this.heap.length) this.heap = grow(this.heap, this.heap.length * 2);
    this.heap[this.n] = slot;
    this.up(this.n++);
  }

  /** Removes the next event; its kind and argument are then in `kind` and `arg`, its time in `at`. */
  pop(): boolean {
    if (this.n === 0) return false;
    const slot = this.heap[0]!;
    this.at = this.time[slot]!;
    this.kind = this.kindOf[slot]!;
    this.arg = this.argOf[slot]!;
    this.free.push(slot);
    this.n--;
    if (this.n > 0) {
      this.heap[0] = this.heap[this.n]!;
      this.down(0);
    }
    return true;
  }

  at = 0;
  kind = 0;
  arg = 0;

  private newSlot(): number {
    const s = this.slots++;
    if (s === this.time.length) {
      const cap = this.time.length * 2;
      this.time = grow(this.time, cap);
      this.rank = grow(this.rank, cap);
      this.seqOf = grow(this.seqOf, cap);
      this.kindOf = grow(this.kindOf, cap);
      this.argOf = grow(this.argOf, cap);
    }
    return s;
  }

  private less(a: number, b: number): boolean {
    const ta = this.time[a]!;
    const tb = this.time[b]!;
    if (ta !== tb) return ta < tb;
    const ra = this.rank[a]!;
    const rb = this.rank[b]!;
    if (ra !== rb) return ra < rb;
    return this.seqOf[a]! < this.seqOf[b]!;
  }

  private up(i: number): void {
    const h = this.heap;
    const x = h[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const y = h[p]!;
      if (!this.less(x, y)) break;
      h[i] = y;
      i = p;
    }
    h[i] = x;
  }

  private down(i: number): void {
    const h = this.heap;
    const n = this.n;
    const x = h[i]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.less(h[c + 1]!, h[c]!)) c++;
      if (!this.less(h[c]!, x)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = x;
  }
}

function grow<T extends Float64Array | Uint8Array | Int32Array>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}
