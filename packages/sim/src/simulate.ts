/**
 * The discrete-event loop. The simulator decides when things happen (arrivals, check-ins, handle
 * times, patience, bank trips, absence); the engine (`@asan/queue-core`) decides everything about
 * the queue — who is called, what a shift end or a roster change does, recalls and no-shows, the
 * end of the day. The simulator reads the engine's answers and events and never re-implements them.
 *
 * Order of events at equal times (MECHANISM.md): ticks and day starts, then service ends (complete,
 * park), then patience ends, then arrivals / check-ins / returns / callable wake-ups; within a rank,
 * the order of scheduling. After all events of an instant, every window that became free or open,
 * or that serves a service whose queue grew, calls next, in ascending window number (the first free
 * operator takes the next citizen; with shifts this decides which group carries the overtime).
 *
 * Here: the run's state, engine access, citizens arriving, checking in and giving up, day starts and
 * the loop; the windows at work in window-work.ts, online bookings in bookings.ts.
 */
import { Centre, type CentreConfig, type Outcome, type QueueEvent, time } from '@asan/queue-core';
import { nextArrival } from './arrivals.ts';
import { C_DONE, C_PLANNED, C_WAITING, Citizen, CitizenTable, citizenKey } from './citizen.ts';
import { SimError } from './errors.ts';
import { OnlineBookings } from './bookings.ts';
import { countsOf, resultOf, type RunCounts } from './run-results.ts';
import { EventCalendar, SchedulingOrder } from './event-calendar.ts';
import { PatienceEnds } from './patience-ends.ts';
import { commandSlots } from './commands.ts';
import { WindowMirror } from './window-mirror.ts';
import { complete, dispatch, park, recall, resume } from './window-work.ts';
import { abandon, checkIn } from './citizen-work.ts';
import { drawsOf, pick, type SourceDraws } from './draws.ts';
import type { RunResult } from './records.ts';
import { MIN } from './records.ts';
import { Streams } from './rng.ts';
import type { Scenario, SimulateOptions } from './scenario.ts';
import { K_ABANDON, K_ARRIVAL, K_BOOKINGS, K_CALLABLE, K_CHECKIN, K_COMPLETE, K_CONFIRM, K_DAY_START, K_PARK, K_RECALL, K_REQUEST, K_RESUME, K_TICK, RANK } from './kinds.ts';

const DAY_MS = time.DAY_MS;
const ALWAYS: readonly [number, number] = [-Infinity, Infinity];

/** Bookings for day d are made this long before day d's origin (engine: at least a day ahead). */
const BOOKING_LEAD_MS = 12 * 60 * MIN;

/** Arrays of a released run, reused by the next run of this thread. */
let spareByTicket: Int32Array | null = null;
let spareInQueue: Int32Array | null = null;

/** Window numbers and each source's service index: fixed by the scenario, made once per scenario. */
const fixedByScenario = new WeakMap<Scenario, { windowNumbers: Int32Array; srcService: Int32Array }>();

function fixedOf(sc: Scenario, cfg: CentreConfig): { windowNumbers: Int32Array; srcService: Int32Array } {
  let f = fixedByScenario.get(sc);
  if (f === undefined) {
    f = {
      windowNumbers: Int32Array.from(cfg.windows.map((w) => w.number)),
      srcService: Int32Array.from([...sc.walkIns, ...sc.bookings].map((x) => cfg.serviceIndex.get(x.service)!)),
    };
    fixedByScenario.set(sc, f);
  }
  return f;
}

