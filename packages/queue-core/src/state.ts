/**
 * The centre's state and the fold that changes it. `apply(event)` is the only writer: commands
 * decide events from this state, then apply them; a replay applies the same events from empty.
 *
 * This file holds the state itself and the primitives every part of the fold shares (queueing a
 * ticket, taking it off a window, cancelling, the day's start); the events of each concept are
 * folded in their own file: fold-tickets.ts (walk-ins, side trips, cancellations, end of day),
 * fold-bookings.ts (holds and bookings) and fold-windows.ts (window status and the service at a
 * window). The idempotency keys the fold records and forgets are idempotency.ts; rebuilding the
 * index structures after a snapshot restore is restore.ts.
 */
import { Board, type BoardEntry, type BoardLookup } from './board.ts';
import { ConfigBoardLookup } from './board-lookup.ts';
import type { WindowRef } from './commands.ts';
import type { CentreConfig } from './config.ts';
import { cachedNumber, configTables, type ConfigTables } from './config-tables.ts';
import { hoursOn } from './decide-common.ts';
import type { EventType, QueueEvent } from './events.ts';
import { InvariantError } from './errors.ts';
import { applyBookingEvent } from './fold-bookings.ts';
import { applyTicketEvent } from './fold-tickets.ts';
import { applyWindowEvent } from './fold-windows.ts';
import { IdempotencyKeys } from './idempotency.ts';
import { POLICIES, type Policy, type PolicyInput } from './policies.ts';
import { MemoIndex, NumberIndex } from './memo-index.ts';
import { HoursMemo, RosterMemo } from './memos.ts';
import { SlotUse } from './slot-use.ts';
import { SortedQueue } from './sorted-queue.ts';
import { LOC_NONE, LOC_PENDING, LOC_QUEUE, S_BOOKED, S_CALLED, S_CANCELLED, S_PARKED, S_SERVING, S_WAITING, TicketTable, isTerminal } from './tickets.ts';
import { DAY_MS, epochOf, localDay } from './time.ts';
import { OVERTAKE_HEAD_START, OVERTAKE_NONE, OVERTAKE_RANK, W_CLOSED, W_OPEN, emptyCounters, type DayCounters, type Hold, type WindowState } from './state-parts.ts';

export type { BoardEntry } from './board.ts';

/** Opening time (epoch ms) of local day `day`, NaN when the centre is closed that day. */
function openingOf(cfg: CentreConfig, day: number): number {
  const h = hoursOn(cfg, day);
  return h ? epochOf(day, h[0], cfg.offsetMs) : Number.NaN;
}

export { W_BREAK, W_CLOSED, W_OPEN, WINDOW_STATUS, emptyCounters } from './state-parts.ts';
export type { DayCounters, Hold, WindowState } from './state-parts.ts';

