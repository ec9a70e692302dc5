/**
 * A citizen's live state during a run (mutable, internal) and its conversion to the immutable
 * record a run returns. Times are epoch ms, NaN until they happen.
 */
import type { Channel } from '@asan/queue-core';
import type { SimRecord } from './records.ts';

/** Where a citizen is, as the simulator sees it. */
export const C_PLANNED = 0; // booked, not arrived yet
export const C_WAITING = 1; // in the queue (or checked in early), never called
export const C_CALLED_ABSENT = 2; // called, not there: the engine recalls, then marks a no-show
export const C_SERVING = 3;
export const C_AT_BANK = 4;
export const C_WAITING_AGAIN = 5; // back from the bank, in the queue
export const C_DONE = 6; // finished one way or another (record state says how)
export const C_WAITING_TRANSFER = 7; // transferred to another service, in its queue

export class Citizen {
  ticket = -1;
  at = C_PLANNED;
  /** Engine state at the end ('done', 'cancelled', 'noShow', 'expired', …). */
  state = 'booked';
  reason: string | undefined = undefined;
  window = -1; // index of the window holding it
  showedUpAt = NaN;
  arrivedAt = NaN;
  callableAt = NaN;
  slot = NaN;
  due = NaN;
  firstCalledAt = NaN;
  startedAt = NaN;
  endedAt = NaN;
  parkedAt = NaN;
  resumedAt = NaN;
  secondCalledAt = NaN;
  firstWindow = -1;
  lastWindow = -1;
  etaP50Ms = NaN;
  etaP90Ms = NaN;
  peopleAhead = -1;
  late = false;
  abandoned = false;
  turnedAway = false;
  bookingRefused = false;
  expiredWalkIn = false;
  measured = false;
  /** Engine service index (of the queue the ticket is in: the transfer target once transferred). */
  serviceIndex = 0;
  /** Transfer after the service: target service index, -1 none; handle time there. */
  transferTo = -1;
  transferHandleMs = 0;
  transferredAt = NaN;
  transferCalledAt = NaN;
  transferWindow = -1;
  /** 1–5 given at the final complete, 0: none. */
  rating = 0;
  // online booking requests (bookings made one by one, possibly through a hold)
  wantSlot = 0;
  lateMs = 0;
  noShowPlan = false;
  viaHold = false;
  abandonHold = false;
  confirmMs = 0;
  hold = -1;
  /** The hold was confirmed after the engine's hold TTL (refused), then booked directly. */
  holdLate = false;

  constructor(
    readonly id: number,
    readonly day: number,
    readonly source: number,
    readonly sourceId: string,
    readonly kind: 'walkin' | 'booking',
    readonly service: string,
    readonly cls: string,
    public channel: Channel,
    readonly handleMs: number,
    readonly patienceMs: number,
    readonly absent: boolean,
    /** 0 when no payment trip. */
    readonly bankMs: number,
    readonly beforeShare: number,
  ) {}
}

const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

/** The immutable record of a citizen; window indices become window numbers. */
export function recordOf(c: Citizen, windowNumber: (index: number) => number, transferName: (service: number) => string): SimRecord {
  return Object.freeze({
    id: c.id,
    ticket: c.ticket === -1 ? null : c.ticket,
    day: c.day,
    source: c.sourceId,
    service: c.service,
    class: c.cls,
    kind: c.kind,
    channel: c.channel,
    state: c.state,
    reason: c.reason,
    showedUpAt: orNull(c.showedUpAt),
    arrivedAt: orNull(c.arrivedAt),
    callableAt: orNull(c.callableAt),
    slot: orNull(c.slot),
    due: orNull(c.due),
    firstCalledAt: orNull(c.firstCalledAt),
    startedAt: orNull(c.startedAt),
    endedAt: orNull(c.endedAt),
    parkedAt: orNull(c.parkedAt),
    resumedAt: orNull(c.resumedAt),
    secondCalledAt: orNull(c.secondCalledAt),
    firstWindow: c.firstWindow === -1 ? null : windowNumber(c.firstWindow),
    lastWindow: c.lastWindow === -1 ? null : windowNumber(c.lastWindow),
    handleMs: c.handleMs,
    patienceMs: Number.isFinite(c.patienceMs) ? c.patienceMs : null,
    abandoned: c.abandoned,
    absent: c.absent,
    late: c.late,
    turnedAway: c.turnedAway,
    bookingRefused: c.bookingRefused,
    expiredWalkIn: c.expiredWalkIn,
    peopleAhead: c.peopleAhead === -1 ? null : c.peopleAhead,
    etaP50Ms: orNull(c.etaP50Ms),
    etaP90Ms: orNull(c.etaP90Ms),
    transferService: c.transferTo === -1 ? null : transferName(c.transferTo),
    transferredAt: orNull(c.transferredAt),
    transferCalledAt: orNull(c.transferCalledAt),
    transferWindow: c.transferWindow === -1 ? null : windowNumber(c.transferWindow),
    rating: c.state === 'done' && c.rating > 0 ? c.rating : null,
    viaHold: c.viaHold,
    holdLate: c.holdLate,
  });
}
