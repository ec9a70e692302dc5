/**
 * The centre's state and the fold that changes it. `apply(event)` is the only writer: commands
 * decide events from this state, then apply them; a replay applies the same events from empty.
 */
import type { CentreConfig } from './config.ts';
import type { QueueEvent } from './events.ts';
import { InvariantError } from './errors.ts';
import { POLICIES, type Policy } from './policies.ts';
import { SortedQueue } from './sorted-queue.ts';
import {
  CHANNELS,
  KIND_BOOKING,
  KIND_WALKIN,
  LOC_NONE,
  LOC_PENDING,
  LOC_QUEUE,
  S_BOOKED,
  S_CALLED,
  S_CANCELLED,
  S_DONE,
  S_EXPIRED,
  S_NO_SHOW,
  S_PARKED,
  S_SERVING,
  S_WAITING,
  TicketTable,
  isTerminal,
} from './tickets.ts';
import { epochOf, localDay, parseDate } from './time.ts';

export const W_CLOSED = 0;
export const W_OPEN = 1;
export const W_BREAK = 2;
export const WINDOW_STATUS = ['closed', 'open', 'break'] as const;

export interface WindowState {
  status: number;
  /** A close (W_CLOSED) or break (W_BREAK) asked while busy, applied when the ticket leaves; -1 none. */
  after: number;
  /** Ticket id held (called or serving), -1 none. */
  holding: number;
  holdingSince: number;
  busyMsToday: number;
  servedToday: number;
  statusSince: number;
  /** Roster segment last applied by tick ('' before the first). */
  phase: string;
}

export interface Hold {
  readonly id: number;
  readonly service: number;
  readonly slot: number;
  readonly citizen: string;
  readonly stop: string | undefined;
  readonly expiresAt: number;
}

export interface BoardEntry {
  readonly at: number;
  readonly ticket: number;
  readonly number: string;
  readonly service: string;
  readonly window: number;
  readonly floor: number;
  readonly name?: string;
  readonly recall: boolean;
}

/** Counters of one service (or class) for the current local day. */
export interface DayCounters {
  issued: number;
  called: number;
  served: number;
  noShows: number;
  cancelled: number;
  sumWaitMs: number;
  maxWaitMs: number;
  ratingSum: number;
  ratingCount: number;
}

export function emptyCounters(): DayCounters {
  return { issued: 0, called: 0, served: 0, noShows: 0, cancelled: 0, sumWaitMs: 0, maxWaitMs: 0, ratingSum: 0, ratingCount: 0 };
}

export class CentreState {
  readonly t = new TicketTable();
  readonly policy: Policy;
  /** One sorted queue of callable waiting tickets per service. */
  readonly queues: SortedQueue[];
  /** Checked-in bookings not yet callable (e in the future), by e. */
  readonly pending: SortedQueue;
  /** Bookings not checked in, by slot (for expiry). */
  readonly booked: SortedQueue;
  readonly windows: WindowState[];
  readonly holds = new Map<number, Hold>();
  /** `${service}|${slot}` → bookings and live holds of that slot. */
  readonly slotUse = new Map<string, number>();
  /** citizen → active booking and hold ids. */
  readonly citizenActive = new Map<string, Set<number>>();
  /** Waiting tickets per service (in the queue or pending). */
  readonly waiting: Int32Array;
  /** Smoothed handle time per service (ms), for ETAs. */
  readonly handleMs: Float64Array;
  /** Walk-in arrivals today per service × class, for the ETA's expected overtakers. */
  readonly arrivals: Int32Array;
  readonly serviceDay: DayCounters[];
  readonly classDay: DayCounters[];
  readonly board: BoardEntry[] = [];
  readonly prefixSeq = new Map<string, number>();
  /** idempotency key → version of the first event its command produced */
  readonly idempotency = new Map<string, number>();
  nextId = 1;
  nextHoldId = 1;
  version = 0;
  clock = -Infinity;
  day = Number.NaN;
  dayStartedAt = Number.NaN;
  /** Local midnight that began the current day (ms): busy time before it belongs to another day. */
  private midnight = Number.NaN;
  lastDayEnded = Number.NaN;
  lastTickAt = Number.NaN;
  /**
   * Plain copies of the config's window → services and service → windows lists, for the loops of
   * call-next and the ETA: V8 (Node 20) reads frozen arrays several times slower than plain ones,
   * and the config is deep-frozen. Read-only by convention; built once from the config.
   */
  readonly windowServices: readonly (readonly number[])[];
  readonly serviceWindows: readonly (readonly number[])[];
  /** Lowest id that may still be non-terminal. */
  private activeFloor = 1;
  private readonly keyOut = new Float64Array(3);