export class CentreState {
  readonly t: TicketTable;
  readonly policy: Policy;
  /**
   * Who may overtake a waiting ticket under the policy, for the ETA's expected overtakers:
   * OVERTAKE_HEAD_START (edd: classes with a shorter target, arriving within the difference),
   * OVERTAKE_RANK (strict priority: classes of a lower rank, arriving any time before the call),
   * OVERTAKE_NONE (fifo: nobody who arrives later).
   */
  readonly overtakeRule: number;
  /** One sorted queue of callable waiting tickets per service. */
  readonly queues: SortedQueue[];
  /**
   * Per service: the head of its queue (-1 when empty) and that ticket's first key, kept by the
   * fold, so that call-next compares the heads of a window's services without touching their
   * queues or ticket rows (cache misses, ~20 % of a call), and reads only the winner's row.
   */
  readonly headId: Int32Array;
  readonly headK1: Float64Array;
  /** Checked-in bookings not yet callable (e in the future), by e. */
  readonly pending: SortedQueue;
  /** Bookings not checked in, by slot (for expiry). */
  readonly booked: SortedQueue;
  readonly windows: WindowState[];
  readonly holds = new Map<number, Hold>();
  /** (service, slot) → bookings and live holds of that slot. */
  readonly slotUse: SlotUse;
  /** citizen → active booking and hold ids (holds negative), in the order they became active. */
  readonly citizenActive = new Map<string, number[]>();
  /** Waiting tickets per service (in the queue or pending). */
  readonly waiting: Int32Array;
  /** Of those, the ones in the pending list (checked in early, not callable yet), per service. */
  readonly pendingOf: Int32Array;
  /**
   * Per window: how many of its services have someone waiting. Kept with `waiting` (it changes
   * only when a service's count goes 0 ↔ 1), so an ETA need not scan every window's services.
   * Not kept (0) for the windows of sole services (`serviceSole`): their ETA does not read it.
   */
  readonly windowBusy: Int32Array;
  /**
   * Per window, what an ETA counts it as: 0 not serving (closed, on a break, or closing or going on
   * a break after its ticket), 1 open and idle, 2 open and busy. Kept by the fold with `syncWindow`
   * after every change of a window's status, pending change or ticket, so the ETA's loop over a
   * service's windows reads one byte per window.
   */
  readonly windowServing: Uint8Array;
  /** Per window: its only service when it serves exactly one, else -1. */
  readonly windowSole: Int16Array;
  /**
   * Per service: 1 when every window that serves it serves nothing else (a single-queue desk). Its
   * ETA then counts each serving window as one whole server, so the fold keeps the counts below
   * and the ETA need not loop over the windows.
   */
  readonly serviceSole: Uint8Array;
  /** Per sole service: its windows that `windowServing` counts as serving (1 or 2), and as idle (1). */
  readonly soleServing: Int32Array;
  readonly soleIdle: Int32Array;
  /** Smoothed handle time per service (ms), for ETAs. */
  readonly handleMs: Float64Array;
  /** Walk-in arrivals today per service × class, for the ETA's expected overtakers. */
  readonly arrivals: Int32Array;
  readonly serviceDay: DayCounters[];
  readonly classDay: DayCounters[];
  /** The last calls (see board.ts); `boardEntries()` reads it. */
  readonly board: Board;
  /** Today's last display sequence number per ticket prefix (index into `prefixes`; services may share a prefix). */
  readonly prefixSeq: Int32Array;
  /** The distinct ticket prefixes, and each service's index into them. */
  readonly prefixes: readonly string[];
  readonly prefixOfService: Int32Array;
  /** The idempotency keys still known, with the versions of their events (idempotency.ts). */
  readonly idempotency: IdempotencyKeys;
  nextId = 1;
  nextHoldId = 1;
  version = 0;
  clock = -Infinity;
  day = Number.NaN;
  dayStartedAt = Number.NaN;
  /**
   * Opening time of the current day (epoch ms; NaN when the centre is closed that day): walk-ins
   * (the ETA's arrival counts) come only from then on, whenever the day's first event was.
   */
  dayOpenAt = Number.NaN;
  /** Local midnight that began the current day (ms): busy time before it belongs to another day. */
  private midnight = Number.NaN;
  lastDayEnded = Number.NaN;
  /**
   * A day that had not ended, with work left (`hasActivity`), when a later day began with another
   * event than the tick that ends it (a booking made after midnight, a check-in before the first
   * tick of the morning): the next tick ends it first (tick.ts). NaN when there is none.
   */
  unendedDay = Number.NaN;
  lastTickAt = Number.NaN;
  /**
   * Plain copies of the config's window → services and service → windows lists, for the loops of
   * call-next and the ETA: V8 (Node 20) reads frozen arrays several times slower than plain ones,
   * and the config is deep-frozen. Read-only by convention; built once from the config.
   */
  readonly windowServices: readonly (readonly number[])[];
  readonly serviceWindows: readonly (readonly number[])[];
  /** Plain copies of the hot config fields, by the same reasoning: ids, prefixes, class ranks and targets. */
  readonly serviceIds: readonly string[];
  readonly servicePrefix: readonly string[];
  readonly classIds: readonly string[];
  readonly classRank: Float64Array;
  readonly classTargetMs: Float64Array;
  readonly windowNumbers: readonly number[];
  /** The config's shared tables (config-tables.ts), for its cache of display numbers and the board's lookup. */
  private readonly tables: ConfigTables;
  /** Each service's windows (number, floor), as the printed ticket shows them; shared, each list frozen. */
  readonly windowRefs: readonly (readonly WindowRef[])[];
  /** Memos of the deciders (memos.ts), not state: the hours of the last day asked, and tick's roster pass. */
  readonly hoursMemo = new HoursMemo();
  readonly rosterMemo: RosterMemo;
  /** Lowest id that may still be non-terminal. */
  private activeFloor = 1;
  private readonly keyOut = new Float64Array(3);
  /** Reused input of the policy's key function (no object per queued ticket). */
  private readonly keyIn: { due: number; rank: number; callableAt: number } = { due: 0, rank: 0, callableAt: 0 };

