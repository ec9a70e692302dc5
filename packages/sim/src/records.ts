/**
 * What a run returns: one record per citizen (readonly by type; the result and its arrays are frozen), the windows' duty intervals, and a few
 * counters. Records are `kpi.KpiRecord`s (times in epoch ms, null when it did not happen), so the
 * fairness report reads them as they are; statistics are computed from them elsewhere.
 */
import type { Channel, kpi } from '@asan/queue-core';

export interface SimRecord extends kpi.KpiRecord {
  /** Citizen number in the run (1, 2, …, in order of first appearance). */
  readonly id: number;
  /** Engine ticket id (the walk-in ticket for a booking that expired and came as a walk-in); null if none. */
  readonly ticket: number | null;
  /** Day index in the run (0-based). */
  readonly day: number;
  /** Source in the scenario (stream names derive from it). */
  readonly source: string;
  readonly channel: Channel;
  /** Booked citizens: null if they never came. Walk-ins: the issue time. */
  readonly arrivedAt: number | null;
  /** When the citizen reached the centre (a booking may arrive before check-in opens). */
  readonly showedUpAt: number | null;
  readonly startedAt: number | null;
  readonly firstWindow: number | null;
  readonly lastWindow: number | null;
  readonly endedAt: number | null;
  readonly handleMs: number;
  readonly patienceMs: number | null;
  readonly abandoned: boolean;
  readonly absent: boolean;
  readonly late: boolean;
  /** The engine refused the ticket (centre closed). */
  readonly turnedAway: boolean;
  /** Wanted a booking but every slot was full: came as a walk-in instead. */
  readonly bookingRefused: boolean;
  /** Booking whose citizen came after it expired and took a walk-in ticket. */
  readonly expiredWalkIn: boolean;
  readonly peopleAhead: number | null;
  /** Payment side trip: parked at the window, back from the bank, called again. */
  readonly parkedAt: number | null;
  readonly resumedAt: number | null;
  readonly secondCalledAt: number | null;
  /** Transferred after the service (the engine's `transfer`) to this service; null if not. */
  readonly transferService: string | null;
  readonly transferredAt: number | null;
  /** Called (and started) at a window of the transfer service. */
  readonly transferCalledAt: number | null;
  readonly transferWindow: number | null;
  /** Rating 1–5 given at the final complete; null: none (or not served). */
  readonly rating: number | null;
  /** The booking went through a hold (`holdSlot`, then `book` with it or the hold expired). */
  readonly viaHold: boolean;
  /** The hold was confirmed after it expired (refused), then booked directly. */
  readonly holdLate: boolean;
}

/** A window on duty (open or on a deferred close) from `from` to `to`, epoch ms. */
export interface DutyInterval {
  readonly window: number;
  readonly from: number;
  readonly to: number;
}

export interface RunResult {
  readonly scenario: string;
  readonly seed: number;
  readonly days: number;
  /** Epoch ms of t = 0 (day 0's origin). */
  readonly originMs: number;
  /** Clock of the last event. */
  readonly endMs: number;
  readonly records: readonly SimRecord[];
  readonly duty: readonly DutyInterval[];
  /** Engine commands sent and events applied. */
  readonly commands: number;
  readonly events: number;
}

/** Minutes between two epoch-ms times. */
export const MIN = 60_000;

/** The waiting intervals of a record (in the queue, before a call): [from, to) in epoch ms; to = Infinity if still waiting. */
export function waitingSegments(r: SimRecord): [number, number][] {
  const out: [number, number][] = [];
  if (r.arrivedAt !== null && !r.turnedAway) {
    const end = r.firstCalledAt ?? (r.parkedAt === null ? r.endedAt : null) ?? Infinity;
    out.push([r.arrivedAt, end]);
  }
  if (r.resumedAt !== null) out.push([r.resumedAt, r.secondCalledAt ?? r.endedAt ?? Infinity]);
  if (r.transferredAt !== null) out.push([r.transferredAt, r.transferCalledAt ?? r.endedAt ?? Infinity]);
  return out;
}

/** The intervals a record held a window: [window, from, to). */
export function busySegments(r: SimRecord, endMs: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  const left = r.transferredAt ?? r.endedAt ?? endMs; // left the service's windows (done, or transferred)
  if (r.firstCalledAt !== null && r.firstWindow !== null) {
    out.push([r.firstWindow, r.firstCalledAt, r.parkedAt ?? left]);
  }
  if (r.secondCalledAt !== null && r.lastWindow !== null) out.push([r.lastWindow, r.secondCalledAt, left]);
  if (r.transferCalledAt !== null && r.transferWindow !== null) out.push([r.transferWindow, r.transferCalledAt, r.endedAt ?? endMs]);
  return out;
}