  constructor(readonly config: CentreConfig) {
    this.policy = POLICIES[config.policy];
    const nS = config.services.length;
    this.queues = config.services.map(() => new SortedQueue(this.t.compare));
    this.pending = new SortedQueue(this.t.comparePending);
    this.booked = new SortedQueue(this.t.compareSlot);
    this.windows = config.windows.map(() => ({
      status: W_CLOSED,
      after: -1,
      holding: -1,
      holdingSince: NaN,
      busyMsToday: 0,
      servedToday: 0,
      statusSince: NaN,
      phase: '',
    }));
    this.windowServices = config.windows.map((w) => [...w.services]);
    this.serviceWindows = config.services.map((s) => [...s.windows]);
    this.waiting = new Int32Array(nS);
    this.handleMs = new Float64Array(config.services.map((s) => s.meanHandleMs));
    this.arrivals = new Int32Array(nS * config.classes.length);
    this.serviceDay = config.services.map(emptyCounters);
    this.classDay = config.classes.map(emptyCounters);
  }

  displayNumber(id: number): string {
    const seq = this.t.seq[id]!;
    if (seq === 0) return '';
    return this.config.services[this.t.numService[id]!]!.prefix + String(seq).padStart(3, '0');
  }

  /**
   * Moves checked-in bookings whose callable time has come into their service queues. Only the
   * fold calls it, with the time of the event it applies: deciding and querying never move a
   * ticket, so a question about a later time cannot make a booking callable early.
   */
  private promote(now: number): void {
    const t = this.t;
    for (let id = this.pending.peek(); id !== -1 && t.callableAt[id]! <= now; id = this.pending.peek()) {
      this.pending.popMin();
      t.loc[id] = LOC_QUEUE;
      this.queues[t.service[id]!]!.insert(id);
    }
  }

  private serviceOf(id: string): number {
    const s = this.config.serviceIndex.get(id);
    if (s === undefined) throw new InvariantError(`event names unknown service ${id}`);
    return s;
  }
  private windowOf(number: number): number {
    const w = this.config.windowIndex.get(number);
    if (w === undefined) throw new InvariantError(`event names unknown window ${number}`);
    return w;
  }
  private classOf(id: string): number {
    const c = this.config.classIndex.get(id);
    if (c === undefined) throw new InvariantError(`event names unknown class ${id}`);
    return c;
  }

  private enqueue(id: number, now: number): void {
    const t = this.t;
    this.policy.key({ due: t.due[id]!, rank: this.config.classes[t.cls[id]!]!.rank, callableAt: t.callableAt[id]! }, this.keyOut);
    t.k1[id] = this.keyOut[0]!;
    t.k2[id] = this.keyOut[1]!;
    t.k3[id] = this.keyOut[2]!;
    t.state[id] = S_WAITING;
    this.waiting[t.service[id]!]!++;
    if (t.callableAt[id]! > now) {
      t.loc[id] = LOC_PENDING;
      this.pending.insert(id);
    } else {
      t.loc[id] = LOC_QUEUE;
      this.queues[t.service[id]!]!.insert(id);
    }
  }

