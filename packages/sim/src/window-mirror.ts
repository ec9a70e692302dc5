/**
 * The simulator's view of the windows, kept from the engine's answers and events: open (may call),
 * busy (holds a ticket), closing (closed while busy: the engine's deferred close), the windows that
 * should call next at the end of the instant, and the duty intervals for utilisation. It decides
 * nothing about the queue; it only tells the loop which windows to ask.
 */
import type { CentreConfig } from '@asan/queue-core';
import type { DutyInterval } from './records.ts';

/** Per window the services it serves: fixed by the configuration, built once per configuration. */
const layouts = new WeakMap<CentreConfig, { servicesOf: readonly Int32Array[]; onlyService: Int32Array }>();

function layoutOf(cfg: CentreConfig): { servicesOf: readonly Int32Array[]; onlyService: Int32Array } {
  let l = layouts.get(cfg);
  if (l === undefined) {
    l = {
      servicesOf: cfg.windows.map((x) => Int32Array.from(x.services)),
      onlyService: Int32Array.from(cfg.windows, (x) => (x.services.length === 1 ? x.services[0]! : -1)),
    };
    layouts.set(cfg, l);
  }
  return l;
}

export class WindowMirror {
  readonly open: Uint8Array;
  /** Ticket id held, -1 none. */
  readonly busy: Int32Array;
  readonly closing: Uint8Array;
  /** 32-bit words of a set of windows (bit w % 32 of word w >> 5). */
  readonly words: number;
  /**
   * Per service s, words [s · words, (s + 1) · words): the open idle windows serving s, kept from
   * the windows' state after each change (`wake` reads them; a count per service beside them cost
   * a second loop over the window's services at every call and every release).
   */
  private readonly idleOpenBits: Uint32Array;
  /** The windows to ask at the end of the instant (a set: asked once each, in ascending index). */
  readonly dirty: Uint32Array;
  /** 0: no window to ask. */
  dirtyN = 0;
  /** Per window: the service indices it serves. */
  readonly servicesOf: readonly Int32Array[];
  /** Per window: its service index if it serves exactly one, else -1. */
  readonly onlyService: Int32Array;
  /**
   * Per service: how many of its tickets are callable (in the engine's queue or checked in and past
   * their callable time), counted from what the simulator sent and was told: +1 when a ticket
   * becomes callable (`wake`), −1 when a call takes it or it leaves (`unwake`). The engine's
   * call-next takes the best of exactly these tickets, so a window whose services all count 0
   * would call nobody.
   */
  readonly callable: Int32Array;
  /** The sum of `callable`: 0, and no window would call anybody. */
  callableTotal = 0;
  private readonly dutyFrom: Float64Array;
  readonly duty: DutyInterval[] = [];

  constructor(private readonly cfg: CentreConfig) {
    const n = cfg.windows.length;
    this.open = new Uint8Array(n);
    this.busy = new Int32Array(n).fill(-1);
    this.closing = new Uint8Array(n);
    this.words = Math.max(1, Math.ceil(n / 32));
    this.dirty = new Uint32Array(this.words);
    this.idleOpenBits = new Uint32Array(cfg.services.length * this.words);
    this.dutyFrom = new Float64Array(n).fill(NaN);
    this.callable = new Int32Array(cfg.services.length);
    const l = layoutOf(cfg);
    this.servicesOf = l.servicesOf;
    this.onlyService = l.onlyService;
  }

  /** Window w's bit in its services' sets of open idle windows, from its state now. */
  private syncIdleBits(w: number): void {
    const bits = this.idleOpenBits;
    const at = w >> 5;
    const bit = 1 << (w & 31);
    const words = this.words;
    const idle = this.open[w] === 1 && this.busy[w] === -1;
    const only = this.onlyService[w]!;
    // (a window of one service, the usual case, without the loop: this runs at every call and release)
    if (only !== -1) {
      const k = only * words + at;
      bits[k] = idle ? bits[k]! | bit : bits[k]! & ~bit;
      return;
    }
    const services = this.servicesOf[w]!;
    if (idle) for (let k = 0; k < services.length; k++) bits[services[k]! * words + at]! |= bit;
    else for (let k = 0; k < services.length; k++) bits[services[k]! * words + at]! &= ~bit;
  }

  markDirty(w: number): void {
    this.dirty[w >> 5]! |= 1 << (w & 31);
    this.dirtyN = 1;
  }

  /**
   * A ticket of service s became callable: idle open windows serving s should call (all of them
   * are asked; the first ones in ascending order take the callable tickets).
   */
  wake(s: number): void {
    this.callable[s]!++;
    this.callableTotal++;
    const bits = this.idleOpenBits;
    const d = this.dirty;
    const words = this.words;
    const from = s * words;
    let any = 0;
    for (let k = 0; k < words; k++) {
      const x = bits[from + k]!;
      d[k]! |= x;
      any |= x;
    }
    if (any !== 0) this.dirtyN = 1;
  }

  /** A callable ticket of service s was called or left the queue. */
  unwake(s: number): void {
    this.callable[s]!--;
    this.callableTotal--;
  }

  opened(w: number, now: number): void {
    if (this.open[w] === 1) return;
    this.open[w] = 1;
    this.closing[w] = 0;
    if (Number.isNaN(this.dutyFrom[w]!)) this.dutyFrom[w] = now;
    if (this.busy[w] === -1) this.markDirty(w);
    this.syncIdleBits(w);
  }

  closed(w: number, now: number): void {
    if (this.open[w] === 0) return;
    this.open[w] = 0;
    if (this.busy[w] === -1) this.endDuty(w, now);
    else this.closing[w] = 1;
    this.syncIdleBits(w);
  }

  hold(w: number, ticket: number): void {
    this.busy[w] = ticket;
    this.syncIdleBits(w);
  }

  release(w: number, now: number): void {
    this.busy[w] = -1;
    if (this.open[w] === 1) this.markDirty(w);
    else if (this.closing[w] === 1) {
      this.closing[w] = 0;
      this.endDuty(w, now);
    }
    this.syncIdleBits(w);
  }

  /** The engine ended the day: every window closed and free. */
  closeAll(now: number): void {
    for (let w = 0; w < this.busy.length; w++) {
      this.busy[w] = -1;
      this.open[w] = 0;
      this.closing[w] = 0;
      this.endDuty(w, now);
    }
    this.idleOpenBits.fill(0);
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
