/** The parts of a centre's state that are plain records: a window's state, a hold, a day's counters. */

export const W_CLOSED = 0;
export const W_OPEN = 1;
export const W_BREAK = 2;
export const WINDOW_STATUS = ['closed', 'open', 'break'] as const;

/** CentreState.overtakeRule: who may overtake a waiting ticket under the centre's policy (the ETA's expected overtakers). */
export const OVERTAKE_HEAD_START = 0;
export const OVERTAKE_RANK = 1;
export const OVERTAKE_NONE = 2;

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