  private dequeue(id: number): void {
    const t = this.t;
    const loc = t.loc[id];
    const ok = loc === LOC_QUEUE ? this.queues[t.service[id]!]!.remove(id) : loc === LOC_PENDING ? this.pending.remove(id) : false;
    if (!ok) throw new InvariantError(`ticket ${id} is waiting but not queued`);
    t.loc[id] = LOC_NONE;
    this.waiting[t.service[id]!]!--;
  }

  private release(w: number, at: number): void {
    const ws = this.windows[w]!;
    if (ws.holding !== -1) ws.busyMsToday += at - Math.max(ws.holdingSince, this.midnight);
    ws.holding = -1;
    if (ws.after !== -1) {
      ws.status = ws.after;
      ws.after = -1;
      ws.statusSince = at;
    }
  }

  private addActive(citizen: string, id: number): void {
    let set = this.citizenActive.get(citizen);
    if (!set) this.citizenActive.set(citizen, (set = new Set()));
    set.add(id);
  }
  private dropActive(citizen: string, id: number): void {
    const set = this.citizenActive.get(citizen);
    if (!set) return;
    set.delete(id);
    if (set.size === 0) this.citizenActive.delete(citizen);
  }
  private useSlot(service: number, slot: number, delta: number): void {
    const key = `${service}|${slot}`;
    const n = (this.slotUse.get(key) ?? 0) + delta;
    if (n <= 0) this.slotUse.delete(key);
    else this.slotUse.set(key, n);
  }

  private startDay(day: number, at: number): void {
    this.day = day;
    this.dayStartedAt = at;
    this.midnight = epochOf(day, 0, this.config.offsetMs);
    this.prefixSeq.clear();
    this.arrivals.fill(0);
    for (const c of this.serviceDay) Object.assign(c, emptyCounters());
    for (const c of this.classDay) Object.assign(c, emptyCounters());
    for (const w of this.windows) {
      w.busyMsToday = 0;
      w.servedToday = 0;
    }
  }

  private boardPush(id: number, w: number, at: number, recall: boolean): void {
    const t = this.t;
    const name = t.name[id];
    const entry: BoardEntry = {
      at,
      ticket: id,
      number: this.displayNumber(id),
      service: this.config.services[t.service[id]!]!.id,
      window: this.config.windows[w]!.number,
      floor: this.config.windows[w]!.floor,
      ...(name !== undefined ? { name } : {}),
      recall,
    };
    this.board.push(entry);
    if (this.board.length > this.config.boardSize) this.board.shift();
  }

  private countersOf(id: number): [DayCounters, DayCounters] {
    return [this.serviceDay[this.t.service[id]!]!, this.classDay[this.t.cls[id]!]!];
  }

