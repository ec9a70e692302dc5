/** Read models of a centre: ticket status and position, load, board, windows, unserved services, day statistics. */
import type { Eta } from './commands.ts';
import { countAhead, isId } from './decide-common.ts';
import { estimateWait } from './eta.ts';
import { WINDOW_STATUS, type BoardEntry, type CentreState, type DayCounters } from './state.ts';
import { CHANNELS, KIND_BOOKING, S_WAITING, STATES, type Channel, type TicketState } from './tickets.ts';
import { MINUTE_MS, isTime } from './time.ts';

export interface TicketView {
  readonly id: number;
  /** Display number (A007); '' for a booking not yet checked in. Kept when the ticket is transferred. */
  readonly number: string;
  /** The service it is for now (a transfer changes it). */
  readonly service: string;
  /** The service of its first call (the day statistics count its wait there), null before it. */
  readonly firstService: string | null;
  readonly class: string;
  readonly kind: 'walkin' | 'booking';
  readonly channel: Channel;
  readonly state: TicketState;
  readonly citizen: string;
  readonly name?: string;
  readonly stop?: string;
  readonly madeAt: number;
  readonly arrivedAt: number | null;
  readonly slot: number | null;
  readonly due: number | null;
  /** e: since when it may be called in its current turn in a queue (a resume or transfer starts a new turn). */
  readonly callableAt: number | null;
  /** e of the wait that ended at its first call (the wait the day statistics count), null before it. */
  readonly firstCallableAt: number | null;
  readonly firstCalledAt: number | null;
  readonly calledAt: number | null;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  /** Window number holding it now, or null. */
  readonly window: number | null;
  /** Window number of its first call, or null. */
  readonly firstWindow: number | null;
  readonly lastWindow: number | null;
  readonly callCount: number;
  readonly transfers: number;
  readonly late: boolean;
  readonly rating: number | null;
  readonly reason?: string;
}

export interface Position {
  readonly peopleAhead: number;
  readonly eta: Eta | null;
  readonly callable: boolean;
}

export interface LoadRow {
  readonly service: string;
  readonly name: string;
  readonly waiting: number;
  readonly openWindows: number;
  readonly servedToday: number;
  readonly meanWaitTodayMin: number | null;
}

export interface WindowView {
  readonly number: number;
  readonly floor: number;
  readonly agency: string;
  readonly services: readonly string[];
  readonly status: 'closed' | 'open' | 'break';
  /** A close or break waiting for the current ticket to leave. */
  readonly after: 'closed' | 'break' | null;
  readonly ticket: number | null;
  readonly ticketNumber: string | null;
  readonly servedToday: number;
  readonly busyMsToday: number;
}

export interface DayStatsRow {
  readonly issued: number;
  readonly called: number;
  readonly served: number;
  readonly noShows: number;
  readonly cancelled: number;
  readonly meanWaitMin: number | null;
  readonly maxWaitMin: number | null;
  readonly meanRating: number | null;
}

export interface DayStats {
  readonly date: number;
  readonly total: DayStatsRow;
  readonly byService: Readonly<Record<string, DayStatsRow>>;
  readonly byClass: Readonly<Record<string, DayStatsRow>>;
}

const nul = (v: number): number | null => (Number.isNaN(v) ? null : v);

function statsRow(c: DayCounters): DayStatsRow {
  return {
    issued: c.issued,
    called: c.called,
    served: c.served,
    noShows: c.noShows,
    cancelled: c.cancelled,
    meanWaitMin: c.called > 0 ? c.sumWaitMs / c.called / MINUTE_MS : null,
    maxWaitMin: c.called > 0 ? c.maxWaitMs / MINUTE_MS : null,
    meanRating: c.ratingCount > 0 ? c.ratingSum / c.ratingCount : null,
  };
}

export class CentreQueries {
  constructor(protected readonly st: CentreState) {}

