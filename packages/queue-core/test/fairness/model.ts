/**
 * The naive reference model (fairness-research.md §3.1): an array of tickets with fields and an
 * array of windows. Call-next is `filter(callable && eligible).sort(byDocumentedKey)[0]`; no heap,
 * no index, no code from the engine. Every command returns what the engine must answer (a refusal
 * code, or success with the number of events and the fields of the result the model can predict)
 * and updates the model as the documented rules say (FAIRNESS.md, DESIGN.md, config-types.ts).
 */
import { dayOf, epoch, minuteOf, weekday, type ModelConfig, type ModelWindow } from './model-config.ts';

export type MState = 'booked' | 'waiting' | 'called' | 'serving' | 'parked' | 'done' | 'noShow' | 'cancelled' | 'expired';
export const TERMINAL: ReadonlySet<MState> = new Set<MState>(['done', 'noShow', 'cancelled', 'expired']);

export interface MTicket {
  readonly id: number;
  readonly kind: 'walkin' | 'booking';
  service: string;
  readonly cls: string;
  readonly citizen: string;
  state: MState;
  readonly slot: number | null;
  due: number | null;
  /** e: when it became callable (null for a booking not checked in). */
  e: number | null;
  arrivedAt: number | null;
  number: string;
  callCount: number;
  window: number | null;
  lastWindow: number | null;
  firstCalledAt: number | null;
  calledAt: number | null;
  startedAt: number | null;
  endedAt: number | null;
  late: boolean;
  transfers: number;
  reason: string | null;
  /** Cancelled while still booked (gives its slot back). */
  slotFreed: boolean;
  /** Never parked, resumed or transferred: d = e + T (walk-in-like) or σ (on-time booking). */
  plain: boolean;
  /** Tickets that overtook it (§1.3), for INV-7a. */
  readonly overtakenBy: Set<number>;
}

export interface MWindowState extends ModelWindow {
  status: 'open' | 'closed' | 'break';
  after: 'closed' | 'break' | null;
  holding: number | null;
  /** Roster segment last applied by tick. */
  seg: string;
}

/** A queue entry with its due date, for the overtaking bound of INV-7a (§2.4 (3)). */
export interface Entry {
  readonly at: number;
  readonly id: number;
  readonly kind: 'walkinLike' | 'booking' | 'reentry';
  readonly cls: string;
  readonly due: number;
}

export type Refused = { readonly ok: false; readonly code: string };
export type Accepted<R> = { readonly ok: true; readonly events: number; readonly result: R };
export type Expect<R = Record<string, unknown>> = Refused | Accepted<R>;

export interface Slip {
  readonly ticket: number;
  readonly number: string;
  readonly peopleAhead: number;
  /** The ETA must be null exactly when no window serving the service is open. */
  readonly etaNull: boolean;
}

const no = (code: string): Refused => ({ ok: false, code });
const yes = <R>(events: number, result: R): Accepted<R> => ({ ok: true, events, result });

export function walkinLike(t: MTicket): boolean {
  return t.kind === 'walkin' || t.late;
}

export class RefModel {
  readonly tickets: MTicket[] = [];
  readonly windows: MWindowState[];
  readonly entries: Entry[] = [];
  day = Number.NaN;
  lastDayEnded = Number.NaN;
  /** A day whose work a later day's first event (not a tick's) left behind, not ended: the next tick ends it. */
  unendedDay = Number.NaN;
  private readonly seqs = new Map<string, number>();

  constructor(
    readonly cfg: ModelConfig,
    public now: number,
  ) {
    this.windows = cfg.windows.map((w) => ({ ...w, status: 'closed', after: null, holding: null, seg: '' }));
  }

  get(id: number): MTicket | undefined {
    return Number.isInteger(id) && id >= 1 ? this.tickets[id - 1] : undefined;
  }
  window(number: number): MWindowState | undefined {
    return this.windows.find((w) => w.number === number);
  }
  rank(cls: string): number {
    return this.cfg.classes.find((c) => c.id === cls)!.rank;
  }
  target(cls: string): number {
    return this.cfg.classes.find((c) => c.id === cls)!.targetMs;
  }

