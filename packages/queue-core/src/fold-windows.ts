/** The fold of window events: status (open, close, breaks) and a ticket's time at a window. */
import type { EventOf, EventType, QueueEvent } from './events.ts';
import { W_BREAK, W_CLOSED, W_OPEN, type CentreState } from './state.ts';
import { S_CALLED, S_DONE, S_NO_SHOW, S_SERVING, S_WAITING } from './tickets.ts';

/** The smallest smoothed handle time (ms) the ETA works with. */
export const MIN_HANDLE_MS = 1000;

/**
 * Applies `event` (of type `type`, its `type` read by the caller) if it is a window event; false
 * otherwise. The type comes as an argument: a read of `type` here would see every event shape
 * (a megamorphic load); each case reads its own event's fields.
 */
export function applyWindowEvent(st: CentreState, event: QueueEvent, type: EventType, at: number): boolean {
  const t = st.t;
  switch (type) {
    case 'ticket.called': {
      const ev = event as EventOf<'ticket.called'>;
      const id = ev.id;
      const r = id & t.mask;
      const w = st.windowOf(ev.window);
      st.expect(id, S_WAITING, type);
      st.dequeue(id);
      t.state[r] = S_CALLED;
      t.window[r] = w;
      t.lastWindow[r] = w;
      t.callCount[r] = t.callCount[r]! + 1;
      t.calledAt[r] = at;
      if (Number.isNaN(t.firstCalledAt[r]!)) {
        t.firstCalledAt[r] = at;
        // The first wait's start, window and service, kept: a later resume or transfer starts a new turn (callableAt, service).
        t.firstCallableAt[r] = t.callableAt[r]!;
        t.firstWindow[r] = w;
        t.firstService[r] = t.service[r]!;
        const wait = at - t.callableAt[r]!;
        countCall(st.serviceDay[t.service[r]!]!, wait);
        countCall(st.classDay[t.cls[r]!]!, wait);
      }
      const ws = st.windows[w]!;
      ws.holding = id;
      ws.holdingSince = at;
      st.syncWindow(w);
      st.boardCall(at, id, w, false);
      return true;
    }
    case 'ticket.started': {
      const ev = event as EventOf<'ticket.started'>;
      const id = ev.id;
      const r = id & t.mask;
      st.expect(id, S_CALLED, type);
      t.state[r] = S_SERVING;
      t.startedAt[r] = at;
      return true;
    }
    case 'ticket.completed': {
      const ev = event as EventOf<'ticket.completed'>;
      const id = ev.id;
      const r = id & t.mask;
      st.expect(id, S_SERVING, type);
      const w = t.window[r]!;
      const rating = ev.rating;
      if (rating !== undefined) t.rating[r] = rating;
      const s = t.service[r]!;
      const a = st.config.etaSmoothing;
      // Floored at a second: zero-length services (a desk that starts and completes at once) would
      // otherwise decay the estimate towards 0 and into subnormal doubles, ~10× slower arithmetic.
      st.handleMs[s] = Math.max(MIN_HANDLE_MS, (1 - a) * st.handleMs[s]! + a * (at - t.startedAt[r]!));
      countServed(st.serviceDay[s]!, rating);
      countServed(st.classDay[t.cls[r]!]!, rating);
      st.windows[w]!.servedToday++;
      leave(st, id, S_DONE, at);
      return true;
    }
    case 'ticket.recalled': {
      const ev = event as EventOf<'ticket.recalled'>;
      const id = ev.id;
      const r = id & t.mask;
      st.expect(id, S_CALLED, type);
      t.callCount[r] = t.callCount[r]! + 1;
      t.calledAt[r] = at;
      st.boardCall(at, id, t.window[r]!, true);
      return true;
    }
    case 'ticket.noShow': {
      const ev = event as EventOf<'ticket.noShow'>;
      const id = ev.id;
      const r = id & t.mask;
      st.expect(id, S_CALLED, type);
      st.serviceDay[t.service[r]!]!.noShows++;
      st.classDay[t.cls[r]!]!.noShows++;
      leave(st, id, S_NO_SHOW, at);
      return true;
    }
    case 'ticket.requeued': {
      const ev = event as EventOf<'ticket.requeued'>;
      const id = ev.id;
      const r = id & t.mask;
      st.expect(id, S_CALLED, type);
      st.release(t.window[r]!, at);
      t.window[r] = -1;
      st.enqueue(id, at);
      return true;
    }
    case 'window.opened':
    case 'window.breakEnded':
    case 'window.closed':
    case 'window.breakStarted': {
      const ev = event as EventOf<'window.opened' | 'window.breakEnded' | 'window.closed' | 'window.breakStarted'>;
      const w = st.windowOf(ev.window);
      const ws = st.windows[w]!;
      if (ev.phase !== undefined) {
        ws.phase = ev.phase;
        st.rosterMemo.forgetQuiet(); // tick's memo of a quiet roster no longer holds
      }
      const target = type === 'window.closed' ? W_CLOSED : type === 'window.breakStarted' ? W_BREAK : W_OPEN;
      // A close or break asked while busy waits for the ticket to leave (see release).
      if (target !== W_OPEN && ev.deferred) ws.after = target;
      else {
        ws.status = target;
        ws.after = -1;
        ws.statusSince = at;
      }
      st.syncWindow(w);
      return true;
    }
    default:
      return false;
  }
}

/** The ticket at a window ends (done or no-show) at `at`, and frees its window. */
function leave(st: CentreState, id: number, state: typeof S_DONE | typeof S_NO_SHOW, at: number): void {
  const t = st.t;
  const r = id & t.mask;
  const w = t.window[r]!;
  t.state[r] = state;
  t.endedAt[r] = at;
  t.window[r] = -1;
  st.release(w, at);
}

function countCall(c: { called: number; sumWaitMs: number; maxWaitMs: number }, wait: number): void {
  c.called++;
  c.sumWaitMs += wait;
  if (wait > c.maxWaitMs) c.maxWaitMs = wait;
}

function countServed(c: { served: number; ratingSum: number; ratingCount: number }, rating: number | undefined): void {
  c.served++;
  if (rating !== undefined) {
    c.ratingSum += rating;
    c.ratingCount++;
  }
}