  ticket(id: number): TicketView | undefined {
    const st = this.st;
    const t = st.t;
    if (!isId(id) || !t.has(id)) return undefined;
    const cfg = st.config;
    const w = t.window[id & t.mask]!;
    const fw = t.firstWindow[id & t.mask]!;
    const fs = t.firstService[id & t.mask]!;
    const lw = t.lastWindow[id & t.mask]!;
    const name = t.name.get(id);
    const stop = t.stop.get(id);
    const reason = t.reason.get(id);
    return {
      id,
      number: st.displayNumber(id),
      service: cfg.services[t.service[id & t.mask]!]!.id,
      firstService: fs === -1 ? null : cfg.services[fs]!.id,
      class: cfg.classes[t.cls[id & t.mask]!]!.id,
      kind: t.kind[id & t.mask] === KIND_BOOKING ? 'booking' : 'walkin',
      channel: CHANNELS[t.channel[id & t.mask]!]!,
      state: STATES[t.state[id & t.mask]!]!,
      citizen: t.citizen[id & t.mask]!,
      ...(name !== undefined ? { name } : {}),
      ...(stop !== undefined ? { stop } : {}),
      madeAt: t.madeAt[id & t.mask]!,
      arrivedAt: nul(t.arrivedAt[id & t.mask]!),
      slot: nul(t.slot[id & t.mask]!),
      due: nul(t.due[id & t.mask]!),
      callableAt: nul(t.callableAt[id & t.mask]!),
      firstCallableAt: nul(t.firstCallableAt[id & t.mask]!),
      firstCalledAt: nul(t.firstCalledAt[id & t.mask]!),
      calledAt: nul(t.calledAt[id & t.mask]!),
      startedAt: nul(t.startedAt[id & t.mask]!),
      endedAt: nul(t.endedAt[id & t.mask]!),
      window: w === -1 ? null : cfg.windows[w]!.number,
      firstWindow: fw === -1 ? null : cfg.windows[fw]!.number,
      lastWindow: lw === -1 ? null : cfg.windows[lw]!.number,
      callCount: t.callCount[id & t.mask]!,
      transfers: t.transfers[id & t.mask]!,
      late: t.late[id & t.mask] === 1,
      rating: t.rating[id & t.mask] === 0 ? null : t.rating[id & t.mask]!,
      ...(reason !== undefined ? { reason } : {}),
    };
  }

  /**
   * Whether ticket `id` was issued here and is now archived: finished, with `keepFinishedTickets` or
   * more newer tickets after it, so `ticket(id)` no longer has it (only the event log does). False
   * for a known ticket and for an id never issued.
   */
  archived(id: number): boolean {
    const t = this.st.t;
    return isId(id) && id > 0 && id <= t.maxId && !t.has(id);
  }

  /** Position of a waiting ticket (people ahead in its service, ETA); null if it is not waiting. */
  position(id: number, now: number): Position | null {
    const st = this.st;
    const t = st.t;
    // As commands take it: a time before the clock is the clock's (callable tickets stay callable),
    // and a value that is not a time is too (the ETA was NaN).
    now = isTime(now) && now > st.clock ? now : st.clock;
    if (!isId(id) || !t.has(id) || t.state[id & t.mask] !== S_WAITING) return null;
    const s = t.service[id & t.mask]!;
    const ahead = countAhead(st, s, t.due[id & t.mask]!, t.cls[id & t.mask]!, t.callableAt[id & t.mask]!, id);
    return { peopleAhead: ahead, eta: estimateWait(st, s, t.cls[id & t.mask]!, ahead, Math.max(now, t.callableAt[id & t.mask]!)), callable: t.callableAt[id & t.mask]! <= now };
  }

  /** Waiting ticket ids of a service in call order at `now` (callable ones first, then those checked in early). */
  waitingIds(service: string, now: number): number[] {
    const st = this.st;
    const t = st.t;
    const s = st.config.serviceIndex.get(service);
    if (s === undefined) return [];
    const callable = st.queues[s]!.toArray();
    const later: number[] = [];
    st.pending.forEach((id) => {
      if (t.service[id & t.mask] === s) (t.callableAt[id & t.mask]! <= now ? callable : later).push(id);
    });
    if (callable.length > st.queues[s]!.size) callable.sort(t.compare);
    return [...callable, ...later];
  }

  /** Per-service load: waiting now, open windows, served and mean wait today. */
  load(): { readonly waiting: number; readonly servedToday: number; readonly meanWaitTodayMin: number | null; readonly services: readonly LoadRow[] } {
    const st = this.st;
    const cfg = st.config;
    let waiting = 0;
    let served = 0;
    let called = 0;
    let sumWait = 0;
    const services = cfg.services.map((svc, s): LoadRow => {
      const c = st.serviceDay[s]!;
      waiting += st.waiting[s]!;
      served += c.served;
      called += c.called;
      sumWait += c.sumWaitMs;
      return {
        service: svc.id,
        name: svc.name,
        waiting: st.waiting[s]!,
        // open and calling: not closing or going on a break after its current ticket (as unservedServices and the ETA)
        openWindows: svc.windows.filter((w) => st.windows[w]!.status === 1 && st.windows[w]!.after === -1).length,
        servedToday: c.served,
        meanWaitTodayMin: c.called > 0 ? c.sumWaitMs / c.called / MINUTE_MS : null,
      };
    });
    return { waiting, servedToday: served, meanWaitTodayMin: called > 0 ? sumWait / called / MINUTE_MS : null, services };
  }

