/** Helpers shared by the command deciders: refusals, lookups, opening hours, positions, slips. */
import type { Outcome, TicketSlip } from './commands.ts';
import type { CentreConfig } from './config.ts';
import { queueError, type ErrorCode } from './errors.ts';
import { estimateWait } from './eta.ts';
import type { QueueEvent } from './events.ts';
import type { CentreState } from './state.ts';
import { LOC_PENDING, STATES } from './tickets.ts';
import { formatClock, localDay, localMinute, weekdayOfDay } from './time.ts';

export function refuse(code: ErrorCode, details: Record<string, unknown> = {}): Outcome<never> {
  return { ok: false, error: queueError(code, details) };
}

export function accept<R>(events: QueueEvent[], result: R): Outcome<R> {
  return { ok: true, events, result };
}

/** [open, close] minutes of a local day, or null when the centre is closed that day. */
export function hoursOn(cfg: CentreConfig, day: number): readonly [number, number] | null {
  if (cfg.kind === 'mobile') {
    const stop = cfg.stops.get(day);
    return stop ? [stop.open, stop.close] : null;
  }
  return cfg.hours[weekdayOfDay(day)] ?? null;
}

export function isOpenAt(cfg: CentreConfig, now: number): boolean {
  const h = hoursOn(cfg, localDay(now, cfg.offsetMs));
  if (!h) return false;
  const m = localMinute(now, cfg.offsetMs);
  return m >= h[0] && m < h[1];
}

/** `isOpenAt` for the state's centre, remembering the hours of the last day asked (memos.ts). */
export function isOpenNow(st: CentreState, now: number): boolean {
  return st.hoursMemo.isOpen(st.config, now);
}

export function describeHours(cfg: CentreConfig, day: number): string {
  const h = hoursOn(cfg, day);
  return h ? `${formatClock(h[0])}–${formatClock(h[1])}` : 'closed that day';
}

export function isString(v: unknown, max = 256): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= max;
}

export function isId(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

/** Window index by number, or a refusal. */
export function windowAt(st: CentreState, number: unknown): number | Outcome<never> {
  const w = isId(number) ? st.findWindow(number) : undefined;
  return w === undefined ? refuse('QC_ERR_UNKNOWN_WINDOW', { window: number }) : w;
}

export function ticketAt(st: CentreState, id: unknown): number | Outcome<never> {
  return isId(id) && st.t.has(id) ? id : refuse('QC_ERR_UNKNOWN_TICKET', { ticket: id });
}

export function serviceAt(st: CentreState, id: unknown): number | Outcome<never> {
  const s = st.findService(id);
  return s === undefined ? refuse('QC_ERR_UNKNOWN_SERVICE', { service: id }) : s;
}

export function classAt(st: CentreState, id: unknown): number | Outcome<never> {
  if (id === undefined) return st.config.defaultClass;
  const c = st.findClass(id);
  return c === undefined ? refuse('QC_ERR_UNKNOWN_CLASS', { class: id }) : c;
}

export function stateName(st: CentreState, id: number): string {
  return STATES[st.t.state[id & st.t.mask]!]!;
}

/** The next daily sequence number of a service's prefix, as the next event will see it. */
export function nextSeq(st: CentreState, service: number, now: number): number {
  const day = localDay(now, st.config.offsetMs);
  return (day === st.day ? st.prefixSeq[st.prefixOfService[service]!]! : 0) + 1;
}

export function formatNumber(st: CentreState, service: number, seq: number): string {
  return st.numberOf(st.prefixOfService[service]!, seq);
}

const keyOut = new Float64Array(3);
const peopleAheadKeyIn = { due: 0, rank: 0, callableAt: 0 };

/**
 * People ahead of a (possibly not yet queued) ticket in its service: waiting tickets of the same
 * service whose key is smaller, in the queue or checked in early and pending. O(log n + n/B).
 */
export function countAhead(st: CentreState, service: number, due: number, cls: number, callableAt: number, id: number): number {
  const keyIn = peopleAheadKeyIn;
  keyIn.due = due;
  keyIn.rank = st.classRank[cls]!;
  keyIn.callableAt = callableAt;
  st.policy.key(keyIn, keyOut);
  const t = st.t;
  bound.t = t;
  bound.k1 = keyOut[0]!;
  bound.k2 = keyOut[1]!;
  bound.k3 = keyOut[2]!;
  bound.id = id;
  let n = st.queues[service]!.countWhile(before);
  if (st.pendingOf[service]! > 0) {
    st.pending.forEach((e) => {
      if (t.service[e & t.mask] === service && t.loc[e & t.mask] === LOC_PENDING && before(e)) n++;
    });
  }
  bound.t = null; // keeps no dropped centre alive
  return n;
}

/**
 * The key `peopleAhead` counts against, and its test. Module-level rather than a closure per call:
 * issuing a ticket is the hot path, and a fresh closure there cost ~10 % of an issue + call-next
 * pair under tsx (allocation, plus esbuild's keepNames `__name` call on every closure).
 */
const bound: { t: CentreState['t'] | null; k1: number; k2: number; k3: number; id: number } = { t: null, k1: 0, k2: 0, k3: 0, id: 0 };
function before(e: number): boolean {
  const { k1, k2, k3, id } = bound;
  const t = bound.t!;
  return t.k1[e & t.mask]! < k1 || (t.k1[e & t.mask] === k1 && (t.k2[e & t.mask]! < k2 || (t.k2[e & t.mask] === k2 && (t.k3[e & t.mask]! < k3 || (t.k3[e & t.mask] === k3 && e < id)))));
}

/**
 * What the printed ticket shows: number, windows and floor, people ahead, ETA; for a check-in
 * (`late` given) also whether it was late and when it becomes callable. Built as one literal
 * (no spread of a slip into another object: that cost ~4 % of a simulated day).
 */
export function slip(st: CentreState, id: number, service: number, cls: number, seq: number, due: number, callableAt: number, now: number): TicketSlip;
export function slip(st: CentreState, id: number, service: number, cls: number, seq: number, due: number, callableAt: number, now: number, late: boolean): TicketSlip & { readonly late: boolean; readonly callableAt: number };
export function slip(st: CentreState, id: number, service: number, cls: number, seq: number, due: number, callableAt: number, now: number, late?: boolean): TicketSlip & { readonly late?: boolean; readonly callableAt?: number } {
  const peopleAhead = countAhead(st, service, due, cls, callableAt, id);
  const number = formatNumber(st, service, seq);
  const serviceId = st.serviceIds[service]!;
  const windows = st.windowRefs[service]!;
  const eta = estimateWait(st, service, cls, peopleAhead, Math.max(now, callableAt));
  return late === undefined
    ? { ticket: id, number, service: serviceId, windows, peopleAhead, eta }
    : { ticket: id, number, service: serviceId, windows, peopleAhead, eta, late, callableAt };
}
