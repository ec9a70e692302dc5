/**
 * A sorted multiset of integer handles, stored as a list of sorted chunks (the layout of Python's
 * sortedcontainers). Ordering comes from a comparator over the handles, which must be total.
 *
 *   peek            O(1)
 *   insert / remove O(log n + B)     (binary search over chunks, then a splice inside one chunk)
 *   popMin          O(1) (advances a head index in the first chunk)
 *   rank            O(log n) comparisons + O(n / B) additions (count of elements before a key)
 *
 * B (the chunk size) is 256. Memory: one array slot per element plus one array per chunk.
 * Unlike a binary heap, it also answers "how many are ahead of this key", which the printed
 * ticket and the ETA need, in logarithmic time.
 */
const CHUNK_MAX = 256;

export type Compare = (a: number, b: number) => number;

export class SortedQueue {
  private chunks: number[][] = [];
  /**
   * Live elements of the first chunk start at `head`: popMin advances it instead of shifting the
   * array (call-next takes the head of a queue every time). Slots before it are dead.
   */
  private head = 0;
  private count = 0;

  constructor(private readonly cmp: Compare) {}

  get size(): number {
    return this.count;
  }

  /** Smallest element, or -1 when empty. */
  peek(): number {
    const c = this.chunks[0];
    return c === undefined ? -1 : c[this.head]!;
  }

  popMin(): number {
    const c = this.chunks[0];
    if (c === undefined) return -1;
    const x = c[this.head++]!;
    if (this.head === c.length) {
      this.chunks.shift();
      this.head = 0;
    }
    this.count--;
    return x;
  }

  insert(x: number): void {
    this.count++;
    const chunks = this.chunks;
    if (chunks.length === 0) {
      // (a new list rather than a push onto the emptied one, which was a builtin call: a queue that
      // empties between arrivals, its windows waiting for citizens, starts again at every one)
      this.chunks = [[x]];
      return;
    }
    const cmp = this.cmp;
    // Fast path: most tickets join behind everyone (due dates grow with arrival time).
    const tail = chunks[chunks.length - 1]!;
    if (cmp(x, tail[tail.length - 1]!) >= 0) {
      if (tail.length < CHUNK_MAX) tail.push(x);
      else chunks.push([x]);
      return;
    }
    // first chunk whose last element is greater than x (else the last chunk)
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = chunks[mid]!;
      if (cmp(x, c[c.length - 1]!) < 0) hi = mid;
      else lo = mid + 1;
    }
    const chunk = chunks[lo]!;
    if (cmp(x, chunk[chunk.length - 1]!) >= 0) chunk.push(x);
    else {
      let a = lo === 0 ? this.head : 0;
      let b = chunk.length - 1;
      while (a < b) {
        const m = (a + b) >>> 1;
        if (cmp(x, chunk[m]!) < 0) b = m;
        else a = m + 1;
      }
      chunk.splice(a, 0, x);
    }
    if (chunk.length > CHUNK_MAX) {
      if (lo === 0) this.dropDead();
      if (chunk.length > CHUNK_MAX) chunks.splice(lo + 1, 0, chunk.splice(CHUNK_MAX >>> 1));
    }
  }

  /** Removes x; returns false when x is not present. */
  remove(x: number): boolean {
    const chunks = this.chunks;
    const first = chunks[0];
    // Fast path: the head (call-next takes the smallest key).
    if (first !== undefined && first[this.head] === x) {
      this.popMin();
      return true;
    }
    const cmp = this.cmp;
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = chunks[mid]!;
      if (cmp(x, c[c.length - 1]!) <= 0) hi = mid;
      else lo = mid + 1;
    }
    const chunk = chunks[lo];
    if (chunk === undefined) return false;
    const from = lo === 0 ? this.head : 0;
    let a = from;
    let b = chunk.length;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (cmp(chunk[m]!, x) < 0) a = m + 1;
      else b = m;
    }
    if (chunk[a] !== x) return false;
    chunk.splice(a, 1);
    if (chunk.length === from) {
      chunks.splice(lo, 1);
      if (lo === 0) this.head = 0;
    }
    this.count--;
    return true;
  }

  /**
   * Number of elements e with before(e) true, where `before` is monotone over the order
   * (true for a prefix). Used to count the tickets ahead of a key that is not in the queue.
   * O(log n) calls of `before` (binary search over the chunks' last elements, then inside one
   * chunk) plus a sum of the preceding chunks' lengths; O(1) when every element is before (a new
   * ticket that goes last, the usual case).
   */
  countWhile(before: (e: number) => boolean): number {
    const chunks = this.chunks;
    const nc = chunks.length;
    if (nc === 0) return 0;
    const last = chunks[nc - 1]!;
    if (before(last[last.length - 1]!)) return this.count;
    // first chunk whose last element is not before (exists: the last chunk's is not)
    let lo = 0;
    let hi = nc - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = chunks[mid]!;
      if (before(c[c.length - 1]!)) lo = mid + 1;
      else hi = mid;
    }
    // lengths of the chunks before, less the dead slots of the first one
    let n = -this.head;
    for (let i = 0; i < lo; i++) n += chunks[i]!.length;
    const chunk = chunks[lo]!;
    let a = lo === 0 ? this.head : 0;
    let b = chunk.length;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (before(chunk[m]!)) a = m + 1;
      else b = m;
    }
    return n + a;
  }

  /** Elements in order (a copy). */
  toArray(): number[] {
    const out: number[] = [];
    this.forEachWhile((x) => (out.push(x), true));
    return out;
  }

  forEach(fn: (x: number) => void): void {
    this.forEachWhile((x) => (fn(x), true));
  }

  /** Visits elements in order until `fn` returns false. */
  forEachWhile(fn: (x: number) => boolean): void {
    const chunks = this.chunks;
    for (let i = 0; i < chunks.length; i++) {
      const c = chunks[i]!;
      for (let j = i === 0 ? this.head : 0; j < c.length; j++) if (!fn(c[j]!)) return;
    }
  }

  clear(): void {
    this.chunks = [];
    this.head = 0;
    this.count = 0;
  }

  /** Cuts the dead slots off the first chunk. */
  private dropDead(): void {
    if (this.head > 0) {
      this.chunks[0]!.splice(0, this.head);
      this.head = 0;
    }
  }
}
