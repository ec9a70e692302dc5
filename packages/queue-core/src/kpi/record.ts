/**
 * The per-ticket record the fairness KPIs are computed from. It is a subset of the engine's
 * `TicketView` (so `centre.tickets()` can be passed as is) plus optional fields a simulator knows
 * and the engine does not (handle time, abandonment, the ETA published at issue).
 * Times are epoch milliseconds; durations are milliseconds.
 */
import type { TicketView } from '../queries.ts';

export type KpiRecord = Pick<TicketView, 'service' | 'class' | 'kind' | 'arrivedAt' | 'callableAt' | 'firstCalledAt' | 'due' | 'slot'> & {
  readonly id?: number;
  /**
   * e of the wait that ended at the first call, when it differs from `callableAt`: the engine's
   * `callableAt` is that of the ticket's current turn, which a resume or transfer after the first
   * call starts again (a record with `callableAt` past its first call). Absent or null: `callableAt`.
   */
  readonly firstCallableAt?: number | null;
  /**
   * Service of the first call, when it differs from `service`: the engine's `service` is the one the
   * ticket is for now (a transfer after the first call changes it). Absent or null: `service`.
   */
  readonly firstService?: string | null;
  /** 'done', 'noShow', 'cancelled', 'expired', 'waiting', … (the engine's TicketState). */
  readonly state: string;
  readonly reason?: string;
  /** When the ticket reached a terminal state (cancel / abandonment ends a wait), null if never. */
  readonly endedAt?: number | null;
  /** Window number of the first call; falls back to `lastWindow` when absent. */
  readonly firstWindow?: number | null;
  readonly lastWindow?: number | null;
  /** Booking checked in after σ + L (it became a walk-in). */
  readonly late?: boolean;
  /** Service duration, when the simulator knows it. */
  readonly handleMs?: number;
  /** Overtakes counted elsewhere (used when no window map is given to the report). */
  readonly overtakes?: number;
  /** The citizen gave up waiting (simulator); also read from state 'cancelled' with reason 'abandoned'. */
  readonly abandoned?: boolean;
  /** ETA published at issue (or check-in): median and 90th percentile of the wait, ms. */
  readonly etaP50Ms?: number | null;
  readonly etaP90Ms?: number | null;
};

/** e of the record's first wait: `firstCallableAt` when given, else `callableAt` (null: never callable). */
export function callableOf(r: KpiRecord): number | null {
  return r.firstCallableAt ?? r.callableAt;
}

/** Service of the record's first wait: `firstService` when given, else `service`. */
export function serviceOf(r: KpiRecord): string {
  return r.firstService ?? r.service;
}

/** W = c − e of the first call, or null when the ticket was never called. */
export function waitOf(r: KpiRecord): number | null {
  const e = callableOf(r);
  return r.firstCalledAt === null || e === null ? null : r.firstCalledAt - e;
}

/** Lateness c − d, or null when the ticket was never called. */
export function latenessOf(r: KpiRecord): number | null {
  return r.firstCalledAt === null || r.due === null ? null : r.firstCalledAt - r.due;
}

export function isAbandoned(r: KpiRecord): boolean {
  return r.abandoned ?? (r.state === 'cancelled' && r.reason === 'abandoned');
}
