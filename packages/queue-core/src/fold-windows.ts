/** The fold of window events: status (open, close, breaks) and a ticket's time at a window. */
import type { QueueEvent } from './events.ts';
import { W_BREAK, W_CLOSED, W_OPEN, type CentreState } from './state.ts';
import { S_CALLED, S_DONE, S_NO_SHOW, S_SERVING, S_WAITING } from './tickets.ts';

/** The smallest smoothed handle time (ms) the ETA works with. */
export const MIN_HANDLE_MS = 1000;

/** Applies `ev` if it is a window event; false otherwise. */
export function applyWindowEvent(st: CentreState, ev: QueueEvent, at: number): boolean {
  const t = st.t;
  switch (ev.type) {
    case 'ticket.called': {
      const id = ev.id;
      const w = st.windowOf(ev.window);
      st.expect(id, S_WAITING, ev.type);
      st.dequeue(id);
      t.state[id & t.mask] = S_CALLED;
      t.window[id & t.mask] = w;
      t.lastWindow[id & t.mask] = w;
      t.callCount[id & t.mask] = t.callCount[id & t.mask]! + 1;
      t.calledAt[id & t.mask] = at;
      if (Number.isNaN(t.firstCalledAt[id & t.mask]!)) {
        t.firstCalledAt[id & t.mask] = at;
        const wait = at - t.callableAt[id & t.mask]!;
        countCall(st.serviceDay[t.service[id & t.mask]!]!, wait);
        countCall(st.classDay[t.cls[id & t.mask]!]!, wait);
      }
      const ws = st.windows[w]!;
      ws.holding = id;
      ws.holdingSince = at;
      st.syncWindow(w);
      st.boardCall(at, id, w, false);
      return true;
    }
    case 'ticket.started': {
      const id = ev.id;
      st.expect(id, S_CALLED, ev.type);
      t.state[id & t.mask] = S_SERVING;
      t.startedAt[id & t.mask] = at;
      return true;
    }
    case 'ticket.completed': {
      const id = ev.id;
      st.expect(id, S_SERVING, ev.type);
      const w = t.window[id & t.mask]!;
      const rating = ev.rating;
      if (rating !== undefined) t.rating[id & t.mask] = rating;
      const s = t.service[id & t.mask]!;
      const a = st.config.etaSmoothing;
      // Floored at a second: zero-length services (a desk that starts and completes at once) would
      // otherwise decay the estimate towards 0 and into subnormal doubles, ~10× slower arithmetic.
      st.handleMs[s] = Math.max(MIN_HANDLE_MS, (1 - a) * st.handleMs[s]! + a * (at - t.startedAt[id & t.mask]!));
      countServed(st.serviceDay[s]!, rating);
      countServed(st.classDay[t.cls[id & t.mask]!]!, rating);
      st.windows[w]!.servedToday++;
      leave(st, id, S_DONE, at);
      return true;
    }
    case 'ticket.recalled': {
      const id = ev.id;
      st.expect(id, S_CALLED, ev.type);
      t.callCount[id & t.mask] = t.callCount[id & t.mask]! + 1;
      t.calledAt[id & t.mask] = at;
      st.boardCall(at, id, t.window[id & t.mask]!, true);
      return true;
    }
    case 'ticket.noShow': {
      const id = ev.id;
      st.expect(id, S_CALLED, ev.type);
      st.serviceDay[t.service[id & t.mask]!]!.noShows++;
      st.classDay[t.cls[id & t.mask]!]!.noShows++;
      leave(st, id, S_NO_SHOW, at);
      return true;
    }
    case 'ticket.requeued': {
      const id = ev.id;
      st.expect(id, S_CALLED, ev.type);
      st.release(t.window[id & t.mask]!, at);
      t.window[id & t.mask] = -1;
      st.enqueue(id, at);
      return true;
    }
    case 'window.opened':
    case 'window.breakEnded':
    case 'window.closed':
    case 'window.breakStarted': {
      const w = st.windowOf(ev.window);
      const ws = st.windows[w]!;
      if (ev.phase !== undefined) {
        ws.phase = ev.phase;
        st.rosterQuietDay = Number.NaN; // tick's memo of a quiet roster no longer holds
      }
      const target = ev.type === 'window.closed' ? W_CLOSED : ev.type === 'window.breakStarted' ? W_BREAK : W_OPEN;
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
  const w = t.window[id & t.mask]!;
  t.state[id & t.mask] = state;
  t.endedAt[id & t.mask] = at;
  t.window[id & t.mask] = -1;
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
