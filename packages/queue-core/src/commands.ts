/**
 * Commands: what callers ask of a centre. Every command carries `now` (ms since epoch) — the engine
 * never reads a clock — and may carry an idempotency `key`: repeating a command with the same key
 * returns the first answer and emits nothing.
 */
import type { QueueError } from './errors.ts';
import type { QueueEvent } from './events.ts';
import type { Channel, TicketState } from './tickets.ts';

interface Base {
  readonly now: number;
  readonly key?: string;
}
type WindowAction = 'openWindow' | 'closeWindow' | 'startBreak' | 'endBreak' | 'callNext' | 'recall' | 'start' | 'noShow' | 'requeue';

export type Command =
  | (Base & { readonly type: 'issueWalkIn'; readonly service: string; readonly class?: string; readonly citizen: string; readonly channel?: Channel; readonly name?: string })
  | (Base & { readonly type: 'holdSlot'; readonly service: string; readonly slot: number; readonly citizen: string; readonly stop?: string })
  | (Base & { readonly type: 'releaseHold'; readonly hold: number })
  | (Base & {
      readonly type: 'book';
      readonly citizen: string;
      /** Confirm a hold… */
      readonly hold?: number;
      /** …or book directly. */
      readonly service?: string;
      readonly slot?: number;
      readonly stop?: string;
      readonly class?: string;
      readonly name?: string;
    })
  | (Base & { readonly type: 'cancel'; readonly ticket: number; readonly reason?: string })
  | (Base & { readonly type: 'checkIn'; readonly ticket: number })
  | { [K in WindowAction]: Base & { readonly type: K; readonly window: number } }[WindowAction]
  | (Base & { readonly type: 'complete'; readonly window: number; readonly rating?: number })
  | (Base & { readonly type: 'park'; readonly window?: number; readonly ticket?: number })
  | (Base & { readonly type: 'resume'; readonly ticket: number })
  | (Base & { readonly type: 'transfer'; readonly service: string; readonly window?: number; readonly ticket?: number })
  | { readonly type: 'tick'; readonly now: number };

export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

/** ETA of a waiting ticket: p50 and p90 of the wait until its call, and the clock times they give. */
export interface Eta {
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p50At: number;
  readonly p90At: number;
}

export interface WindowRef {
  readonly number: number;
  readonly floor: number;
}

/** What the printed ticket shows. */
export interface TicketSlip {
  readonly ticket: number;
  readonly number: string;
  readonly service: string;
  readonly windows: readonly WindowRef[];
  readonly peopleAhead: number;
  /** null when no window serving this service is open now. */
  readonly eta: Eta | null;
}

export interface CallResult {
  /** null: nobody callable for this window (INV-4: no eligible callable ticket exists). */
  readonly ticket: number | null;
  readonly number?: string;
  readonly service?: string;
  readonly class?: string;
  readonly waitedMs?: number;
}

export interface ResultOf {
  issueWalkIn: TicketSlip;
  holdSlot: { readonly hold: number; readonly expiresAt: number };
  releaseHold: { readonly hold: number };
  book: { readonly ticket: number; readonly slot: number; readonly service: string };
  cancel: { readonly ticket: number };
  checkIn: TicketSlip & { readonly late: boolean; readonly callableAt: number };
  openWindow: { readonly window: number; readonly status: string };
  closeWindow: { readonly window: number; readonly status: string; readonly deferred: boolean };
  startBreak: { readonly window: number; readonly status: string; readonly deferred: boolean };
  endBreak: { readonly window: number; readonly status: string };
  callNext: CallResult;
  recall: { readonly ticket: number; readonly callCount: number; readonly noShow: boolean };
  start: { readonly ticket: number };
  complete: { readonly ticket: number; readonly handleMs: number };
  noShow: { readonly ticket: number };
  /** noShow: the ticket had been called `callCountMax` times, so the requeue made it a no-show. */
  requeue: { readonly ticket: number; readonly noShow?: boolean };
  park: { readonly ticket: number };
  resume: { readonly ticket: number; readonly due: number };
  transfer: { readonly ticket: number; readonly service: string; readonly due: number };
  tick: { readonly transitions: number };
}

export type Outcome<R = unknown> =
  | { readonly ok: true; readonly events: readonly QueueEvent[]; readonly result: R; readonly duplicate?: boolean }
  | { readonly ok: false; readonly error: QueueError };

export type OutcomeOf<T extends CommandType> = Outcome<ResultOf[T]>;

export type { TicketState };