  constructor(readonly config: CentreConfig) {
    // Rows to start with: ~32 tickets a day per window (a 26-window centre starts at 1,024, a
    // 90-window one at 4,096); the table doubles beyond.
    this.t = new TicketTable(config.keepFinishedTickets, config.windows.length * 32);
    this.policy = POLICIES[config.policy];
    this.overtakeRule = config.policy === 'edd' ? OVERTAKE_HEAD_START : config.policy === 'strict-priority' ? OVERTAKE_RANK : OVERTAKE_NONE;
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
    const tables = configTables(config);
    this.tables = tables;
    this.windowServices = tables.windowServices;
    this.serviceWindows = tables.serviceWindows;
    this.serviceIds = tables.serviceIds;
    this.servicePrefix = tables.servicePrefix;
    this.prefixes = tables.prefixes;
    this.prefixOfService = tables.prefixOfService;
    this.prefixSeq = new Int32Array(this.prefixes.length);
    this.classIds = tables.classIds;
    this.classRank = tables.classRank;
    this.classTargetMs = tables.classTargetMs;
    this.windowNumbers = tables.windowNumbers;
    this.windowRefs = tables.windowRefs;
    this.windowSole = tables.windowSole;
    this.serviceSole = tables.serviceSole;
    this.slotUse = new SlotUse(nS);
    this.idempotency = new IdempotencyKeys(config.keepIdempotencyKeysDays);
    this.services = new MemoIndex(config.serviceIndex);
    this.classes = new MemoIndex(config.classIndex);
    this.windowNumberIndex = new NumberIndex(config.windowIndex);
    this.waiting = new Int32Array(nS);
    this.pendingOf = new Int32Array(nS);
    this.headId = new Int32Array(nS).fill(-1);
    this.headK1 = new Float64Array(nS).fill(Infinity);
    this.windowBusy = new Int32Array(config.windows.length);
    this.windowServing = new Uint8Array(config.windows.length);
    this.soleServing = new Int32Array(nS);
    this.soleIdle = new Int32Array(nS);
    this.handleMs = new Float64Array(config.services.map((s) => s.meanHandleMs));
    this.arrivals = new Int32Array(nS * config.classes.length);
    this.serviceDay = config.services.map(emptyCounters);
    this.classDay = config.classes.map(emptyCounters);
    this.board = new Board(config.boardSize);
    this.rosterMemo = new RosterMemo(config);
  }

  /** A ticket's display number (service prefix + daily sequence, A007), '' before it has one. */
  displayNumber(id: number): string {
    const t = this.t;
    const r = id & t.mask;
    return this.numberOf(this.prefixOfService[t.numService[r]!]!, t.seq[r]!);
  }

  /** Display number of sequence number `seq` under ticket prefix index `prefix`; '' for seq 0. */
  numberOf(prefix: number, seq: number): string {
    return cachedNumber(this.tables, prefix, seq);
  }

  /** The name a ticket was issued or booked with, if any. */
  nameOf(id: number): string | undefined {
    return this.t.name.size === 0 ? undefined : this.t.name.get(id);
  }
  /** Records a call or recall of ticket `id` at window `w` on the board. */
  boardCall(at: number, id: number, w: number, recall: boolean): void {
    const t = this.t;
    const r = id & t.mask;
    this.board.push(at, id, w, t.service[r]!, recall, this.prefixOfService[t.numService[r]!]!, t.seq[r]!, this.nameOf(id));
  }

  /** How the board names its entries (board-lookup.ts; made when the board is first read). */
  boardLookup(): BoardLookup {
    return (this.lookup ??= new ConfigBoardLookup(this.config, this.tables));
  }
  private lookup: BoardLookup | undefined;

  /** The board's entries, oldest first. */
  boardEntries(): BoardEntry[] {
    return this.board.entries(this.boardLookup());
  }

