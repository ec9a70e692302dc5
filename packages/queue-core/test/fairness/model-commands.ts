/**
 * Commands of the model-based tests as plain data (`CmdSpec`), so that a shrunk counterexample
 * prints as JSON that can be pasted into regressions.json and replayed. `runSpec` resolves the
 * spec against the model (which ticket, which booking boundary), runs it on the model and on the
 * engine, compares the answers and checks the invariants.
 */
import type fc from 'fast-check';
import type { Command, Outcome, TicketSlip } from '../../src/index.ts';
import { dayOf, epoch, type ModelConfig } from './model-config.ts';
import { TERMINAL, type Expect, type MTicket, type MWindowState, type RefModel } from './model.ts';
import { Checker, expectEqual, fail } from './invariants.ts';
import type { Sut } from './sut.ts';

/** A ticket chosen at run time: the pick-th of the tickets the command makes sense for, or of all ids (plus one unknown). */
export interface TicketRef {
  readonly pick: number;
  readonly any: boolean;
}

export type BookingEdge = 'checkInOpens' | 'callable' | 'slot' | 'lateEnds' | 'expires';
export type ClockEdge = 'open' | 'close' | 'shiftStart' | 'breakStart' | 'breakEnd' | 'shiftEnd' | 'midnight';

export type Advance =
  | { readonly k: 'dt'; readonly ms: number }
  | { readonly k: 'booking'; readonly pick: number; readonly edge: BookingEdge; readonly delta: number }
  | { readonly k: 'clock'; readonly at: ClockEdge; readonly delta: number };

export type WindowVerb = 'open' | 'close' | 'breakStart' | 'breakEnd' | 'call' | 'recall' | 'start' | 'complete' | 'noShow' | 'requeue';

export type CmdSpec =
  | { readonly c: 'issue'; readonly service: number; readonly cls: number; readonly keyed?: boolean }
  | { readonly c: 'book'; readonly service: number; readonly dayAhead: number; readonly minute: number; readonly cls: number; readonly citizen: number; readonly keyed?: boolean }
  | { readonly c: 'cancel'; readonly t: TicketRef }
  | { readonly c: 'checkIn'; readonly t: TicketRef; readonly keyed?: boolean }
  /** A citizen with a booking arrives at σ + offset (the clock moves there if it is later) and checks in. */
  | { readonly c: 'arrive'; readonly pick: number; readonly offsetMs: number }
  | { readonly c: 'advance'; readonly to: Advance }
  | { readonly c: 'tick' }
  | { readonly c: WindowVerb; readonly w: number; readonly keyed?: boolean }
  | { readonly c: 'park'; readonly byWindow: boolean; readonly w: number; readonly t: TicketRef }
  | { readonly c: 'resume'; readonly t: TicketRef }
  | { readonly c: 'transfer'; readonly service: number; readonly byWindow: boolean; readonly w: number; readonly t: TicketRef; readonly keyed?: boolean }
  | { readonly c: 'repeat'; readonly k: number; readonly otherCommand: boolean };

/** Everything a command needs besides the model. */
export class Harness {
  readonly checker: Checker;
  private keyCount = 0;
  /** Keyed commands that were accepted with events, and their answers (INV-15). */
  readonly keyed: { cmd: Command; out: Outcome }[] = [];

  constructor(
    readonly model: RefModel,
    readonly sut: Sut,
  ) {
    this.checker = new Checker(model, sut);
  }

  /** Moves the clock; auto-call mode replaces it with the driver's, which serves and calls on the way. */
  advance: (to: number, label: string) => void = (to) => {
    this.model.now = Math.max(this.model.now, to);
  };

  key(keyed: boolean | undefined): { key?: string } {
    return keyed ? { key: `k${++this.keyCount}` } : {};
  }

