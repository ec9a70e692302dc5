/**
 * The invariants of fairness-research.md §3.3, checked against the engine after every command
 * (`afterCommand`), at every call (`onCall`) and at the end of a run (`final`). A violation throws
 * an Error whose message starts with the invariant's name, so a shrunk counterexample says which
 * guarantee broke.
 */
import { isDeepStrictEqual } from 'node:util';
import type { TicketView } from '../../src/index.ts';
import { dayOf } from './model-config.ts';
import { walkinLike, type MState, type MTicket, type MWindowState, type RefModel } from './model.ts';
import type { Sut } from './sut.ts';

export class InvariantViolation extends Error {
  constructor(
    readonly inv: string,
    detail: string,
  ) {
    super(`${inv}: ${detail}`);
  }
}

export function fail(inv: string, detail: string): never {
  throw new InvariantViolation(inv, detail);
}

/** Paths where two plain values differ (at most `limit`), for short failure messages. */
function differences(a: unknown, b: unknown, path: string, out: string[], limit = 6): void {
  if (out.length >= limit || isDeepStrictEqual(a, b)) return;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, out, limit);
    return;
  }
  out.push(`${path || '.'}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
}

export function expectEqual(inv: string, what: string, got: unknown, want: unknown, names: readonly [string, string] = ['engine', 'model']): void {
  if (isDeepStrictEqual(got, want)) return;
  const d: string[] = [];
  differences(got, want, '', d);
  fail(inv, `${what}: ${names[0]} ≠ ${names[1]} at ${d.join('; ')}`);
}

/** INV-10: the allowed lifecycle graph (plus the engine's documented extras, see README). */
const ALLOWED: Record<MState, readonly MState[]> = {
  booked: ['waiting', 'cancelled', 'expired'],
  waiting: ['called', 'parked', 'cancelled', 'waiting'],
  called: ['called', 'serving', 'waiting', 'noShow', 'parked', 'cancelled'],
  serving: ['done', 'waiting', 'parked', 'cancelled'],
  parked: ['waiting', 'cancelled'],
  done: [],
  noShow: [],
  cancelled: [],
  expired: [],
};

const nul = (v: number | null): number | null => v;

/** The TicketView fields the model predicts. */
function expectedView(m: MTicket): Partial<TicketView> {
  return {
    id: m.id,
    number: m.number,
    service: m.service,
    class: m.cls,
    kind: m.kind,
    state: m.state,
    arrivedAt: nul(m.arrivedAt),
    slot: m.slot,
    due: m.due,
    callableAt: m.e,
    firstCalledAt: m.firstCalledAt,
    calledAt: m.calledAt,
    startedAt: m.startedAt,
    endedAt: m.endedAt,
    window: m.window,
    lastWindow: m.lastWindow,
    callCount: m.callCount,
    transfers: m.transfers,
    late: m.late,
    ...(m.reason !== null ? { reason: m.reason } : {}),
  };
}

function pick(v: TicketView, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (v as unknown as Record<string, unknown>)[k]]));
}

export interface CheckOptions {
  /** Compare the live dump with the observer's after every command (INV-14, incremental). */
  readonly dumpEveryCommand: boolean;
}

export class Checker {
  private readonly prev = new Map<number, MState>();

  constructor(
    readonly model: RefModel,
    readonly sut: Sut,
    readonly opts: CheckOptions = { dumpEveryCommand: true },
  ) {}

  /** Checks at a call-next of window w, given the candidates before the call and the engine's pick. */
  onCall(w: MWindowState, wasOpen: boolean, candidates: readonly MTicket[], picked: number | null): void {
    const m = this.model;
    if (picked === null) {
      if (candidates.length > 0) fail('INV-4 work conservation', `window ${w.number} called nobody while #${candidates.map((c) => c.id).join(', #')} were callable for it`);
      return;
    }
    const j = m.get(picked);
    if (!j) fail('INV-1 conservation', `window ${w.number} called unknown ticket #${picked}`);
    if (!wasOpen) fail('INV-3 eligibility', `window ${w.number} (${w.status}${w.after ? `, ${w.after} pending` : ''}) called #${picked}`);
    if (!w.services.includes(j.service)) fail('INV-3 eligibility', `window ${w.number} serves ${w.services.join(',')} but called #${picked} of ${j.service}`);
    if (!candidates.includes(j)) fail('INV-5 oracle choice', `window ${w.number} called #${picked} (${j.state}, e=${j.e}) which was not callable there`);
    const edd = m.cfg.policy === 'edd';
    for (const i of candidates) {
      if (i === j) continue;
      // INV-6: FIFO within (service, class)
      if (i.service === j.service && i.cls === j.cls && i.plain && j.plain) {
        if (walkinLike(i) && walkinLike(j) && i.e! < j.e!) fail('INV-6 FIFO within (service, class)', `#${j.id} (e=${j.e}) called before #${i.id} (e=${i.e}) of ${i.service}/${i.cls} at window ${w.number}`);
        if (edd && !walkinLike(i) && !walkinLike(j) && i.slot! < j.slot!) fail('INV-6 FIFO within (service, class)', `booking #${j.id} (slot ${j.slot}) called before booking #${i.id} (slot ${i.slot})`);
      }
      // INV-7a: j overtakes i only within the head start, or as a booking due no later than i
      if (edd && i.e! < j.e!) {
        if (i.plain && walkinLike(i)) i.overtakenBy.add(j.id);
        const ti = m.target(i.cls);
        if (j.plain && walkinLike(j) && i.plain && walkinLike(i) && j.e! - i.e! > ti - m.target(j.cls)) {
          fail('INV-7a bounded overtaking', `#${j.id} (${j.cls}, e=${j.e}) overtook #${i.id} (${i.cls}, e=${i.e}) by more than the head start ${ti - m.target(j.cls)} ms`);
        }
        if (j.due! > i.due!) fail('INV-7a bounded overtaking', `#${j.id} (d=${j.due}) overtook #${i.id} (d=${i.due}) with a later due date`);
        if (i.plain && walkinLike(i)) {
          const k = this.overtakeBound(i);
          if (i.overtakenBy.size > k) fail('INV-7a bounded overtaking', `#${i.id} overtaken ${i.overtakenBy.size} times (by #${[...i.overtakenBy].join(', #')}), bound from the history K=${k}`);
        }
      }
    }
    const want = candidates[0]!;
    if (want !== j) {
      fail('INV-5 oracle choice', `window ${w.number} at ${m.now} called #${j.id} key ${JSON.stringify(m.key(j))}, the documented key picks #${want.id} key ${JSON.stringify(m.key(want))}`);
    }
  }

  /** K_i of §2.4 (3), from the generated history: head-start arrivals, bookings due by d_i, re-entries due by d_i. */
  overtakeBound(i: MTicket): number {
    const m = this.model;
    const ti = m.target(i.cls);
    let k = 0;
    for (const x of m.entries) {
      if (x.id === i.id) continue;
      if (x.kind === 'walkinLike') {
        if (x.at > i.e! && x.at <= i.e! + ti - m.target(x.cls)) k++;
      } else if (x.kind === 'booking') {
        if (x.due <= i.due!) k++;
      } else if (x.at > i.e! && x.due <= i.due!) k++;
    }
    return k;
  }

  /** Everything that must hold between commands; `light` (auto-call steps) skips the dump comparison. */
  afterCommand(label: string, light = false): void {
    try {
      this.tickets();
      this.windowsAndHolding();
      this.ordersAndPositions();
      expectEqual('INV-13 unserved services', 'services waiting with no open window', this.sut.live.unservedServices(), this.model.unserved());
      if (this.opts.dumpEveryCommand && !light) {
        expectEqual('INV-14 replay', 'state folded from the events vs the live state', this.sut.observer.dump(), this.sut.live.dump(), ['folded', 'live']);
      }
    } catch (e) {
      if (e instanceof InvariantViolation) e.message = `${e.message}\n  after ${label}`;
      throw e;
    }
  }

  /** INV-10: every state change since the last look follows the allowed graph. Called after every engine command. */
  lifecycle(): void {
    for (const v of this.sut.live.tickets()) {
      const before = this.prev.get(v.id);
      if (before !== undefined && before !== v.state && !ALLOWED[before].includes(v.state)) fail('INV-10 lifecycle', `ticket #${v.id} went ${before} → ${v.state}`);
      if (before === undefined && v.state !== 'booked' && v.state !== 'waiting') fail('INV-10 lifecycle', `ticket #${v.id} born ${v.state}`);
      this.prev.set(v.id, v.state);
    }
  }

  private tickets(): void {
    const m = this.model;
    this.lifecycle();
    const views = this.sut.live.tickets();
    if (views.length !== m.tickets.length) fail('INV-1 conservation', `engine has ${views.length} tickets, model ${m.tickets.length}`);
    const numbers = new Set<string>();
    for (const v of views) {
      const t = m.get(v.id)!;
      const want = expectedView(t);
      expectEqual(v.state !== t.state ? 'INV-1 conservation' : 'model agreement', `ticket #${v.id}`, pick(v, Object.keys(want)), want);
      if (v.number !== '' && v.arrivedAt !== null) {
        const key = `${dayOf(m.cfg, v.arrivedAt)}:${v.number}`;
        if (numbers.has(key)) fail('INV-1 conservation', `display number ${v.number} given twice on one day`);
        numbers.add(key);
      }
      const order = [v.madeAt, v.arrivedAt, v.firstCalledAt, v.calledAt].filter((x): x is number => x !== null);
      if (order.some((x, k) => k > 0 && x < order[k - 1]!) || (v.endedAt !== null && v.endedAt < v.madeAt)) {
        fail('INV-10 lifecycle', `ticket #${v.id} times out of order: made ${v.madeAt}, arrived ${v.arrivedAt}, called ${v.firstCalledAt}/${v.calledAt}, ended ${v.endedAt}`);
      }
      if (v.callCount > m.cfg.callCountMax) fail('INV-11 recall limit', `ticket #${v.id} called ${v.callCount} times, limit ${m.cfg.callCountMax}`);
    }
  }

  private windowsAndHolding(): void {
    const m = this.model;
    const views = this.sut.live.windows();
    const holders = new Map<number, number>();
    for (const v of views) {
      const w = m.window(v.number)!;
      expectEqual('INV-13 shift, break and close', `window ${v.number} status`, { status: v.status, after: v.after }, { status: w.status, after: w.after });
      if (v.ticket !== null) {
        if (holders.has(v.ticket)) fail('INV-2 exclusive assignment', `ticket #${v.ticket} held by windows ${holders.get(v.ticket)} and ${v.number}`);
        holders.set(v.ticket, v.number);
      }
      expectEqual('INV-2 exclusive assignment', `ticket held by window ${v.number}`, v.ticket, w.holding);
    }
    for (const t of m.tickets) {
      const held = t.state === 'called' || t.state === 'serving';
      if (held !== holders.has(t.id)) fail('INV-2 exclusive assignment', `ticket #${t.id} is ${t.state} but ${held ? 'no window holds it' : `window ${holders.get(t.id)} holds it`}`);
    }
  }

  private ordersAndPositions(): void {
    const m = this.model;
    const obs = this.sut.observer;
    for (const s of m.cfg.services) {
      expectEqual('INV-5 oracle choice', `waiting order of ${s.id} at ${m.now}`, obs.waitingIds(s.id, m.now), m.waitingOrder(s.id));
      const open = m.serviceOpen(s.id);
      const groups = new Map<string, number>();
      for (const id of m.waitingOrder(s.id)) {
        const t = m.get(id)!;
        const pos = obs.position(id, m.now);
        if (!pos) fail('INV-16 ETA sanity', `waiting ticket #${id} has no position`);
        expectEqual('INV-5 oracle choice', `people ahead of #${id}`, pos.peopleAhead, m.ahead(t));
        expectEqual('INV-16 ETA sanity', `ETA of #${id} is null (no open window for ${s.id})`, pos.eta === null, !open);
        expectEqual('model agreement', `#${id} callable`, pos.callable, t.e! <= m.now);
        if (!pos.eta) continue;
        if (!(pos.eta.p50Ms >= 0 && pos.eta.p90Ms >= pos.eta.p50Ms)) fail('INV-16 ETA sanity', `ETA of #${id}: p50 ${pos.eta.p50Ms}, p90 ${pos.eta.p90Ms}`);
        if (!pos.callable || !t.plain || !walkinLike(t)) continue;
        const g = t.cls;
        const prev = groups.get(g);
        if (prev !== undefined && pos.eta.p50Ms < prev) fail('INV-16 ETA sanity', `#${id} (${s.id}/${g}) behind another of its FIFO group has a smaller ETA ${pos.eta.p50Ms} < ${prev}`);
        groups.set(g, pos.eta.p50Ms);
      }
    }
  }

  /** End of run: replay and determinism (INV-14), idempotency after a replay (INV-15). */
  final(): void {
    const sut = this.sut;
    const replayed = sut.replay();
    expectEqual('INV-14 replay', 'replay(log).dump() vs the live dump', replayed.dump(), sut.live.dump(), ['replay', 'live']);
    const again = sut.fresh();
    for (const cmd of sut.commands) again.execute(cmd);
    if (JSON.stringify(again.log) !== JSON.stringify(sut.log)) fail('INV-14 determinism', 'the same commands gave a different event log');
    expectEqual('INV-14 determinism', 'answers to the same commands', again.outcomes, sut.outcomes, ['second run', 'first run']);
    const keyed = sut.commands.filter((c, k) => 'key' in c && c.key !== undefined && sut.outcomes[k]!.ok && (sut.outcomes[k] as { events: readonly unknown[] }).events.length > 0);
    for (const cmd of keyed.slice(-3)) {
      const v = replayed.version;
      const out = replayed.execute(cmd);
      if (!out.ok || !out.duplicate || out.events.length > 0 || replayed.version !== v) fail('INV-15 idempotency', `after a replay, repeating key ${(cmd as { key: string }).key} gave ${JSON.stringify(out)}`);
    }
  }
}