  /** Index of a service id, class id or window number (memo-index.ts), undefined for an unknown one. */
  findService(id: unknown): number | undefined {
    return this.services.find(id);
  }
  findClass(id: unknown): number | undefined {
    return this.classes.find(id);
  }
  findWindow(number: unknown): number | undefined {
    return this.windowNumberIndex.find(number);
  }
  private readonly services: MemoIndex;
  private readonly classes: MemoIndex;
  private readonly windowNumberIndex: NumberIndex;

  /** Service index of a config id named by an event (throws InvariantError for an unknown one). */
  serviceOf(id: string): number {
    const s = this.findService(id);
    if (s === undefined) throw new InvariantError(`event names unknown service ${id}`);
    return s;
  }
  windowOf(number: number): number {
    const w = this.findWindow(number);
    if (w === undefined) throw new InvariantError(`event names unknown window ${number}`);
    return w;
  }
  classOf(id: string): number {
    const c = this.findClass(id);
    if (c === undefined) throw new InvariantError(`event names unknown class ${id}`);
    return c;
  }

  /** The fold: applies one event. Throws InvariantError on an event that cannot follow this state. */
  apply(ev: QueueEvent): void {
    this.fold(ev, ev.type, ev.at, ev.key);
  }

  /**
   * `apply` with the event's type, time and key read by the caller. Events of every shape come
   * through here: reading those three fields in this one place made them megamorphic loads (a
   * probe of V8's stub cache each); a caller that sees few shapes (Centre.execute's case of each
   * command) reads them cheaply, and the fold's cases read only their own event's fields.
   */
  fold(ev: QueueEvent, type: EventType, at: number, key: string | undefined): void {
    // (negated, so that an `at` that is NaN or missing is refused too: it compares false with everything)
    if (!(at >= this.clock)) throw new InvariantError(`event at ${at} is before the clock ${this.clock}, or not a time`);
    this.clock = at;
    if (this.pending.size > 0) this.promote(at);
    // The local day only changes when an event reaches the next local midnight (events come in time
    // order); before the first event `midnight` is NaN and the test fails, so the day is worked out.
    if (!(at < this.midnight + DAY_MS)) {
      const today = localDay(at, this.config.offsetMs);
      if (today !== this.day) this.startDay(today, at);
    }
    const day = this.day;
    if (key !== undefined) this.idempotency.add(key, this.version);
    this.version++;
    if (applyWindowEvent(this, ev, type, at) || applyTicketEvent(this, ev, type, at, day) || applyBookingEvent(this, ev, type, at, day)) return;
    throw new InvariantError(`unknown event ${JSON.stringify(ev)}`);
  }

  // ---- primitives shared by the fold (fold-*.ts); nothing else writes through them ----

  /**
   * Moves checked-in bookings whose callable time has come into their service queues. Only the
   * fold calls it, with the time of the event it applies: deciding and querying never move a
   * ticket, so a question about a later time cannot make a booking callable early.
   */
  private promote(now: number): void {
    const t = this.t;
    for (let id = this.pending.peek(); id !== -1 && t.callableAt[id & t.mask]! <= now; id = this.pending.peek()) {
      this.pending.popMin();
      this.pendingOf[t.service[id & t.mask]!]!--;
      t.loc[id & t.mask] = LOC_QUEUE;
      this.queueInsert(t.service[id & t.mask]!, id);
    }
  }

  /** Inserts a waiting ticket (its key set) into service queue `s`, keeping the head columns. */
  private queueInsert(s: number, id: number): void {
    const q = this.queues[s]!;
    q.insert(id);
    if (q.peek() === id) {
      this.headId[s] = id;
      this.headK1[s] = this.t.k1[id & this.t.mask]!;
    }
  }

  /** Sets the head columns of service `s` from its queue (also restore.ts, after rebuilding the queues). */
  refreshHead(s: number): void {
    const h = this.queues[s]!.peek();
    this.headId[s] = h;
    this.headK1[s] = h === -1 ? Infinity : this.t.k1[h & this.t.mask]!;
  }

