/**
 * Reconciles a centre's stored event log with what the clients were told. Independent of the
 * engine: a small fold per ticket over the log (issued or booked → waiting → called → serving →
 * one final state) that counts
 * - tickets called twice (a `ticket.called` for a ticket not waiting, or a window calling while it
 *   still holds another ticket),
 * - tickets lost (acknowledged to a client but absent from the log, or present with another number),
 * - tickets in no final state, or in more than one (an event after the final one),
 * - events on tickets the log never issued.
 * The end of a day (`day.ended`) cancels what is left of it, as the engine does.
 */
import type { QueueEvent } from '@asan/queue-core';

/** What a client was told when a ticket was issued (HTTP 2xx). */
export interface Acknowledged {
  readonly ticket: number;
  readonly number: string;
  /** The ticket's public token, from the slip. */
  readonly token?: string;
}

export type FinalState = 'completed' | 'cancelled' | 'noShow' | 'expired';
type State = 'booked' | 'waiting' | 'called' | 'serving' | 'parked' | FinalState;
const FINAL: ReadonlySet<State> = new Set<State>(['completed', 'cancelled', 'noShow', 'expired']);

export interface Reconciliation {
  readonly events: number;
  readonly tickets: number;
  readonly calls: number;
  /** Ticket ids called while not waiting (each id once). */
  readonly calledTwice: readonly number[];
  /** Windows that called while holding a ticket: `window:ticket`. */
  readonly windowDoubleCalls: readonly string[];
  /** Acknowledged tickets missing from the log or stored with another number. */
  readonly lost: readonly Acknowledged[];
  /** Final state → tickets in it. */
  readonly finals: Readonly<Record<FinalState, number>>;
  /** Tickets not (yet) in a final state, by state. */
  readonly open: Readonly<Record<string, number>>;
  /** Tickets with an event after their final one. */
  readonly afterFinal: readonly number[];
  /** Events naming a ticket the log never issued. */
  readonly orphans: number;
}

export function reconcile(log: readonly QueueEvent[], acknowledged: readonly Acknowledged[], prefixes: Readonly<Record<string, string>>): Reconciliation {
  const state = new Map<number, State>();
  const number = new Map<number, string>();
  const service = new Map<number, string>();
  const holding = new Map<number, number>();
  const calledTwice = new Set<number>();
  const windowDoubleCalls: string[] = [];
  const afterFinal = new Set<number>();
  let calls = 0;
  let orphans = 0;

  const move = (id: number, to: State): void => {
    const from = state.get(id);
    if (from === undefined) return void orphans++;
    if (FINAL.has(from)) afterFinal.add(id);
    state.set(id, to);
  };
  const release = (window: number | undefined, id: number): void => {
    if (window !== undefined && holding.get(window) === id) holding.delete(window);
  };

  for (const e of log) {
    switch (e.type) {
      case 'ticket.issued':
        if (state.has(e.id)) afterFinal.add(e.id);
        state.set(e.id, 'waiting');
        service.set(e.id, e.service);
        number.set(e.id, (prefixes[e.service] ?? '?') + String(e.seq).padStart(3, '0'));
        break;
      case 'booking.made':
        state.set(e.id, 'booked');
        service.set(e.id, e.service);
        break;
      case 'booking.checkedIn':
        number.set(e.id, (prefixes[service.get(e.id) ?? ''] ?? '?') + String(e.seq).padStart(3, '0'));
        move(e.id, 'waiting');
        break;
      case 'booking.expired':
        move(e.id, 'expired');
        break;
      case 'ticket.called': {
        calls++;
        if (state.get(e.id) !== 'waiting') calledTwice.add(e.id);
        const held = holding.get(e.window);
        if (held !== undefined && held !== e.id) windowDoubleCalls.push(`${e.window}:${e.id}`);
        holding.set(e.window, e.id);
        move(e.id, 'called');
        break;
      }
      case 'ticket.recalled':
        move(e.id, 'called');
        break;
      case 'ticket.started':
        move(e.id, 'serving');
        break;
      case 'ticket.completed':
        release(e.window, e.id);
        move(e.id, 'completed');
        break;
      case 'ticket.noShow':
        release(e.window, e.id);
        move(e.id, 'noShow');
        break;
      case 'ticket.requeued':
        release(e.window, e.id);
        move(e.id, 'waiting');
        break;
      case 'ticket.parked':
        release(e.window, e.id);
        move(e.id, 'parked');
        break;
      case 'ticket.resumed':
        move(e.id, 'waiting');
        break;
      case 'ticket.transferred':
        release(e.window, e.id);
        service.set(e.id, e.service);
        move(e.id, 'waiting');
        break;
      case 'ticket.cancelled':
        move(e.id, 'cancelled');
        break;
      case 'day.ended':
        // The engine cancels every ticket still in the day (bookings for later days stay) and frees the windows.
        for (const [id, s] of state) if (!FINAL.has(s) && s !== 'booked') state.set(id, 'cancelled');
        holding.clear();
        break;
      default:
        break;
    }
  }

  const finals: Record<FinalState, number> = { completed: 0, cancelled: 0, noShow: 0, expired: 0 };
  const open: Record<string, number> = {};
  for (const s of state.values()) {
    if (FINAL.has(s)) finals[s as FinalState]++;
    else open[s] = (open[s] ?? 0) + 1;
  }
  const lost = acknowledged.filter((a) => number.get(a.ticket) !== a.number);
  return { events: log.length, tickets: state.size, calls, calledTwice: [...calledTwice], windowDoubleCalls, lost, finals, open, afterFinal: [...afterFinal], orphans };
}

/** Service id → display prefix, from a centre's configuration input. */
export function prefixesOf(services: readonly { id: string; prefix: string }[]): Record<string, string> {
  return Object.fromEntries(services.map((s) => [s.id, s.prefix]));
}