  /** Runs a command on the engine and compares the answer with the model's. */
  exec(cmd: Command, want: Expect<unknown>, label: string, inv = 'model agreement'): unknown {
    const out = this.sut.execute(cmd);
    this.checker.lifecycle();
    if (!want.ok) {
      if (out.ok) fail(inv, `${label}: engine accepted (${JSON.stringify(out.result)}), model refuses with ${want.code}`);
      expectEqual(inv, `${label}: refusal`, out.error.code, want.code);
      return null;
    }
    if (!out.ok) fail(inv, `${label}: engine refused with ${out.error.code} (${out.error.message}), model accepts`);
    if (out.duplicate) fail('INV-15 idempotency', `${label}: a fresh command was answered as a duplicate`);
    expectEqual(inv, `${label}: number of events`, out.events.length, want.events);
    if ('key' in cmd && cmd.key !== undefined && out.events.length > 0) this.keyed.push({ cmd, out });
    return out.result;
  }
}

const at = (m: RefModel) => m.now;

function pool(m: RefModel, ref: TicketRef, relevant: (t: MTicket) => boolean): number {
  const ts = ref.any ? [] : m.tickets.filter(relevant);
  if (ts.length === 0) return (ref.pick % (m.tickets.length + 1)) + 1; // may be one past the last id: unknown
  return ts[ref.pick % ts.length]!.id;
}

export function advanceTarget(m: RefModel, a: Advance): number {
  const cfg = m.cfg;
  if (a.k === 'dt') return m.now + a.ms;
  if (a.k === 'booking') {
    const bs = m.tickets.filter((t) => t.kind === 'booking');
    if (bs.length === 0) return m.now;
    const s = bs[a.pick % bs.length]!.slot!;
    const off = { checkInOpens: -cfg.E, callable: -cfg.Ecall, slot: 0, lateEnds: cfg.L, expires: cfg.expireAfter }[a.edge];
    return s + off + a.delta;
  }
  const day = dayOf(cfg, m.now);
  const shift = cfg.windows.find((w) => w.shifts.length > 0)?.shifts[0];
  const hours = cfg.hours[((day + 4) % 7 + 7) % 7] ?? [0, 0];
  const minute = {
    open: hours[0],
    close: hours[1],
    shiftStart: shift?.start ?? hours[0],
    shiftEnd: shift?.end ?? hours[1],
    breakStart: shift?.breaks[0]?.[0] ?? hours[0],
    breakEnd: shift?.breaks[0]?.[1] ?? hours[0],
    midnight: 24 * 60,
  }[a.at];
  return epoch(cfg, day, minute) + a.delta;
}

function checkSlip(h: Harness, label: string, got: TicketSlip, want: { ticket: number; number: string; peopleAhead: number; etaNull: boolean }): void {
  expectEqual('model agreement', `${label}: ticket`, { ticket: got.ticket, number: got.number }, { ticket: want.ticket, number: want.number });
  expectEqual('INV-5 oracle choice', `${label}: people ahead on the slip`, got.peopleAhead, want.peopleAhead);
  expectEqual('INV-16 ETA sanity', `${label}: slip ETA is null (no open window)`, got.eta === null, want.etaNull);
  if (got.eta && !(got.eta.p50Ms >= 0 && got.eta.p90Ms >= got.eta.p50Ms)) fail('INV-16 ETA sanity', `${label}: slip ETA p50 ${got.eta.p50Ms}, p90 ${got.eta.p90Ms}`);
  void h;
}

/**
 * Call-next at a window on engine and model, with the per-call invariants (INV-3…INV-7a) checked
 * on the engine's pick before the oracle comparison. Returns the ticket called, or null.
 */
