/**
 * Events: the only way state changes. Every command decides a list of events from the current
 * state; `apply` folds them in. Replaying the log from empty gives the same state (INV-14).
 * Events are plain JSON: ids are numbers, services, classes and stops are config ids, windows are
 * window numbers, times are epoch milliseconds. `key` (idempotency key) rides on the first event
 * of a command that carried one.
 */
import type { Channel } from './tickets.ts';

interface Base {
  /** When it happened (ms since epoch); non-decreasing along the log. */
  readonly at: number;
  readonly key?: string;
}

export interface TicketIssued extends Base {
  readonly type: 'ticket.issued';
  readonly id: number;
  readonly service: string;
  readonly class: string;
  readonly channel: Channel;
  readonly citizen: string;
  readonly name?: string;
  /** Daily sequence number; the display number is the service prefix + seq (A007). */
  readonly seq: number;
  readonly due: number;
}
export interface HoldPlaced extends Base {
  readonly type: 'hold.placed';
  readonly hold: number;
  readonly service: string;
  readonly slot: number;
  readonly citizen: string;
  readonly stop?: string;
  readonly expiresAt: number;
}
export interface HoldReleased extends Base {
  readonly type: 'hold.released';
  readonly hold: number;
  readonly reason: 'expired' | 'released' | 'booked';
}
export interface BookingMade extends Base {
  readonly type: 'booking.made';
  readonly id: number;
  readonly service: string;
  readonly class: string;
  readonly slot: number;
  readonly citizen: string;
  readonly name?: string;
  readonly stop?: string;
  readonly hold?: number;
}
export interface BookingCheckedIn extends Base {
  readonly type: 'booking.checkedIn';
  readonly id: number;
  readonly seq: number;
  readonly due: number;
  readonly callableAt: number;
  readonly late: boolean;
}
export interface BookingExpired extends Base {
  readonly type: 'booking.expired';
  readonly id: number;
}
export interface TicketCancelled extends Base {
  readonly type: 'ticket.cancelled';
  readonly id: number;
  readonly reason: string;
}
export interface WindowEvent extends Base {
  readonly type: 'window.opened' | 'window.closed' | 'window.breakStarted' | 'window.breakEnded';
  readonly window: number;
  /** Close or break asked while the window holds a ticket: it takes effect when the ticket leaves. */
  readonly deferred?: boolean;
  /** Set when `tick` applied the window's roster: the roster segment now in force. */
  readonly phase?: string;
}
export interface TicketAtWindow extends Base {
  readonly type: 'ticket.called' | 'ticket.recalled' | 'ticket.started' | 'ticket.noShow' | 'ticket.requeued';
  readonly id: number;
  readonly window: number;
  /** Set by `tick` for an automatic recall or no-show. */
  readonly auto?: boolean;
}
export interface TicketCompleted extends Base {
  readonly type: 'ticket.completed';
  readonly id: number;
  readonly window: number;
  readonly rating?: number;
}
export interface TicketParked extends Base {
  readonly type: 'ticket.parked';
  readonly id: number;
  readonly window?: number;
}
export interface TicketResumed extends Base {
  readonly type: 'ticket.resumed';
  readonly id: number;
  readonly due: number;
}
export interface TicketTransferred extends Base {
  readonly type: 'ticket.transferred';
  readonly id: number;
  readonly service: string;
  readonly due: number;
  readonly window?: number;
}
export interface DayEnded extends Base {
  readonly type: 'day.ended';
  /** Local date 'YYYY-MM-DD' that ended. */
  readonly date: string;
}

export type QueueEvent =
  | TicketIssued
  | HoldPlaced
  | HoldReleased
  | BookingMade
  | BookingCheckedIn
  | BookingExpired
  | TicketCancelled
  | WindowEvent
  | TicketAtWindow
  | TicketCompleted
  | TicketParked
  | TicketResumed
  | TicketTransferred
  | DayEnded;

export type EventType = QueueEvent['type'];
/** The event of a type (or types). */
export type EventOf<T extends EventType> = QueueEvent extends infer E ? (E extends QueueEvent ? (T extends E['type'] ? E : never) : never) : never;