  /** The documented key (FAIRNESS.md; policies.ts descriptions), ticket id last. */
  key(t: { due: number | null; cls: string; e: number | null; id: number }): number[] {
    const r = this.rank(t.cls);
    switch (this.cfg.policy) {
      case 'edd':
        return [t.due!, r, t.e!, t.id];
      case 'strict-priority':
        return [r, t.e!, t.id];
      case 'fifo':
        return [t.e!, t.id];
    }
  }
  before(a: MTicket, b: MTicket): boolean {
    const ka = this.key(a);
    const kb = this.key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]!;
    return false;
  }
  sortByKey(ts: MTicket[]): MTicket[] {
    return ts.sort((a, b) => (this.before(a, b) ? -1 : this.before(b, a) ? 1 : 0));
  }

  callable(t: MTicket): boolean {
    return t.state === 'waiting' && t.e! <= this.now;
  }
  isOpen(w: MWindowState): boolean {
    return w.status === 'open' && w.after === null;
  }
  /** Callable tickets window w may call (ignoring whether w is open), in key order. */
  candidates(w: MWindowState): MTicket[] {
    return this.sortByKey(this.tickets.filter((t) => this.callable(t) && w.services.includes(t.service)));
  }
  /** INV-5's oracle: the argmin of the key over callable tickets eligible at w. */
  oracle(w: MWindowState): MTicket | null {
    return this.candidates(w)[0] ?? null;
  }
  /** Waiting tickets of a service in the engine's reporting order: callable by key, then pending by (e, id). */
  waitingOrder(service: string): number[] {
    const mine = this.tickets.filter((t) => t.state === 'waiting' && t.service === service);
    const callable = this.sortByKey(mine.filter((t) => t.e! <= this.now));
    const pending = mine.filter((t) => t.e! > this.now).sort((a, b) => a.e! - b.e! || a.id - b.id);
    return [...callable, ...pending].map((t) => t.id);
  }
  /** Waiting tickets (callable or not) of the service keyed before `t`: what a slip and a position show. */
  ahead(t: { service: string; due: number | null; cls: string; e: number | null; id: number }): number {
    return this.tickets.filter((o) => o.id !== t.id && o.state === 'waiting' && o.service === t.service && this.before(o, t as MTicket)).length;
  }
  serviceOpen(service: string): boolean {
    return this.windows.some((w) => this.isOpen(w) && w.services.includes(service));
  }
  /** Services with waiting tickets and no open window (INV-13's read model). */
  unserved(): { service: string; waiting: number }[] {
    return this.cfg.services
      .map((s) => ({ service: s.id, waiting: this.tickets.filter((t) => t.state === 'waiting' && t.service === s.id).length }))
      .filter((x) => x.waiting > 0 && !this.serviceOpen(x.service));
  }

  // ——— time and numbering ———

  private openAt(t: number): boolean {
    const h = this.cfg.hours[weekday(dayOf(this.cfg, t))];
    const m = minuteOf(this.cfg, t);
    return h !== null && h !== undefined && m >= h[0] && m < h[1];
  }
  private nextSeq(service: string): { seq: number; prefix: string } {
    const prefix = this.cfg.services.find((s) => s.id === service)!.prefix;
    return { prefix, seq: (dayOf(this.cfg, this.now) === this.day ? (this.seqs.get(prefix) ?? 0) : 0) + 1 };
  }
  /** Events stamped `now` are about to be applied: a new local day resets the numbering. */
  private stamp(): void {
    const d = dayOf(this.cfg, this.now);
    if (d !== this.day) {
      // the day before left work behind and no day.ended closed it: the next tick ends it
      if (!Number.isNaN(this.day) && this.lastDayEnded !== this.day && this.activity()) this.unendedDay = this.day;
      this.day = d;
      this.seqs.clear();
    }
  }
  private number(s: { seq: number; prefix: string }): string {
    this.seqs.set(s.prefix, Math.max(this.seqs.get(s.prefix) ?? 0, s.seq));
    return s.prefix + String(s.seq).padStart(3, '0');
  }

  // ——— tickets ———

  issue(service: string, cls: string, citizen: string): Expect<Slip> {
    if (!this.openAt(this.now)) return no('QC_ERR_CENTRE_CLOSED');
    const id = this.tickets.length + 1;
    const seq = this.nextSeq(service);
    const t: MTicket = this.newTicket({ id, kind: 'walkin', service, cls, citizen, slot: null, state: 'waiting' });
    t.due = this.now + this.target(cls);
    t.e = this.now;
    t.arrivedAt = this.now;
    const peopleAhead = this.ahead(t);
    this.stamp(); // (before the ticket joins: a new day looks at the work the day before left)
    this.tickets.push(t);
    t.number = this.number(seq);
    this.entries.push({ at: this.now, id, kind: 'walkinLike', cls, due: t.due });
    return yes(1, { ticket: id, number: t.number, peopleAhead, etaNull: !this.serviceOpen(service) });
  }

  book(service: string, slot: number, cls: string, citizen: string): Expect<{ ticket: number }> {
    const cfg = this.cfg;
    const svc = cfg.services.find((s) => s.id === service)!;
    if (!svc.bookable) return no('QC_ERR_NOT_BOOKABLE');
    const slotDay = dayOf(cfg, slot);
    const ahead = slotDay - dayOf(cfg, this.now);
    if (ahead < cfg.minDaysAhead || ahead > cfg.horizonDays) return no('QC_ERR_OUTSIDE_HORIZON');
    const h = cfg.hours[weekday(slotDay)];
    if (!h) return no('QC_ERR_BAD_SLOT');
    const open = epoch(cfg, slotDay, h[0]);
    if (slot < open || slot + svc.slotMs > epoch(cfg, slotDay, h[1])) return no('QC_ERR_BAD_SLOT');
    if ((slot - open) % svc.slotMs !== 0) return no('QC_ERR_BAD_SLOT');
    const bookings = this.tickets.filter((t) => t.kind === 'booking');
    if (bookings.filter((t) => t.service === service && t.slot === slot && !t.slotFreed).length >= cfg.capacityPerSlot) return no('QC_ERR_SLOT_FULL');
    // Active: booked and not past slot + expireAfter (expired from then on, whether or not a tick has run).
    const active = bookings.filter((t) => t.citizen === citizen && t.state === 'booked' && t.slot! + cfg.expireAfter > this.now);
    if (active.length >= cfg.maxActivePerCitizen) return no('QC_ERR_BOOKING_LIMIT');
    if (active.filter((t) => t.service === service && dayOf(cfg, t.slot!) === slotDay).length >= cfg.maxPerServicePerDay) return no('QC_ERR_BOOKING_LIMIT');
    const id = this.tickets.length + 1;
    const t = this.newTicket({ id, kind: 'booking', service, cls, citizen, slot, state: 'booked' });
    t.due = slot;
    this.tickets.push(t);
    this.stamp();
    return yes(1, { ticket: id });
  }

  cancel(id: number): Expect {
    const t = this.get(id);
    if (!t) return no('QC_ERR_UNKNOWN_TICKET');
    if (t.state !== 'booked' && t.state !== 'waiting' && t.state !== 'parked') return no('QC_ERR_TICKET_STATE');
    // A booking is expired from slot + expireAfter on, whether or not a tick has expired it yet.
    if (t.state === 'booked' && this.now >= t.slot! + this.cfg.expireAfter) return no('QC_ERR_TICKET_STATE');
    this.stamp();
    this.end(t, 'cancelled', 'citizen');
    return yes(1, { ticket: id });
  }

  checkIn(id: number): Expect<Slip & { late: boolean; callableAt: number }> {
    const cfg = this.cfg;
    const t = this.get(id);
    if (!t) return no('QC_ERR_UNKNOWN_TICKET');
    if (t.kind !== 'booking') return no('QC_ERR_TICKET_STATE');
    const slot = t.slot!;
    if (t.state === 'expired' || (t.state === 'booked' && this.now >= slot + cfg.expireAfter)) return no('QC_ERR_BOOKING_EXPIRED');
    if (t.state !== 'booked') return no('QC_ERR_TICKET_STATE');
    if (this.now < slot - cfg.E) return no('QC_ERR_CHECKIN_TOO_EARLY');
    const late = this.now > slot + cfg.L;
    if (late && !this.openAt(this.now)) return no('QC_ERR_CENTRE_CLOSED'); // a walk-in now: refused after closing
    const seq = this.nextSeq(t.service);
    t.due = late ? this.now + this.target(t.cls) : slot;
    t.e = late ? this.now : Math.max(this.now, slot - cfg.Ecall);
    t.late = late;
    const peopleAhead = this.ahead(t);
    this.stamp(); // (before the booking joins: a new day looks at the work the day before left)
    t.state = 'waiting';
    t.arrivedAt = this.now;
    t.number = this.number(seq);
    this.entries.push({ at: this.now, id, kind: late ? 'walkinLike' : 'booking', cls: t.cls, due: t.due });
    return yes(1, { ticket: id, number: t.number, peopleAhead, etaNull: !this.serviceOpen(t.service), late, callableAt: t.e });
  }

  // ——— windows ———

  open(number: number): Expect {
    const w = this.window(number);
    if (!w) return no('QC_ERR_UNKNOWN_WINDOW');
    if (w.status === 'break' || (w.status === 'open' && w.after === null)) return no('QC_ERR_WINDOW_STATE');
    this.stamp();
    w.status = 'open';
    w.after = null;
    return yes(1, { status: 'open' });
  }
  close(number: number): Expect {
    return this.pause(number, 'closed');
  }
  startBreak(number: number): Expect {
    return this.pause(number, 'break');
  }
  private pause(number: number, to: 'closed' | 'break'): Expect {
    const w = this.window(number);
    if (!w) return no('QC_ERR_UNKNOWN_WINDOW');
    if (to === 'closed' && (w.status === 'closed' || w.after === 'closed')) return no('QC_ERR_WINDOW_STATE');
    if (to === 'break' && (w.status !== 'open' || w.after !== null)) return no('QC_ERR_WINDOW_STATE');
    this.stamp();
    const deferred = w.holding !== null;
    if (deferred) w.after = to;
    else {
      w.status = to;
      w.after = null;
    }
    return yes(1, { deferred });
  }
  endBreak(number: number): Expect {
    const w = this.window(number);
    if (!w) return no('QC_ERR_UNKNOWN_WINDOW');
    if (w.status !== 'break') return no('QC_ERR_WINDOW_STATE');
    this.stamp();
    w.status = 'open';
    w.after = null;
    return yes(1, { status: 'open' });
  }

  callNext(number: number): Expect<{ ticket: number | null; waitedMs?: number }> {
    const w = this.window(number);
    if (!w) return no('QC_ERR_UNKNOWN_WINDOW');
    if (!this.isOpen(w)) return no('QC_ERR_WINDOW_CLOSED');
    if (w.holding !== null) return no('QC_ERR_WINDOW_BUSY');
    const best = this.oracle(w);
    if (!best) return yes(0, { ticket: null });
    this.stamp();
    best.state = 'called';
    best.window = number;
    best.lastWindow = number;
    best.callCount++;
    best.calledAt = this.now;
    best.firstCalledAt ??= this.now;
    w.holding = best.id;
    return yes(1, { ticket: best.id, waitedMs: this.now - best.e! });
  }

  private held(number: number, states: readonly MState[]): { w: MWindowState; t: MTicket } | Refused {
    const w = this.window(number);
    if (!w) return no('QC_ERR_UNKNOWN_WINDOW');
    if (w.holding === null) return no('QC_ERR_WINDOW_IDLE');
    const t = this.get(w.holding)!;
    if (!states.includes(t.state)) return no('QC_ERR_TICKET_STATE');
    return { w, t };
  }
  private release(t: MTicket): void {
    const w = t.window === null ? undefined : this.window(t.window);
    t.window = null;
    if (!w) return;
    w.holding = null;
    if (w.after !== null) {
      w.status = w.after;
      w.after = null;
    }
  }
  private end(t: MTicket, state: 'done' | 'noShow' | 'cancelled' | 'expired', reason?: string): void {
    if (state === 'cancelled' && t.state === 'booked') t.slotFreed = true;
    this.release(t);
    t.state = state;
    t.endedAt = this.now;
    if (reason !== undefined) t.reason = reason;
  }

  recall(number: number): Expect<{ ticket: number; callCount: number; noShow: boolean }> {
    const h = this.held(number, ['called']);
    if ('ok' in h) return h;
    const count = h.t.callCount;
    this.stamp();
    if (count >= this.cfg.callCountMax) {
      this.end(h.t, 'noShow');
      return yes(1, { ticket: h.t.id, callCount: count, noShow: true });
    }
    h.t.callCount++;
    h.t.calledAt = this.now;
    return yes(1, { ticket: h.t.id, callCount: count + 1, noShow: false });
  }
  start(number: number): Expect {
    const h = this.held(number, ['called']);
    if ('ok' in h) return h;
    this.stamp();
    h.t.state = 'serving';
    h.t.startedAt = this.now;
    return yes(1, { ticket: h.t.id });
  }
  complete(number: number): Expect {
    const h = this.held(number, ['serving']);
    if ('ok' in h) return h;
    this.stamp();
    this.end(h.t, 'done');
    return yes(1, { ticket: h.t.id });
  }
  noShow(number: number): Expect {
    const h = this.held(number, ['called']);
    if ('ok' in h) return h;
    this.stamp();
    this.end(h.t, 'noShow');
    return yes(1, { ticket: h.t.id });
  }
  /** At the call limit a requeue is the miss that makes a no-show (config: "called this many times in all"). */
  requeue(number: number): Expect {
    const h = this.held(number, ['called']);
    if ('ok' in h) return h;
    this.stamp();
    if (h.t.callCount >= this.cfg.callCountMax) {
      this.end(h.t, 'noShow');
      return yes(1, { ticket: h.t.id, noShow: true });
    }
    this.release(h.t);
    h.t.state = 'waiting';
    return yes(1, { ticket: h.t.id });
  }

  private heldOrWaiting(window: number | undefined, ticket: number | undefined): MTicket | Refused {
    if (window !== undefined) {
      const w = this.window(window);
      if (!w) return no('QC_ERR_UNKNOWN_WINDOW');
      if (w.holding === null) return no('QC_ERR_WINDOW_IDLE');
      if (ticket !== undefined && ticket !== w.holding) {
        const other = this.get(ticket);
        if (!other) return no('QC_ERR_UNKNOWN_TICKET');
        return no(other.state === 'called' || other.state === 'serving' ? 'QC_ERR_TICKET_HELD_ELSEWHERE' : 'QC_ERR_TICKET_STATE');
      }
      return this.get(w.holding)!;
    }
    const t = this.get(ticket!);
    if (!t) return no('QC_ERR_UNKNOWN_TICKET');
    if (t.state === 'called' || t.state === 'serving') return no('QC_ERR_TICKET_HELD_ELSEWHERE');
    if (t.state !== 'waiting') return no('QC_ERR_TICKET_STATE');
    return t;
  }

  park(window: number | undefined, ticket: number | undefined): Expect {
    if (window === undefined && ticket === undefined) return no('QC_ERR_BAD_COMMAND');
    const t = this.heldOrWaiting(window, ticket);
    if ('ok' in t) return t;
    this.stamp();
    this.release(t);
    t.state = 'parked';
    t.plain = false;
    return yes(1, { ticket: t.id });
  }
  resume(id: number): Expect<{ ticket: number; due: number }> {
    const t = this.get(id);
    if (!t) return no('QC_ERR_UNKNOWN_TICKET');
    if (t.state !== 'parked') return no('QC_ERR_TICKET_STATE');
    this.stamp();
    this.reenter(t);
    return yes(1, { ticket: id, due: t.due! });
  }
  transfer(service: string, window: number | undefined, ticket: number | undefined): Expect<{ ticket: number; service: string; due: number }> {
    if (window === undefined && ticket === undefined) return no('QC_ERR_BAD_COMMAND');
    if (!this.cfg.services.some((s) => s.id === service)) return no('QC_ERR_UNKNOWN_SERVICE');
    const t = this.heldOrWaiting(window, ticket);
    if ('ok' in t) return t;
    if (t.service === service) return no('QC_ERR_SAME_SERVICE');
    this.stamp();
    this.release(t);
    t.service = service;
    t.transfers++;
    this.reenter(t);
    return yes(1, { ticket: t.id, service, due: t.due! });
  }
  /**
   * Back from the bank or transferred at t: d = min(d, t + T_return) (FAIRNESS.md), e = max(e, t): an
   * early check-in (e = σ − E_call still ahead) stays held until then, a side trip does not make it callable.
   */
  private reenter(t: MTicket): void {
    t.due = Math.min(t.due!, this.now + this.cfg.returnMs);
    t.e = Math.max(t.e!, this.now);
    t.callCount = 0; // calls count per turn in a queue: the citizen answered the earlier ones
    t.state = 'waiting';
    t.plain = false;
    t.overtakenBy.clear();
    this.entries.push({ at: t.e, id: t.id, kind: 'reentry', cls: t.cls, due: t.due }); // enters the callable set at e
  }

  // ——— time-driven transitions ———

  /** The roster segment a window should be in now: {status, segment id}, or null without a roster. */
  private rostered(w: MWindowState): { status: 'open' | 'closed' | 'break'; seg: string } | null {
    if (w.shifts.length === 0) return null;
    const day = dayOf(this.cfg, this.now);
    const m = minuteOf(this.cfg, this.now);
    let lastEnd = 0;
    for (const sh of w.shifts) {
      if (sh.start <= m && m < sh.end) {
        const inBreak = sh.breaks.find(([bs, be]) => bs <= m && m < be);
        if (inBreak) return { status: 'break', seg: `${day}:b:${inBreak[0]}` };
        const from = Math.max(sh.start, ...sh.breaks.map(([, be]) => be).filter((be) => be <= m));
        return { status: 'open', seg: `${day}:o:${from}` };
      }
      if (sh.end <= m) lastEnd = Math.max(lastEnd, sh.end);
    }
    return { status: 'closed', seg: `${day}:c:${lastEnd}` };
  }

  private dayEnds(): boolean {
    const cfg = this.cfg;
    if (!Number.isNaN(this.unendedDay)) return true;
    const day = this.day;
    if (Number.isNaN(day) || this.lastDayEnded === day) return false;
    const h = cfg.hours[weekday(day)];
    const midnight = epoch(cfg, day + 1, 0);
    const endAt = h ? Math.min(epoch(cfg, day, h[1]) + cfg.endOfDayGraceMs, midnight) : midnight;
    return this.now >= endAt && (dayOf(cfg, this.now) > day || this.activity());
  }

  /** Work under way: a window open, on a break or holding a ticket, or a ticket waiting, called, serving or parked. */
  private activity(): boolean {
    return this.windows.some((w) => w.status !== 'closed' || w.holding !== null) || this.tickets.some((t) => !TERMINAL.has(t.state) && t.state !== 'booked');
  }

  /** `tick`: expired bookings, recall time-outs, then end of day or the roster; all decided on the state before. */
  tick(): Expect<{ transitions: number }> {
    const cfg = this.cfg;
    const expired = this.tickets
      .filter((t) => t.state === 'booked' && t.slot! + cfg.expireAfter <= this.now)
      .sort((a, b) => a.slot! - b.slot! || a.id - b.id);
    const ends = this.dayEnds();
    const endingDay = Number.isNaN(this.unendedDay) ? this.day : this.unendedDay;
    // no recall time-out of a ticket the same tick's end of day cancels (one of the ended day)
    const timeouts =
      cfg.recallTimeoutMs === null
        ? []
        : this.windows
            .map((w) => (w.holding === null ? null : this.get(w.holding)!))
            .filter((t): t is MTicket => t !== null && t.state === 'called' && t.calledAt! + cfg.recallTimeoutMs! <= this.now)
            .filter((t) => !(ends && dayOf(cfg, t.arrivedAt!) <= endingDay));
    const released = new Set(timeouts.filter((t) => t.callCount >= cfg.callCountMax).map((t) => t.window));
    // no roster on a day that has ended (its windows stay closed until the next day)
    const roster = ends || this.lastDayEnded === dayOf(cfg, this.now)
      ? []
      : this.windows.flatMap((w) => {
          const want = this.rostered(w);
          return want && want.seg !== w.seg ? [{ w, want, busy: w.holding !== null && !released.has(w.number) }] : [];
        });
    const n = expired.length + timeouts.length + (ends ? 1 : 0) + roster.length;
    if (n === 0) return yes(0, { transitions: 0 });
    this.stamp();
    for (const t of expired) this.end(t, 'expired');
    for (const t of timeouts) {
      if (t.callCount >= cfg.callCountMax) this.end(t, 'noShow');
      else {
        t.callCount++;
        t.calledAt = this.now;
      }
    }
    if (ends) {
      // the ended day's leftovers: tickets that arrived (issue, check-in) that day or before; a later day's stay
      for (const t of this.tickets) {
        if (!TERMINAL.has(t.state) && t.state !== 'booked' && dayOf(cfg, t.arrivedAt!) <= endingDay) this.end(t, 'cancelled', 'end-of-day');
      }
      // every window closes, but one holding a later day's ticket
      for (const w of this.windows) {
        if (w.holding !== null) continue;
        w.status = 'closed';
        w.after = null;
      }
      this.lastDayEnded = endingDay;
      if (!(this.unendedDay > endingDay)) this.unendedDay = Number.NaN;
    }
    for (const { w, want, busy } of roster) {
      w.seg = want.seg;
      if (want.status === 'open') {
        w.status = 'open';
        w.after = null;
      } else if (busy) w.after = want.status;
      else {
        w.status = want.status;
        w.after = null;
      }
    }
    return yes(n, { transitions: n });
  }

  private newTicket(x: Pick<MTicket, 'id' | 'kind' | 'service' | 'cls' | 'citizen' | 'slot' | 'state'>): MTicket {
    return {
      ...x,
      due: null,
      e: null,
      arrivedAt: null,
      number: '',
      callCount: 0,
      window: null,
      lastWindow: null,
      firstCalledAt: null,
      calledAt: null,
      startedAt: null,
      endedAt: null,
      late: false,
      transfers: 0,
      reason: null,
      slotFreed: false,
      plain: true,
      overtakenBy: new Set(),
    };
  }
}