export class Run {
  readonly centre: Centre;
  readonly cfg: CentreConfig;
  private readonly order = new SchedulingOrder();
  /** Future events (but walk-in arrivals and patience ends); events after the current day wait outside its heap. */
  readonly cal = new EventCalendar(this.order);
  /**
   * The walk-ins' next arrivals (rank 3, one pending per source), apart from `cal` in a heap of
   * their own: the same key and the same order of scheduling, so the loop's merge of the two
   * gives the order of a single calendar, with a small heap for the most frequent event.
   */
  readonly arrivals: EventCalendar;
  /** Patience ends of waiting citizens (rank 2), apart so that a called citizen's is taken out. */
  readonly patience = PatienceEnds.acquire();
  /**
   * Take a called citizen's patience end out (not for steady-state runs: there an instant with
   * only a stale patience end may be the one at which the measured run stops).
   */
  readonly dropStalePatience: boolean;
  /** Reused command objects (commands.ts), the thread's. */
  readonly cmd = commandSlots();
  readonly streams: Streams;
  /** The citizens' numbers and flags (citizen.ts): the thread's table, used again after `release`. */
  readonly table = CitizenTable.acquire();
  /** Citizen handles by row (id − 1): rows below `table.n` are this run's (the table keeps more for later runs). */
  readonly citizens: readonly Citizen[] = this.table.handles;
  /** engine ticket id → citizen index */
  private byTicket = spareByTicket ?? new Int32Array(1024);
  readonly draws: SourceDraws[];
  readonly bookingDraws: SourceDraws[];
  /** Online bookings: made in batches or one by one, through holds (bookings.ts). */
  readonly bookings: OnlineBookings;
  /** Window number of each window index. */
  readonly windowNumbers: Int32Array;
  /** Engine service index of each source (walk-ins, then bookings). */
  private readonly srcService: Int32Array;
  /** The windows as the engine's answers and events describe them. */
  readonly win: WindowMirror;
  // arrivals
  readonly srcDayOrigin: Float64Array;
  /** No arrivals of the source at or after this offset today (its process's stop, or closing time). */
  readonly srcDayStop: Float64Array;
  now = -Infinity;
  commands = 0;
  unresolvedMeasured = 0;
  private readonly measureFrom: number;
  private readonly measureTo: number;
  /** How long a window waits for a citizen called but absent before the engine's recall (window-work.ts). */
  readonly recallMs: number;
  /**
   * Citizens whose ticket went into the queue and who were not done at the last day end: the only
   * ones a day end reads back (a booked citizen who never came kept a scan from its index on).
   */
  private inQueue = spareInQueue ?? new Int32Array(1024);
  private inQueueN = 0;

  constructor(
    readonly sc: Scenario,
    readonly seed: number,
    readonly days: number,
  ) {
    this.centre = new Centre(sc.config);
    this.cfg = this.centre.config;
    this.streams = new Streams(seed);
    this.cal.spans(sc.originMs, DAY_MS);
    this.arrivals = new EventCalendar(this.order, Math.max(4, sc.walkIns.length));
    this.win = new WindowMirror(this.cfg);
    const fixed = fixedOf(sc, this.cfg);
    this.windowNumbers = fixed.windowNumbers;
    this.srcService = fixed.srcService;
    this.draws = sc.walkIns.map((src) => drawsOf(this.streams, src));
    this.bookingDraws = sc.bookings.map((src) => drawsOf(this.streams, src));
    this.bookings = new OnlineBookings(this);
    this.srcDayOrigin = new Float64Array(sc.walkIns.length);
    this.srcDayStop = new Float64Array(sc.walkIns.length);
    this.measureFrom = sc.originMs + sc.measureFrom;
    this.measureTo = sc.originMs + sc.measureTo;
    this.recallMs = this.cfg.recallTimeoutMs ?? 3 * MIN;
    this.dropStalePatience = sc.stop !== 'measured';
    spareByTicket = null;
    spareInQueue = null;
    this.byTicket.fill(-1);
  }

  /**
   * Hands the run's growing arrays (citizen table, calendar, ticket index, queue list) to the next
   * run of this thread, once its citizens are no longer read.
   */
  release(): void {
    this.table.release();
    this.cal.release();
    this.patience.release();
    if (spareByTicket === null || spareByTicket.length < this.byTicket.length) spareByTicket = this.byTicket;
    if (spareInQueue === null || spareInQueue.length < this.inQueue.length) spareInQueue = this.inQueue;
    this.byTicket = new Int32Array(0);
    this.inQueue = new Int32Array(0);
  }

  // ---- engine access -------------------------------------------------------------------------