  /** Puts a ticket (its due, class and callable time set) in its service queue, or pending when not yet callable. */
  enqueue(id: number, now: number): void {
    const t = this.t;
    const r = id & t.mask;
    const keyIn = this.keyIn;
    keyIn.due = t.due[r]!;
    keyIn.rank = this.classRank[t.cls[r]!]!;
    keyIn.callableAt = t.callableAt[r]!;
    const out = this.keyOut;
    this.policy.key(keyIn as PolicyInput, out);
    t.k1[r] = out[0]!;
    t.k2[r] = out[1]!;
    t.k3[r] = out[2]!;
    t.state[r] = S_WAITING;
    this.countWaiting(t.service[r]!, 1);
    if (t.callableAt[r]! > now) {
      t.loc[r] = LOC_PENDING;
      this.pending.insert(id);
      this.pendingOf[t.service[r]!]!++;
    } else {
      t.loc[r] = LOC_QUEUE;
      this.queueInsert(t.service[r]!, id);
    }
  }

  /** Takes a waiting ticket out of its queue (or the pending list). */
  dequeue(id: number): void {
    const t = this.t;
    const r = id & t.mask;
    const loc = t.loc[r];
    const s = t.service[r]!;
    const ok = loc === LOC_QUEUE ? this.queues[s]!.remove(id) : loc === LOC_PENDING ? this.pending.remove(id) : false;
    if (!ok) throw new InvariantError(`ticket ${id} is waiting but not queued`);
    if (this.headId[s] === id) this.refreshHead(s);
    if (loc === LOC_PENDING) this.pendingOf[t.service[r]!]!--;
    t.loc[r] = LOC_NONE;
    this.countWaiting(t.service[r]!, -1);
  }

  private countWaiting(s: number, delta: 1 | -1): void {
    const before = this.waiting[s]!;
    this.waiting[s] = before + delta;
    // (a sole service's windows serve nothing else: no ETA reads their busy count, see serviceSole)
    if ((before === 0 || before + delta === 0) && this.serviceSole[s] === 0) {
      const ws = this.serviceWindows[s]!;
      for (let i = 0; i < ws.length; i++) this.windowBusy[ws[i]!]! += delta;
    }
  }

  /** Frees window `w` (its ticket left at `at`), applying a close or break asked while it was busy. */
  release(w: number, at: number): void {
    const ws = this.windows[w]!;
    if (ws.holding !== -1) ws.busyMsToday += at - Math.max(ws.holdingSince, this.midnight);
    ws.holding = -1;
    if (ws.after !== -1) {
      ws.status = ws.after;
      ws.after = -1;
      ws.statusSince = at;
    }
    this.syncWindow(w);
  }

  /** Sets `windowServing[w]` from the window's status, pending change and ticket. */
  syncWindow(w: number): void {
    const ws = this.windows[w]!;
    const code = ws.status !== W_OPEN || ws.after !== -1 ? 0 : ws.holding === -1 ? 1 : 2;
    const old = this.windowServing[w]!;
    if (code === old) return;
    this.windowServing[w] = code;
    const s = this.windowSole[w]!;
    if (s !== -1) {
      this.soleServing[s]! += (code !== 0 ? 1 : 0) - (old !== 0 ? 1 : 0);
      this.soleIdle[s]! += (code === 1 ? 1 : 0) - (old === 1 ? 1 : 0);
    }
  }

  addActive(citizen: string, id: number): void {
    const ids = this.citizenActive.get(citizen);
    if (!ids) this.citizenActive.set(citizen, [id]);
    else if (!ids.includes(id)) ids.push(id);
  }
  dropActive(citizen: string, id: number): void {
    const ids = this.citizenActive.get(citizen);
    if (!ids) return;
    const i = ids.indexOf(id);
    if (i === -1) return;
    if (ids.length === 1) this.citizenActive.delete(citizen);
    else ids.splice(i, 1);
  }

  private startDay(day: number, at: number): void {
    this.idempotency.startDay(day, this.version);
    // The day before left work behind and no day.ended closed it: the next tick ends it (once a day: a scan of the live tickets).
    if (!Number.isNaN(this.day) && this.lastDayEnded !== this.day && this.hasActivity()) this.unendedDay = this.day;
    this.day = day;
    this.dayStartedAt = at;
    this.midnight = epochOf(day, 0, this.config.offsetMs);
    this.dayOpenAt = openingOf(this.config, day);
    this.slotUse.forgetBefore(this.midnight);
    this.prefixSeq.fill(0);
    this.arrivals.fill(0);
    for (const c of this.serviceDay) Object.assign(c, emptyCounters());
    for (const c of this.classDay) Object.assign(c, emptyCounters());
    for (const w of this.windows) {
      w.busyMsToday = 0;
      w.servedToday = 0;
    }
  }