  /** The last calls (newest first), as the centre's monitors show them. */
  board(limit = this.st.config.boardSize): readonly BoardEntry[] {
    // (slice(-0) would be the whole board, and a negative limit would cut from the oldest end)
    if (!(limit > 0)) return [];
    return this.st.boardEntries().slice(-limit).reverse();
  }

  windows(): readonly WindowView[] {
    const st = this.st;
    const cfg = st.config;
    return cfg.windows.map((w, i): WindowView => {
      const ws = st.windows[i]!;
      return {
        number: w.number,
        floor: w.floor,
        agency: cfg.agencies[w.agency]!.id,
        services: w.services.map((s) => cfg.services[s]!.id),
        status: WINDOW_STATUS[ws.status]!,
        after: ws.after === -1 ? null : ws.after === 0 ? 'closed' : 'break',
        ticket: ws.holding === -1 ? null : ws.holding,
        ticketNumber: ws.holding === -1 ? null : st.displayNumber(ws.holding),
        servedToday: ws.servedToday,
        busyMsToday: ws.busyMsToday,
      };
    });
  }

  /** Services with waiting tickets but no open window (INV-13): someone must open one. */
  unservedServices(): readonly { readonly service: string; readonly waiting: number }[] {
    const st = this.st;
    return st.config.services
      .filter((svc, s) => st.waiting[s]! > 0 && !svc.windows.some((w) => st.windows[w]!.status === 1 && st.windows[w]!.after === -1))
      .map((svc) => ({ service: svc.id, waiting: st.waiting[svc.index]! }));
  }

  /** Today's statistics, kept incrementally by the fold. */
  dayStats(): DayStats {
    const st = this.st;
    const total = st.serviceDay.reduce((acc, c) => {
      for (const k of Object.keys(acc) as (keyof DayCounters)[]) acc[k] = k === 'maxWaitMs' ? Math.max(acc[k], c[k]) : acc[k] + c[k];
      return acc;
    }, { issued: 0, called: 0, served: 0, noShows: 0, cancelled: 0, sumWaitMs: 0, maxWaitMs: 0, ratingSum: 0, ratingCount: 0 } as DayCounters);
    return {
      date: st.day,
      total: statsRow(total),
      byService: Object.fromEntries(st.config.services.map((s, i) => [s.id, statsRow(st.serviceDay[i]!)])),
      byClass: Object.fromEntries(st.config.classes.map((c, i) => [c.id, statsRow(st.classDay[i]!)])),
    };
  }

  /** All known tickets (views), ascending id: archived finished tickets are left out (config `keepFinishedTickets`). */
  tickets(): TicketView[] {
    return Array.from(this.st.t.knownIds(), (id) => this.ticket(id)!);
  }

  /**
   * The logical state as plain data (tickets, windows, holds, counters): what replay must
   * reproduce. Index layout (chunks, pending promotion) is not part of it.
   */
  dump(): unknown {
    const st = this.st;
    return {
      version: st.version,
      clock: st.clock,
      day: st.day,
      nextId: st.nextId,
      nextHoldId: st.nextHoldId,
      tickets: this.tickets(),
      windows: this.windows(),
      phases: st.windows.map((w) => w.phase),
      holds: [...st.holds.values()].sort((a, b) => a.id - b.id),
      slotUse: st.slotUse.entries().sort(),
      citizenActive: [...st.citizenActive.entries()].map(([k, v]) => [k, [...v].sort((a, b) => a - b)]).sort(),
      waiting: [...st.waiting],
      handleMs: [...st.handleMs],
      board: st.boardEntries(),
      stats: this.dayStats(),
      lastDayEnded: st.lastDayEnded,
      unendedDay: st.unendedDay,
      idempotency: st.idempotency.entries(),
      keyDays: st.idempotency.dayMarks(),
    };
  }
}