  /** The fold: applies one event. Throws InvariantError on an event that cannot follow this state. */
  apply(ev: QueueEvent): void {
    const at = ev.at;
    if (at < this.clock) throw new InvariantError(`event at ${at} is before the clock ${this.clock}`);
    this.clock = at;
    this.promote(at);
    const day = localDay(at, this.config.offsetMs);
    if (day !== this.day) this.startDay(day, at);
    if (ev.key !== undefined) this.idempotency.set(ev.key, this.version);
    this.version++;
    const t = this.t;

    switch (ev.type) {
      case 'ticket.issued': {
        const id = ev.id;
        this.newId(id);
        const s = this.serviceOf(ev.service);
        const c = this.classOf(ev.class);
        t.madeAt[id] = at;
        t.arrivedAt[id] = at;
        t.due[id] = ev.due;
        t.callableAt[id] = at;
        t.service[id] = s;
        t.cls[id] = c;
        t.kind[id] = KIND_WALKIN;
        t.channel[id] = CHANNELS.indexOf(ev.channel);
        t.citizen[id] = ev.citizen;
        if (ev.name !== undefined) t.name[id] = ev.name;
        this.setSeq(id, ev.seq, day);
        this.arrivals[s * this.config.classes.length + c]!++;
        this.serviceDay[s]!.issued++;
        this.classDay[c]!.issued++;
        this.enqueue(id, at);
        return;
      }
      case 'hold.placed': {
        this.nextHoldId = Math.max(this.nextHoldId, ev.hold + 1);
        const s = this.serviceOf(ev.service);
        this.holds.set(ev.hold, { id: ev.hold, service: s, slot: ev.slot, citizen: ev.citizen, stop: ev.stop, expiresAt: ev.expiresAt });
        this.useSlot(s, ev.slot, 1);
        this.addActive(ev.citizen, -ev.hold); // holds are negative in the active set
        return;
      }
      case 'hold.released': {
        const h = this.holds.get(ev.hold);
        if (!h) throw new InvariantError(`release of unknown hold ${ev.hold}`);
        this.holds.delete(ev.hold);
        this.useSlot(h.service, h.slot, -1);
        this.dropActive(h.citizen, -h.id);
        return;
      }
      case 'booking.made': {
        const id = ev.id;
        this.newId(id);
        const s = this.serviceOf(ev.service);
        t.madeAt[id] = at;
        t.slot[id] = ev.slot;
        t.due[id] = ev.slot;
        t.service[id] = s;
        t.cls[id] = this.classOf(ev.class);
        t.kind[id] = KIND_BOOKING;
        t.channel[id] = CHANNELS.indexOf('online');
        t.state[id] = S_BOOKED;
        t.citizen[id] = ev.citizen;
        if (ev.name !== undefined) t.name[id] = ev.name;
        if (ev.stop !== undefined) t.stop[id] = ev.stop;
        this.booked.insert(id);
        this.useSlot(s, ev.slot, 1);
        this.addActive(ev.citizen, id);
        return;
      }
      case 'booking.checkedIn': {
        const id = ev.id;
        this.expect(id, S_BOOKED, ev.type);
        this.booked.remove(id);
        this.dropActive(t.citizen[id]!, id);
        t.arrivedAt[id] = at;
        t.due[id] = ev.due;
        t.callableAt[id] = ev.callableAt;
        t.late[id] = ev.late ? 1 : 0;
        this.setSeq(id, ev.seq, day);
        const [sc, cc] = this.countersOf(id);
        sc.issued++;
        cc.issued++;
        this.enqueue(id, at);
        return;
      }
      case 'booking.expired': {
        const id = ev.id;
        this.expect(id, S_BOOKED, ev.type);
        this.booked.remove(id);
        this.dropActive(t.citizen[id]!, id);
        t.state[id] = S_EXPIRED;
        t.endedAt[id] = at;
        return;
      }
      case 'ticket.cancelled': {
        this.cancel(ev.id, at, ev.reason);
        return;
      }
      case 'window.opened': {
        const ws = this.windows[this.windowOf(ev.window)]!;
        if (ev.phase !== undefined) ws.phase = ev.phase;
        ws.status = 1;
        ws.after = -1;
        ws.statusSince = at;
        return;
      }
      case 'window.closed':
      case 'window.breakStarted': {
        const ws = this.windows[this.windowOf(ev.window)]!;
        if (ev.phase !== undefined) ws.phase = ev.phase;
        const target = ev.type === 'window.closed' ? W_CLOSED : W_BREAK;
        if (ev.deferred) ws.after = target;
        else {
          ws.status = target;
          ws.after = -1;
          ws.statusSince = at;
        }
        return;
      }
      case 'window.breakEnded': {
        const ws = this.windows[this.windowOf(ev.window)]!;
        if (ev.phase !== undefined) ws.phase = ev.phase;
        ws.status = W_OPEN;
        ws.after = -1;
        ws.statusSince = at;
        return;
      }
      case 'ticket.called': {
        const id = ev.id;
        const w = this.windowOf(ev.window);
        this.expect(id, S_WAITING, ev.type);
        this.dequeue(id);
        t.state[id] = S_CALLED;
        t.window[id] = w;
        t.lastWindow[id] = w;
        t.callCount[id] = t.callCount[id]! + 1;
        t.calledAt[id] = at;
        if (Number.isNaN(t.firstCalledAt[id]!)) {
          t.firstCalledAt[id] = at;
          const wait = at - t.callableAt[id]!;
          for (const c of this.countersOf(id)) {
            c.called++;
            c.sumWaitMs += wait;
            if (wait > c.maxWaitMs) c.maxWaitMs = wait;
          }
        }
        const ws = this.windows[w]!;
        ws.holding = id;
        ws.holdingSince = at;
        this.boardPush(id, w, at, false);
        return;
      }
      case 'ticket.recalled': {
        const id = ev.id;
        this.expect(id, S_CALLED, ev.type);
        t.callCount[id] = t.callCount[id]! + 1;
        t.calledAt[id] = at;
        this.boardPush(id, t.window[id]!, at, true);
        return;
      }
      case 'ticket.started': {
        const id = ev.id;
        this.expect(id, S_CALLED, ev.type);
        t.state[id] = S_SERVING;
        t.startedAt[id] = at;
        return;
      }
      case 'ticket.completed': {
        const id = ev.id;
        this.expect(id, S_SERVING, ev.type);
        const w = t.window[id]!;
        t.state[id] = S_DONE;
        t.endedAt[id] = at;
        t.window[id] = -1;
        if (ev.rating !== undefined) t.rating[id] = ev.rating;
        const s = t.service[id]!;
        const a = this.config.etaSmoothing;
        this.handleMs[s] = (1 - a) * this.handleMs[s]! + a * (at - t.startedAt[id]!);
        for (const c of this.countersOf(id)) {
          c.served++;
          if (ev.rating !== undefined) {
            c.ratingSum += ev.rating;
            c.ratingCount++;
          }
        }
        this.windows[w]!.servedToday++;
        this.release(w, at);
        return;
      }
      case 'ticket.noShow': {
        const id = ev.id;
        this.expect(id, S_CALLED, ev.type);
        const w = t.window[id]!;
        t.state[id] = S_NO_SHOW;
        t.endedAt[id] = at;
        t.window[id] = -1;
        for (const c of this.countersOf(id)) c.noShows++;
        this.release(w, at);
        return;
      }
      case 'ticket.requeued': {
        const id = ev.id;
        this.expect(id, S_CALLED, ev.type);
        this.release(t.window[id]!, at);
        t.window[id] = -1;
        this.enqueue(id, at);
        return;
      }
      case 'ticket.parked': {
        const id = ev.id;
        this.detach(id, at, 'park');
        t.state[id] = S_PARKED;
        return;
      }
      case 'ticket.resumed': {
        const id = ev.id;
        this.expect(id, S_PARKED, ev.type);
        t.due[id] = ev.due;
        t.callableAt[id] = at;
        t.callCount[id] = 0; // back from the bank: a new turn in the queue, earlier calls were answered (INV-11)
        this.enqueue(id, at);
        return;
      }
      case 'ticket.transferred': {
        const id = ev.id;
        this.detach(id, at, 'transfer');
        t.service[id] = this.serviceOf(ev.service);
        t.due[id] = ev.due;
        t.callableAt[id] = at;
        t.callCount[id] = 0; // a new queue: calls count per turn (INV-11)
        t.transfers[id] = t.transfers[id]! + 1;
        this.enqueue(id, at);
        return;
      }
      case 'day.ended': {
        // Stamped after midnight, the day that ended is no longer today: its leftovers do not count in today's statistics.
        const today = parseDate(ev.date) === day;
        for (const id of this.activeIds()) {
          if (t.state[id] !== S_BOOKED) this.cancel(id, at, 'end-of-day', today);
        }
        this.windows.forEach((ws) => {
          ws.status = W_CLOSED;
          ws.after = -1;
          ws.statusSince = at;
        });
        this.lastDayEnded = parseDate(ev.date);
        return;
      }
      default: {
        const never: never = ev;
        throw new InvariantError(`unknown event ${JSON.stringify(never)}`);
      }
    }
  }