  exec(cmd: Parameters<Centre['execute']>[0]): Outcome & { ok: true } {
    this.commands++;
    const out = this.centre.execute(cmd);
    if (!out.ok) throw new SimError('SIM_ERR_ENGINE_REFUSED', { command: cmd.type, error: `${out.error.code} ${out.error.message}` });
    return out;
  }

  windowNumber(w: number): number {
    return this.windowNumbers[w]!;
  }

  citizenOfTicket(id: number): Citizen {
    return this.citizens[this.byTicket[id]!]!;
  }

  bindTicket(c: Citizen, id: number): void {
    if (id >= this.byTicket.length) {
      let cap = this.byTicket.length;
      while (cap <= id) cap *= 2;
      const b = new Int32Array(cap).fill(-1);
      b.set(this.byTicket);
      this.byTicket = b;
    }
    this.byTicket[id] = c.id - 1;
    c.ticket = id;
  }

  /** Reacts to events the engine decided on its own (tick): windows, recalls, no-shows, expiries, day end. */
  private absorb(events: readonly QueueEvent[]): void {
    for (const ev of events) {
      switch (ev.type) {
        case 'window.opened':
        case 'window.breakEnded':
          this.win.opened(this.cfg.windowIndex.get(ev.window)!, this.now);
          break;
        case 'window.closed':
        case 'window.breakStarted':
          this.win.closed(this.cfg.windowIndex.get(ev.window)!, this.now);
          break;
        case 'ticket.noShow': {
          const c = this.citizenOfTicket(ev.id);
          const w = this.cfg.windowIndex.get(ev.window)!;
          this.finish(c, 'noShow');
          this.win.release(w, this.now);
          break;
        }
        case 'booking.expired': {
          const c = this.citizenOfTicket(ev.id);
          if (c.at === C_PLANNED) this.finish(c, 'expired');
          else if (!c.turnedAway) c.state = 'expired'; // (turned away at a late check-in after closing: stays so)
          break;
        }
        case 'day.ended':
          this.dayEnded();
          break;
        default:
          break;
      }
    }
  }

  /**
   * The engine's clock: shift changes, recalls and no-shows, booking expiries, the day end. A tick
   * that ends an earlier day (one whose end no tick saw: the day the first bookings were made, before
   * day 0) does only that — the engine applies the roster at the next tick — so the same instant is
   * ticked again, and the windows due to open now open now, not at the next tick (an hour later).
   */
  tick(): void {
    const cmd = this.cmd.tick;
    cmd.now = this.now;
    const events = this.exec(cmd).events;
    this.absorb(events);
    const last = events[events.length - 1];
    if (last !== undefined && last.type === 'day.ended' && time.parseDate(last.date) < time.localDay(this.now, this.cfg.offsetMs)) {
      cmd.now = this.now;
      this.absorb(this.exec(cmd).events);
    }
  }

  /** After the engine's day.ended: read every live citizen's state back from the engine. */
  private dayEnded(): void {
    const all = this.citizens;
    // (each citizen's outcome is its own: the order of reading does not matter)
    const q = this.inQueue;
    let kept = 0;
    const at = this.table.A;
    for (let k = 0; k < this.inQueueN; k++) {
      if (at[q[k]!] === C_DONE) continue;
      const c = all[q[k]!]!;
      const view = this.centre.ticket(c.ticket)!;
      if (view.state === 'cancelled') {
        if (c.callable) this.notCallable(c);
        c.reason = view.reason;
        this.finish(c, 'cancelled');
      } else q[kept++] = q[k]!;
    }
    this.inQueueN = kept;
    this.win.closeAll(this.now);
  }

  finish(c: Citizen, state: string): void {
    if (c.at === C_WAITING && c.measured) this.unresolvedMeasured--;
    c.at = C_DONE;
    c.state = state;
    c.endedAt = this.now;
  }

  // ---- citizens ------------------------------------------------------------------------------

