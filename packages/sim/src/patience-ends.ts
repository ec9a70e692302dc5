/**
 * The patience ends of waiting citizens (calendar events of rank 2, MECHANISM.md), kept apart from
 * the event calendar so that a citizen's can be taken out when it is called: most citizens are
 * called before their patience runs out, and their patience end would otherwise be popped from
 * the calendar for nothing (a fifth of its events in the large example).
 *
 * A binary min-heap on (time, order of scheduling), indexed by citizen so that `remove` is
 * O(log n). The loop merges it with the calendar: at equal times, calendar events of rank 0 and 1
 * come first, then patience ends, then rank 3 (the order of a single calendar; among patience ends
 * the order of scheduling, as before).
 */
/** A released heap, taken by the next run of this thread. */
let spare: PatienceEnds | null = null;

export class PatienceEnds {
  private time = new Float64Array(256);
  private seqOf = new Float64Array(256);
  private who = new Int32Array(256);
  /** Per citizen index: its place in the heap, −1 none. */
  private pos = new Int32Array(1024).fill(-1);
  private n = 0;
  private seq = 0;
  /** The latest time of a patience end taken out (its instant still counts as the run's last). */
  latestRemoved = -Infinity;

  /** An empty heap: the thread's released one (its arrays as they grew), or a new one. */
  static acquire(): PatienceEnds {
    const p = spare;
    if (p === null) return new PatienceEnds();
    spare = null;
    return p;
  }

  /**
   * Empties the heap and hands it to the next run of the thread (four typed arrays, one of them
   * filled, were ~⅛ of a run's setup). Only the places of the citizens still in it are reset.
   */
  release(): void {
    for (let k = 0; k < this.n; k++) this.pos[this.who[k]!] = -1;
    this.n = 0;
    this.seq = 0;
    this.latestRemoved = -Infinity;
    if (spare === null || spare.pos.length < this.pos.length) spare = this;
  }

  get size(): number {
    return this.n;
  }

  /** Time of the next patience end (Infinity when none). */
  peekTime(): number {
    return this.n === 0 ? Infinity : this.time[0]!;
  }

  push(time: number, citizen: number): void {
    if (this.n === this.time.length) {
      this.time = grow(this.time, this.n * 2);
      this.seqOf = grow(this.seqOf, this.n * 2);
      this.who = grow(this.who, this.n * 2);
    }
    if (citizen >= this.pos.length) {
      let cap = this.pos.length;
      while (cap <= citizen) cap *= 2;
      const p = new Int32Array(cap).fill(-1);
      p.set(this.pos);
      this.pos = p;
    }
    this.up(this.n++, time, this.seq++, citizen);
  }

  /** Takes out the next patience end: its citizen index. */
  pop(): number {
    const c = this.who[0]!;
    this.pos[c] = -1;
    const n = --this.n;
    if (n > 0) this.down(0, this.time[n]!, this.seqOf[n]!, this.who[n]!);
    return c;
  }

  /** Takes out the patience end of `citizen` if it has one (called before it ran out). */
  remove(citizen: number): void {
    if (citizen >= this.pos.length) return;
    const i = this.pos[citizen]!;
    if (i === -1) return;
    const t = this.time[i]!;
    if (t > this.latestRemoved) this.latestRemoved = t;
    this.pos[citizen] = -1;
    const n = --this.n;
    if (i === n) return;
    // the last entry takes the free place: up or down from there
    const lt = this.time[n]!;
    const ls = this.seqOf[n]!;
    const lw = this.who[n]!;
    if (i > 0 && before(lt, ls, this.time[(i - 1) >> 1]!, this.seqOf[(i - 1) >> 1]!)) this.up(i, lt, ls, lw);
    else this.down(i, lt, ls, lw);
  }

  private up(i: number, t: number, s: number, w: number): void {
    const T = this.time;
    const S = this.seqOf;
    const W = this.who;
    const P = this.pos;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(t, s, T[p]!, S[p]!)) break;
      T[i] = T[p]!;
      S[i] = S[p]!;
      W[i] = W[p]!;
      P[W[i]!] = i;
      i = p;
    }
    T[i] = t;
    S[i] = s;
    W[i] = w;
    P[w] = i;
  }

  private down(i: number, t: number, s: number, w: number): void {
    const T = this.time;
    const S = this.seqOf;
    const W = this.who;
    const P = this.pos;
    const n = this.n;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && before(T[c + 1]!, S[c + 1]!, T[c]!, S[c]!)) c++;
      if (!before(T[c]!, S[c]!, t, s)) break;
      T[i] = T[c]!;
      S[i] = S[c]!;
      W[i] = W[c]!;
      P[W[i]!] = i;
      i = c;
    }
    T[i] = t;
    S[i] = s;
    W[i] = w;
    P[w] = i;
  }
}

function before(t1: number, s1: number, t2: number, s2: number): boolean {
  return t1 < t2 || (t1 === t2 && s1 < s2);
}

function grow<T extends Float64Array | Int32Array>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}