  /**
   * Rebuilds what a snapshot does not carry (src/snapshot.ts) from the ticket columns and `day`:
   * the service queues and the pending list (waiting tickets by `loc`), the bookings by slot, and
   * the local midnight of the current day.
   */
  reindex(): void {
    const t = this.t;
    for (const q of this.queues) q.clear();
    this.pending.clear();
    this.booked.clear();
    for (let id = 1; id <= t.maxId; id++) {
      const st = t.state[id];
      if (st === S_BOOKED) this.booked.insert(id);
      else if (st === S_WAITING) {
        const loc = t.loc[id];
        if (loc === LOC_QUEUE) this.queues[t.service[id]!]!.insert(id);
        else if (loc === LOC_PENDING) this.pending.insert(id);
        else throw new InvariantError(`ticket ${id} is waiting but not queued`);
      }
    }
    this.midnight = Number.isNaN(this.day) ? Number.NaN : epochOf(this.day, 0, this.config.offsetMs);
    this.activeFloor = 1;
  }

  /** Records the time of a tick that changed nothing, so the roster is not applied twice. */
  noteTick(at: number): void {
    this.lastTickAt = at;
  }

  /** Takes a waiting ticket out of its queue, or a called / serving one off its window. */
  private detach(id: number, at: number, action: string): void {
    const t = this.t;
    const st = t.state[id];
    if (st === S_WAITING) this.dequeue(id);
    else if (st === S_CALLED || st === S_SERVING) {
      this.release(t.window[id]!, at);
      t.window[id] = -1;
    } else throw new InvariantError(`${action} of ticket ${id} in state ${st}`);
  }