  /** Takes a waiting ticket out of its queue, or a called / serving one off its window. */
  detach(id: number, at: number, action: string): void {
    const t = this.t;
    const r = id & t.mask;
    if (id <= 0 || t.ids[r] !== id) throw new InvariantError(`${action} of unknown ticket ${id}`);
    const st = t.state[r];
    if (st === S_WAITING) this.dequeue(id);
    else if (st === S_CALLED || st === S_SERVING) {
      this.release(t.window[r]!, at);
      t.window[r] = -1;
    } else throw new InvariantError(`${action} of ticket ${id} in state ${st}`);
  }

  cancel(id: number, at: number, reason: string, count = true): void {
    const t = this.t;
    const r = id & t.mask;
    // (an id whose row is empty or holds another ticket: the row's state is not this ticket's)
    if (id <= 0 || t.ids[r] !== id) throw new InvariantError(`cancel of unknown ticket ${id}`);
    const st = t.state[r]!;
    if (st === S_BOOKED) {
      this.booked.remove(id);
      this.slotUse.add(t.service[r]!, t.slot[r]!, -1);
      this.dropActive(t.citizen[r]!, id);
    } else if (st !== S_PARKED) this.detach(id, at, 'cancel');
    if (st !== S_BOOKED && count) {
      this.serviceDay[t.service[r]!]!.cancelled++;
      this.classDay[t.cls[r]!]!.cancelled++;
    }
    t.state[r] = S_CANCELLED;
    t.endedAt[r] = at;
    t.reason.set(id, reason);
  }

  /** Takes the next ticket id (events carry it; it must be the next one). */
  newId(id: number): void {
    if (id !== this.nextId) throw new InvariantError(`new id ${id}, expected ${this.nextId}`);
    this.t.claim(id);
    this.t.maxId = id;
    this.nextId = id + 1;
  }

  /** Gives a ticket its daily sequence number (the display number). */
  setSeq(id: number, seq: number, day: number): void {
    const t = this.t;
    const r = id & t.mask;
    t.seq[r] = seq;
    t.day[r] = day;
    t.numService[r] = t.service[r]!;
    const p = this.prefixOfService[t.service[r]!]!;
    if (seq > this.prefixSeq[p]!) this.prefixSeq[p] = seq;
  }

  /** Throws InvariantError unless ticket `id` exists and is in `state`. */
  expect(id: number, state: number, type: string): void {
    // Every expected state is a live one, and a live ticket is always in its row.
    const t = this.t;
    const r = id & t.mask;
    if (id <= 0 || t.ids[r] !== id || t.state[r] !== state) {
      throw new InvariantError(`${type} for ticket ${id} in state ${t.ids[r] === id ? t.state[r] : 'unknown'}, expected ${state}`);
    }
  }

  /**
   * What the current day implies, set after a snapshot restore set `day` (restore.ts `reindex`) as
   * startDay sets it when a day starts: its local midnight and opening time (NaN before the first
   * day); and the floor of the live ids, from the first id.
   */
  resumeDay(): void {
    this.midnight = Number.isNaN(this.day) ? Number.NaN : epochOf(this.day, 0, this.config.offsetMs);
    this.dayOpenAt = Number.isNaN(this.day) ? Number.NaN : openingOf(this.config, this.day);
    this.activeFloor = 1;
  }

  /** Whether the centre has work under way: a window not closed or holding a ticket, or a ticket waiting, called, serving or parked. */
  hasActivity(): boolean {
    if (this.windows.some((w) => w.status !== W_CLOSED || w.holding !== -1)) return true;
    for (const id of this.activeIds()) if (this.t.state[id & this.t.mask] !== S_BOOKED) return true;
    return false;
  }

  /** Records the time of a tick that changed nothing, so the roster is not applied twice. */
  noteTick(at: number): void {
    this.lastTickAt = at;
  }

  /** Ids that are not in a terminal state, ascending. */
  activeIds(): number[] {
    const t = this.t;
    while (this.activeFloor <= t.maxId && !t.isLive(this.activeFloor)) this.activeFloor++;
    const out: number[] = [];
    for (let id = this.activeFloor; id <= t.maxId; id++) if (t.isLive(id)) out.push(id);
    return out;
  }
}