  newCitizen(srcIndex: number, d: SourceDraws, kind: 'walkin' | 'booking', day: number, channel: Citizen['channel']): Citizen {
    const k = pick(d.classCum, d.cls);
    const f = d.facts;
    const handleMs = d.handleOf(d.handle) * MIN;
    const pOf = d.patienceOf[k];
    const patienceMs = pOf ? pOf(d.patience) * MIN : Infinity;
    const pay = f.pays && d.payment.next() < f.payShare;
    const bankMs = pay ? Math.max(d.bankOf!(d.bank) * MIN, 0) : 0;
    const absent = f.absentRate > 0 && d.absent.next() < f.absentRate;
    const c = this.table.citizen(day, srcIndex, f.id, kind, f.service, f.classIds[k]!, channel, handleMs, patienceMs, absent, bankMs, pay ? f.beforeShare : 0);
    c.serviceIndex = this.srcService[srcIndex]!;
    if (d.transfer !== null) {
      const u = d.transfer.next();
      let acc = 0;
      for (let k = 0; k < f.transferShare.length; k++) {
        acc += f.transferShare[k]!;
        if (u < acc) {
          c.transferTo = this.cfg.serviceIndex.get(f.transferTo[k]!)!;
          c.transferHandleMs = d.transferHandleOf[k]!(d.transferHandle!) * MIN;
          break;
        }
      }
    }
    if (d.rating !== null && d.rating.next() < f.ratingShare) c.rating = 1 + pick(d.ratingCum, d.rating);
    return c;
  }

  /** The ticket is in the queue from now: patience starts, windows wake. */
  enqueued(c: Citizen): void {
    c.at = C_WAITING;
    if (this.inQueueN === this.inQueue.length) {
      const q = new Int32Array(this.inQueue.length * 2);
      q.set(this.inQueue);
      this.inQueue = q;
    }
    this.inQueue[this.inQueueN++] = c.id - 1;
    if (c.arrivedAt >= this.measureFrom && c.arrivedAt < this.measureTo) {
      c.measured = true;
      this.unresolvedMeasured++;
    }
    if (Number.isFinite(c.patienceMs)) this.patience.push(c.arrivedAt + c.patienceMs, c.id - 1);
    if (c.callableAt > this.now) this.cal.push(c.callableAt, RANK[K_CALLABLE]!, K_CALLABLE, c.id - 1);
    else this.callableNow(c);
  }

  /** c's ticket is callable from now (the engine's call-next may take it): windows of its service wake. */
  callableNow(c: Citizen): void {
    c.callable = true;
    this.win.wake(c.serviceIndex);
  }

  /**
   * c's ticket is no longer callable: called, or cancelled while waiting. A call of a ticket the
   * simulator did not count would mean it had skipped a window that could call (a bug, not a
   * refusal of the engine: the run would no longer be the engine's).
   */
  notCallable(c: Citizen): void {
    if (!c.callable) throw new SimError('SIM_ERR_ENGINE_REFUSED', { command: 'callNext', error: `ticket ${c.ticket} was called, but the simulator had not counted it as callable` });
    c.callable = false;
    this.win.unwake(c.serviceIndex);
  }

  issueWalkIn(c: Citizen): void {
    this.commands++;
    const cmd = this.cmd.issueWalkIn;
    cmd.now = this.now;
    cmd.service = c.service;
    cmd.class = c.cls;
    cmd.citizen = citizenKey(c.id);
    cmd.channel = c.channel === 'online' ? 'desk' : c.channel;
    const out = this.centre.execute(cmd);
    if (Number.isNaN(c.showedUpAt)) c.showedUpAt = this.now;
    if (!out.ok) {
      if (out.error.code !== 'QC_ERR_CENTRE_CLOSED') {
        throw new SimError('SIM_ERR_ENGINE_REFUSED', { command: 'issueWalkIn', error: `${out.error.code} ${out.error.message}` });
      }
      c.turnedAway = true;
      c.at = C_DONE;
      c.state = 'turnedAway';
      return;
    }
    const slip = out.result;
    this.bindTicket(c, slip.ticket);
    const ev = out.events[0] as Extract<QueueEvent, { type: 'ticket.issued' }>;
    c.arrivedAt = this.now;
    c.callableAt = this.now;
    c.due = ev.due;
    c.peopleAhead = slip.peopleAhead;
    if (slip.eta) {
      c.etaP50Ms = slip.eta.p50Ms;
      c.etaP90Ms = slip.eta.p90Ms;
    }
    this.enqueued(c);
  }