export function callAt(h: Harness, number: number, label: string, keyed?: boolean): number | null {
  const m = h.model;
  const w = m.window(number);
  const cmd = { type: 'callNext', now: m.now, window: number, ...h.key(keyed) } as const;
  if (!w) {
    h.exec(cmd, m.callNext(number), label);
    return null;
  }
  const wasOpen = m.isOpen(w) && w.holding === null;
  const candidates = wasOpen ? m.candidates(w) : [];
  const out = h.sut.execute(cmd);
  h.checker.lifecycle();
  const picked = out.ok ? (out.result as { ticket: number | null }).ticket : null;
  if (out.ok && out.events.length > 0) h.checker.onCall(w, wasOpen, candidates, picked);
  const want = m.callNext(w.number);
  if (!want.ok) {
    if (out.ok) fail('INV-13 shift, break and close', `${label}: window ${w.number} is ${w.status}${w.holding !== null ? `, holding #${w.holding}` : ''} but called ${JSON.stringify(out.result)}`);
    expectEqual('model agreement', `${label}: refusal`, out.error.code, want.code);
    return null;
  }
  if (!out.ok) fail('model agreement', `${label}: engine refused with ${out.error.code}, model calls ${want.result.ticket}`);
  if (picked === null) h.checker.onCall(w, wasOpen, candidates, null);
  expectEqual('INV-5 oracle choice', `${label}: called`, picked, want.result.ticket);
  expectEqual('INV-10 lifecycle', `${label}: reported wait (c − e)`, (out.result as { waitedMs?: number }).waitedMs, want.result.waitedMs);
  if (cmd.key !== undefined && out.events.length > 0) h.keyed.push({ cmd, out });
  return picked;
}

/** Runs one command spec on model and engine, then checks the invariants. */
export function runSpec(spec: CmdSpec, m: RefModel, h: Harness): void {
  const cfg: ModelConfig = m.cfg;
  const label = `${JSON.stringify(spec)} at ${new Date(m.now).toISOString()}`;
  const svc = (i: number) => cfg.services[i % cfg.services.length]!.id;
  const cls = (i: number) => cfg.classes[i % cfg.classes.length]!.id;
  /** Window pick: 99 is a window that does not exist; else the pick-th window the verb makes sense for (any window if none). */
  const win = (i: number) => {
    if (i === 99) return 99;
    const relevant = m.windows.filter((w) => windowFits(m, w, spec.c));
    const from = relevant.length > 0 && i < 64 ? relevant : m.windows;
    return from[i % from.length]!.number;
  };
  switch (spec.c) {
    case 'issue': {
      const cmd = { type: 'issueWalkIn', now: at(m), service: svc(spec.service), class: cls(spec.cls), citizen: 'walk-in', ...h.key(spec.keyed) } as const;
      const want = m.issue(cmd.service, cmd.class, cmd.citizen);
      const got = h.exec(cmd, want, label);
      if (got && want.ok) checkSlip(h, label, got as TicketSlip, want.result);
      break;
    }
    case 'book': {
      const day = dayOf(cfg, m.now) + spec.dayAhead;
      const cmd = { type: 'book', now: at(m), service: svc(spec.service), slot: epoch(cfg, day, spec.minute), class: cls(spec.cls), citizen: `c${spec.citizen}`, ...h.key(spec.keyed) } as const;
      const got = h.exec(cmd, m.book(cmd.service, cmd.slot, cmd.class, cmd.citizen), label);
      if (got) expectEqual('model agreement', `${label}: booking`, (got as { ticket: number }).ticket, m.tickets.length);
      break;
    }
    case 'cancel': {
      const id = pool(m, spec.t, (t) => !TERMINAL.has(t.state) && t.state !== 'called' && t.state !== 'serving');
      h.exec({ type: 'cancel', now: at(m), ticket: id }, m.cancel(id), label);
      break;
    }
    case 'arrive':
    case 'checkIn': {
      let id: number;
      if (spec.c === 'arrive') {
        // citizens come roughly in slot order: mostly the earliest booking that can still be on time, else the next one
        const booked = m.tickets.filter((t) => t.kind === 'booking' && t.state === 'booked').sort((a, b) => a.slot! - b.slot! || a.id - b.id);
        const onTime = booked.filter((t) => t.slot! + cfg.L >= m.now);
        const from = onTime.length > 0 ? onTime : booked;
        const b = from[spec.pick % 4 === 3 ? Math.min(1, from.length - 1) : 0];
        if (!b) break;
        h.advance(b.slot! + spec.offsetMs, label);
        id = b.id;
      } else {
        // prefer bookings whose check-in is open now; otherwise any booked one (refusals: too early, expired)
        const open = (t: MTicket) => t.kind === 'booking' && t.state === 'booked' && m.now >= t.slot! - cfg.E && m.now <= t.slot! + cfg.L;
        id = pool(m, spec.t, m.tickets.some(open) && spec.t.pick % 4 !== 0 ? open : (t) => t.kind === 'booking' && t.state === 'booked');
      }
      const want = m.checkIn(id);
      const got = h.exec({ type: 'checkIn', now: at(m), ticket: id, ...h.key(spec.c === 'checkIn' ? spec.keyed : false) }, want, label);
      if (got && want.ok) {
        checkSlip(h, label, got as TicketSlip, want.result);
        const g = got as { late: boolean; callableAt: number };
        expectEqual('model agreement', `${label}: check-in`, { late: g.late, callableAt: g.callableAt }, { late: want.result.late, callableAt: want.result.callableAt });
      }
      break;
    }
    case 'advance':
      h.advance(advanceTarget(m, spec.to), label);
      break;
    case 'tick': {
      const want = m.tick();
      const got = h.exec({ type: 'tick', now: at(m) }, want, label);
      if (got && want.ok) expectEqual('model agreement', `${label}: transitions`, got, want.result);
      break;
    }
    case 'open':
    case 'close':
    case 'breakStart':
    case 'breakEnd': {
      const w = win(spec.w);
      const type = ({ open: 'openWindow', close: 'closeWindow', breakStart: 'startBreak', breakEnd: 'endBreak' } as const)[spec.c];
      const want = { open: () => m.open(w), close: () => m.close(w), breakStart: () => m.startBreak(w), breakEnd: () => m.endBreak(w) }[spec.c]();
      const got = h.exec({ type, now: at(m), window: w }, want, label, 'INV-13 shift, break and close');
      if (got && want.ok && 'deferred' in want.result) expectEqual('INV-13 shift, break and close', `${label}: deferred`, (got as { deferred: boolean }).deferred, want.result.deferred);
      break;
    }
    case 'call':
      callAt(h, win(spec.w), label, spec.keyed);
      break;
    case 'recall':
    case 'start':
    case 'complete':
    case 'noShow':
    case 'requeue': {
      const w = win(spec.w);
      const type = spec.c === 'complete' ? 'complete' : spec.c;
      const want = { recall: () => m.recall(w), start: () => m.start(w), complete: () => m.complete(w), noShow: () => m.noShow(w), requeue: () => m.requeue(w) }[spec.c]();
      const inv = spec.c === 'recall' || spec.c === 'noShow' ? 'INV-11 recall and no-show' : 'INV-10 lifecycle';
      const got = h.exec({ type, now: at(m), window: w, ...(spec.c === 'complete' ? h.key(spec.keyed) : {}) } as Command, want, label, inv);
      if (got && want.ok) expectEqual(inv, `${label}: answer`, pickKeys(got, Object.keys(want.result)), want.result);
      break;
    }
    case 'park': {
      const w = win(spec.w);
      const id = pool(m, spec.t, (t) => t.state === 'waiting');
      const target = spec.byWindow ? { window: w } : { ticket: id };
      h.exec({ type: 'park', now: at(m), ...target }, m.park(spec.byWindow ? w : undefined, spec.byWindow ? undefined : id), label);
      break;
    }
    case 'resume': {
      const id = pool(m, spec.t, (t) => t.state === 'parked');
      const want = m.resume(id);
      const got = h.exec({ type: 'resume', now: at(m), ticket: id }, want, label, 'INV-12 transfer and return');
      if (got && want.ok) expectEqual('INV-12 transfer and return', `${label}: due`, got, want.result);
      break;
    }
    case 'transfer': {
      const w = win(spec.w);
      const id = pool(m, spec.t, (t) => t.state === 'waiting');
      const service = svc(spec.service);
      const before = orderWithout(h, m);
      const target = spec.byWindow ? { window: w } : { ticket: id };
      const want = m.transfer(service, spec.byWindow ? w : undefined, spec.byWindow ? undefined : id);
      const got = h.exec({ type: 'transfer', now: at(m), service, ...target, ...h.key(spec.keyed) }, want, label, 'INV-12 transfer and return');
      if (got && want.ok) {
        expectEqual('INV-12 transfer and return', `${label}: answer`, got, want.result);
        expectEqual('INV-12 transfer and return', `${label}: order of the other waiting tickets`, orderWithout(h, m, want.result.ticket), before.map((ids) => ids.filter((x) => x !== want.result.ticket)));
      }
      break;
    }
    case 'repeat': {
      const k = h.keyed[spec.k % Math.max(1, h.keyed.length)];
      if (!k) break;
      const key = (k.cmd as { key: string }).key;
      const v = h.sut.live.version;
      const cmd = spec.otherCommand ? ({ type: 'tick', now: at(m), key } as unknown as Command) : ({ ...k.cmd, now: at(m) } as Command);
      const out = h.sut.execute(cmd);
      if (spec.otherCommand) {
        if (out.ok || out.error.code !== 'QC_ERR_IDEMPOTENCY_KEY_REUSED') fail('INV-15 idempotency', `${label}: key ${key} reused for another command gave ${JSON.stringify(out)}`);
      } else {
        if (!out.ok || !out.duplicate || out.events.length > 0) fail('INV-15 idempotency', `${label}: repeat of key ${key} gave ${JSON.stringify(out)}`);
        expectEqual('INV-15 idempotency', `${label}: repeated answer`, out.result, (k.out as { result: unknown }).result);
      }
      if (h.sut.live.version !== v) fail('INV-15 idempotency', `${label}: a repeat appended events`);
      break;
    }
  }
  h.checker.afterCommand(label);
}

/** Windows a verb makes sense for: most generated window commands then do something. */
function windowFits(m: RefModel, w: MWindowState, c: CmdSpec['c']): boolean {
  const held = w.holding === null ? null : m.get(w.holding)!;
  switch (c) {
    case 'open':
      return w.status === 'closed' || w.after !== null;
    case 'close':
      return w.status !== 'closed' && w.after !== 'closed';
    case 'breakStart':
      return m.isOpen(w);
    case 'breakEnd':
      return w.status === 'break';
    case 'call':
      return m.isOpen(w) && held === null;
    case 'recall':
    case 'start':
    case 'noShow':
    case 'requeue':
      return held?.state === 'called';
    case 'complete':
      return held?.state === 'serving';
    default:
      return held !== null;
  }
}

function pickKeys(x: unknown, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (x as Record<string, unknown>)[k]]));
}

/** Waiting order of every service, as the engine reports it (INV-12: a transfer moves only its ticket). */
function orderWithout(h: Harness, m: RefModel, drop?: number): number[][] {
  return m.cfg.services.map((s) => h.sut.observer.waitingIds(s.id, m.now).filter((x) => x !== drop));
}

/** fast-check's view of a spec. */
export class ModelCommand implements fc.Command<RefModel, Harness> {
  constructor(readonly spec: CmdSpec) {}
  check(): boolean {
    return true;
  }
  run(m: RefModel, h: Harness): void {
    runSpec(this.spec, m, h);
  }
  toString(): string {
    return JSON.stringify(this.spec);
  }
}

