/**
 * The simulator's view of the windows, kept from the engine's answers and events: open (may call),
 * busy (holds a ticket), closing (closed while busy: the engine's deferred close), the windows that
 * should call next at the end of the instant, and the duty intervals for utilisation. It decides
 * nothing about the queue; it only tells the loop which windows to ask.
 */
import type { CentreConfig } from '@asan/queue-core';
import type { DutyInterval } from './records.ts';

/** Per window the services it serves, per service the windows serving it: fixed by the configuration, built once per configuration. */
const layouts = new WeakMap<CentreConfig, { servicesOf: readonly Int32Array[]; windowsOf: readonly Int32Array[] }>();

function layoutOf(cfg: CentreConfig): { servicesOf: readonly Int32Array[]; windowsOf: readonly Int32Array[] } {
  let l = layouts.get(cfg);
  if (l === undefined) {
    l = { servicesOf: cfg.windows.map((x) => Int32Array.from(x.services)), windowsOf: cfg.services.map((x) => Int32Array.from(x.windows)) };
    layouts.set(cfg, l);
  }
  return l;
}

export class WindowMirror {
  readonly open: Uint8Array;
  /** Ticket id held, -1 none. */
  readonly busy: Int32Array;
  readonly closing: Uint8Array;
  /** Per service: open idle windows serving it. */
  readonly idleOpen: Int32Array;
  /** Windows to ask at the end of the instant: dirty[0..dirtyN). */
  private readonly dirty: Int32Array;
  dirtyN = 0;
  /** What takeDirty returns: taken[0..n), ascending. */
  readonly taken: Int32Array;
  private readonly isDirty: Uint8Array;
  /** Per window: the service indices it serves. Per service: the windows serving it. */
  readonly servicesOf: readonly Int32Array[];
  private readonly windowsOf: readonly Int32Array[];
  /**
   * Per service: how many of its tickets are callable (in the engine's queue or checked in and past
   * their callable time), counted from what the simulator sent and was told: +1 when a ticket
   * becomes callable (`wake`), −1 when a call takes it or it leaves (`unwake`). The engine's
   * call-next takes the best of exactly these tickets, so a window whose services all count 0
   * would call nobody.
   */
  readonly callable: Int32Array;
  private readonly dutyFrom: Float64Array;
  readonly duty: DutyInterval[] = [];

  constructor(private readonly cfg: CentreConfig) {
    const n = cfg.windows.length;
    this.open = new Uint8Array(n);
    this.busy = new Int32Array(n).fill(-1);
    this.closing = new Uint8Array(n);
    this.isDirty = new Uint8Array(n);
    this.dirty = new Int32Array(n);
    this.taken = new Int32Array(n);
    this.dutyFrom = new Float64Array(n).fill(NaN);
    this.idleOpen = new Int32Array(cfg.services.length);
    this.callable = new Int32Array(cfg.services.length);
    const l = layoutOf(cfg);
    this.servicesOf = l.servicesOf;
    this.windowsOf = l.windowsOf;
  }

  private setIdleOpen(w: number, delta: number): void {
    const services = this.servicesOf[w]!;
    const idle = this.idleOpen;
    for (let k = 0; k < services.length; k++) idle[services[k]!]! += delta;
  }

  markDirty(w: number): void {
    if (this.isDirty[w] === 0) {
      this.isDirty[w] = 1;
      this.dirty[this.dirtyN++] = w;
    }
  }

  /** The windows to ask, in ascending index (= ascending number): `taken[0..n)`, returns n; `dirty` is emptied. */
  takeDirty(): number {
    const n = this.dirtyN;
    const d = this.dirty;
    const t = this.taken;
    // insertion sort (a few windows an instant)
    for (let i = 0; i < n; i++) {
      const w = d[i]!;
      this.isDirty[w] = 0;
      let j = i - 1;
      while (j >= 0 && t[j]! > w) {
        t[j + 1] = t[j]!;
        j--;
      }
      t[j + 1] = w;
    }
    this.dirtyN = 0;
    return n;
  }

  /** A ticket of service s became callable: idle open windows serving s should call. */
  wake(s: number): void {
    this.callable[s]!++;
    if (this.idleOpen[s] === 0) return;
    const ws = this.windowsOf[s]!;
    for (let k = 0; k < ws.length; k++) {
      const w = ws[k]!;
      if (this.open[w] === 1 && this.busy[w] === -1) this.markDirty(w);
    }
  }

  /** A callable ticket of service s was called or left the queue. */
  unwake(s: number): void {
    this.callable[s]!--;
  }

  opened(w: number, now: number): void {
    if (this.open[w] === 1) return;
    this.open[w] = 1;
    this.closing[w] = 0;
    if (Number.isNaN(this.dutyFrom[w]!)) this.dutyFrom[w] = now;
    if (this.busy[w] === -1) {
      this.setIdleOpen(w, 1);
      this.markDirty(w);
    }
  }

  closed(w: number, now: number): void {
    if (this.open[w] === 0) return;
    this.open[w] = 0;
    if (this.busy[w] === -1) {
      this.setIdleOpen(w, -1);
      this.endDuty(w, now);
    } else this.closing[w] = 1;
  }

  hold(w: number, ticket: number): void {
    if (this.open[w] === 1) this.setIdleOpen(w, -1);
    this.busy[w] = ticket;
  }

  release(w: number, now: number): void {
    this.busy[w] = -1;
    if (this.open[w] === 1) {
      this.setIdleOpen(w, 1);
      this.markDirty(w);
    } else if (this.closing[w] === 1) {
      this.closing[w] = 0;
      this.endDuty(w, now);
    }
  }

  /** The engine ended the day: every window closed and free. */
  closeAll(now: number): void {
    for (let w = 0; w < this.busy.length; w++) {
      if (this.open[w] === 1 && this.busy[w] === -1) this.setIdleOpen(w, -1);
      this.busy[w] = -1;
      this.open[w] = 0;
      this.closing[w] = 0;
      this.endDuty(w, now);
    }
  }

  /** Ends the duty intervals still open (end of the run). */
  endAll(now: number): void {
    for (let w = 0; w < this.busy.length; w++) this.endDuty(w, now);
  }

  private endDuty(w: number, now: number): void {
    const from = this.dutyFrom[w]!;
    if (!Number.isNaN(from)) this.duty.push({ window: this.cfg.windows[w]!.number, from, to: now });
    this.dutyFrom[w] = NaN;
  }
}