  private arrival(i: number): void {
    const d = this.draws[i]!;
    const ch = d.facts.channelIds[pick(d.channelCum, d.channel)]! as Citizen['channel'];
    const day = Math.floor((this.srcDayOrigin[i]! - this.sc.originMs) / DAY_MS);
    const c = this.newCitizen(i, d, 'walkin', day, ch);
    this.issueWalkIn(c);
    this.scheduleArrival(i, this.now - this.srcDayOrigin[i]!);
  }

  private scheduleArrival(i: number, fromOffset: number): void {
    const d = this.draws[i]!;
    const next = nextArrival(d.facts.process!, fromOffset, d.arrivals, this.srcDayStop[i]!);
    if (next !== Infinity) this.arrivals.push(this.srcDayOrigin[i]! + next, RANK[K_ARRIVAL]!, K_ARRIVAL, i);
  }

  /**
   * The day's opening hours as offsets [open, close) from its origin (the engine's hours for its
   * weekday, or the mobile stop); null: closed that day. Scenarios without clipping: always open.
   */
  hoursOf(day: number): readonly [number, number] | null {
    if (!this.sc.clipToHours) return ALWAYS;
    const cfg = this.cfg;
    const local = time.localDay(this.sc.originMs + day * DAY_MS, cfg.offsetMs);
    let h: readonly [number, number] | null;
    if (cfg.kind === 'mobile') {
      const st = cfg.stops.get(local);
      h = st ? [st.open, st.close] : null;
    } else h = cfg.hours[time.weekdayOfDay(local)] ?? null;
    if (!h) return null;
    const o = this.sc.originClockMin;
    return [(h[0] - o) * MIN, (h[1] - o) * MIN];
  }

  // ---- days and the loop ---------------------------------------------------------------------
  // (the windows at work — calls, service, bank trips, transfers, recalls — are in window-work.ts)

  /** When the bookings for the day starting at `origin` are made (the day before). */
  private bookingsAt(origin: number): number {
    const req = this.sc.bookingRequests;
    return req === null ? origin - BOOKING_LEAD_MS : origin - DAY_MS + req.from;
  }

  private dayStart(day: number): void {
    const sc = this.sc;
    const origin = sc.originMs + day * DAY_MS;
    for (const n of sc.alwaysOpen) {
      const w = this.cfg.windowIndex.get(n)!;
      if (this.win.open[w] === 0 && this.win.busy[w] === -1) {
        const cmd = this.cmd.openWindow;
        cmd.now = this.now;
        cmd.window = n;
        this.exec(cmd);
        this.win.opened(w, this.now);
      }
    }
    for (const off of sc.ticks) this.cal.push(origin + off, RANK[K_TICK]!, K_TICK, -1);
    // walk-ins only while the centre is open that day (a Saturday closes earlier, a Sunday may be closed)
    const hours = this.hoursOf(day);
    if (hours !== null) {
      sc.walkIns.forEach((src, i) => {
        this.srcDayOrigin[i] = origin;
        this.srcDayStop[i] = Math.min(src.process.stop, hours[1]);
        this.scheduleArrival(i, Math.max(src.process.start, hours[0]));
      });
    }
    const nextMidnight = time.epochOf(time.localDay(origin, this.cfg.offsetMs) + 1, 0, this.cfg.offsetMs);
    if (sc.endOfDay) this.cal.push(nextMidnight, RANK[K_TICK]!, K_TICK, -1);
    if (day + 1 < this.days) {
      if (sc.bookings.length > 0) this.cal.push(this.bookingsAt(origin + DAY_MS), RANK[K_BOOKINGS]!, K_BOOKINGS, day + 1);
      this.cal.push(origin + DAY_MS, RANK[K_DAY_START]!, K_DAY_START, day + 1);
    }
  }

  run(): RunResult {
    this.loop();
    return resultOf(this);
  }