  private cancel(id: number, at: number, reason: string, count = true): void {
    const t = this.t;
    const st = t.state[id]!;
    if (st === S_BOOKED) {
      this.booked.remove(id);
      this.useSlot(t.service[id]!, t.slot[id]!, -1);
      this.dropActive(t.citizen[id]!, id);
    } else if (st !== S_PARKED) this.detach(id, at, 'cancel');
    if (st !== S_BOOKED && count) for (const c of this.countersOf(id)) c.cancelled++;
    t.state[id] = S_CANCELLED;
    t.endedAt[id] = at;
    t.reason[id] = reason;
  }

  private newId(id: number): void {
    if (id !== this.nextId) throw new InvariantError(`new id ${id}, expected ${this.nextId}`);
    this.t.ensure(id);
    this.t.maxId = id;
    this.nextId = id + 1;
  }

  private setSeq(id: number, seq: number, day: number): void {
    this.t.seq[id] = seq;
    this.t.day[id] = day;
    this.t.numService[id] = this.t.service[id]!;
    const prefix = this.config.services[this.t.service[id]!]!.prefix;
    if (seq > (this.prefixSeq.get(prefix) ?? 0)) this.prefixSeq.set(prefix, seq);
  }

  private expect(id: number, state: number, type: string): void {
    if (!this.t.has(id) || this.t.state[id] !== state) {
      throw new InvariantError(`${type} for ticket ${id} in state ${this.t.state[id]}, expected ${state}`);
    }
  }

  /** Ids that are not in a terminal state, ascending. */
  activeIds(): number[] {
    const t = this.t;
    while (this.activeFloor <= t.maxId && isTerminal(t.state[this.activeFloor]!)) this.activeFloor++;
    const out: number[] = [];
    for (let id = this.activeFloor; id <= t.maxId; id++) if (!isTerminal(t.state[id]!)) out.push(id);
    return out;
  }

  isBooking(id: number): boolean {
    return this.t.kind[id] === KIND_BOOKING;
  }

  static readonly TERMINAL = [S_DONE, S_NO_SHOW, S_CANCELLED, S_EXPIRED];
}