  loop(): void {
    const sc = this.sc;
    const cal = this.cal;
    if (sc.bookings.length > 0) cal.push(this.bookingsAt(sc.originMs), RANK[K_BOOKINGS]!, K_BOOKINGS, 0);
    cal.push(sc.originMs, RANK[K_DAY_START]!, K_DAY_START, 0);
    const measured = sc.stop === 'measured';
    const pat = this.patience;
    const arr = this.arrivals;
    const at = this.table;
    while (cal.size > 0 || pat.size > 0 || arr.size > 0) {
      const t = Math.min(cal.peekTime(), pat.peekTime(), arr.peekTime());
      this.now = t;
      for (;;) {
        // at equal times: calendar ranks 0 and 1, then patience ends (rank 2), then rank 3 (arrivals among them)
        const tc = cal.peekTime();
        const ta = arr.peekTime();
        const arrival = ta < tc || (ta === tc && ta !== Infinity && arr.peekOrder() < cal.peekOrder());
        if (pat.peekTime() === t && (arrival || tc !== t || !cal.nextRankBelow(RANK[K_ABANDON]!))) {
          const a = pat.pop();
          // most patience ends of called citizens were taken out; those left find them gone
          if (at.A[a] === C_WAITING) abandon(this, this.citizens[a]!);
          continue;
        }
        if (arrival) {
          if (ta !== t) break;
          arr.pop();
          this.arrival(arr.arg);
          continue;
        }
        if (tc !== t) break;
        cal.pop();
        const a = cal.arg;
        switch (cal.kind) {
          case K_COMPLETE:
            complete(this, this.citizens[a]!);
            break;
          case K_PARK:
            park(this, this.citizens[a]!);
            break;
          case K_RESUME:
            resume(this, this.citizens[a]!);
            break;
          case K_CHECKIN:
            checkIn(this, this.citizens[a]!);
            break;
          case K_CALLABLE: {
            const c = this.citizens[a]!;
            if (c.at === C_WAITING) this.callableNow(c);
            break;
          }
          case K_TICK:
            this.tick();
            break;
          case K_RECALL:
            recall(this, this.citizens[a]!);
            break;
          case K_BOOKINGS:
            this.bookings.make(a);
            break;
          case K_REQUEST:
            this.bookings.request(this.citizens[a]!);
            break;
          case K_CONFIRM:
            this.bookings.confirm(this.citizens[a]!);
            break;
          case K_DAY_START:
            this.dayStart(a);
            break;
          default:
            throw new Error(`unknown event kind ${cal.kind}`);
        }
      }
      dispatch(this);
      if (measured && t >= this.measureTo && this.unresolvedMeasured === 0) break;
    }
    // an instant with only patience ends of called citizens did nothing but move the clock
    if (pat.latestRemoved > this.now) this.now = pat.latestRemoved;
  }
}

export type { RunCounts };

/** Like `simulate`, but returns counts only (no records: less memory and work for long runs). */
export function simulateCounts(scenario: Scenario, options: SimulateOptions): RunCounts {
  const run = new Run(scenario, options.seed, checkOptions(scenario, options));
  run.loop();
  const counts = countsOf(run);
  run.release();
  return counts;
}

function checkOptions(scenario: Scenario, options: SimulateOptions): number {
  const days = options.days ?? 1;
  if (!Number.isInteger(days) || days < 1 || days > scenario.maxDays) {
    throw new SimError('SIM_ERR_BAD_OPTION', { option: 'days', reason: `must be an integer from 1 to ${scenario.maxDays}, got ${days}` });
  }
  if (!Number.isSafeInteger(options.seed)) throw new SimError('SIM_ERR_BAD_OPTION', { option: 'seed', reason: `must be an integer, got ${options.seed}` });
  return days;
}

/** Runs a scenario once: `days` consecutive days (default 1) with independent streams from `seed`. */
export function simulate(scenario: Scenario, options: SimulateOptions): RunResult {
  const run = new Run(scenario, options.seed, checkOptions(scenario, options));
  const result = run.run();
  run.release();
  return result;
}
