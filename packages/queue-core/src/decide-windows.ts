/** Deciders for a window: open, close, breaks, call next, recall, start, complete, no-show, requeue. */
import type { CommandOf, Outcome, OutcomeOf } from './commands.ts';
import { accept, refuse, stateName, windowAt } from './decide-common.ts';
import type { CentreState } from './state.ts';
import { W_BREAK, W_CLOSED, W_OPEN, WINDOW_STATUS } from './state.ts';
import { S_CALLED, S_SERVING } from './tickets.ts';

function statusText(st: CentreState, w: number): string {
  const ws = st.windows[w]!;
  const base = WINDOW_STATUS[ws.status]!;
  return ws.after === -1 ? base : `${base}, ${ws.after === W_CLOSED ? 'closing' : 'going on a break'} after its current ticket`;
}

export function decideOpenWindow(st: CentreState, cmd: CommandOf<'openWindow'>, now: number): OutcomeOf<'openWindow'> {
  const w = windowAt(st, cmd.window);
  if (typeof w !== 'number') return w;
  const ws = st.windows[w]!;
  if (ws.status === W_BREAK) return refuse('QC_ERR_WINDOW_STATE', { window: cmd.window, status: 'on a break', action: 'open it (end the break instead)' });
  if (ws.status === W_OPEN && ws.after === -1) return refuse('QC_ERR_WINDOW_STATE', { window: cmd.window, status: 'open', action: 'open it again' });
  return accept([{ type: 'window.opened', at: now, window: cmd.window }], { window: cmd.window, status: 'open' });
}

export function decideCloseWindow(st: CentreState, cmd: CommandOf<'closeWindow'>, now: number): OutcomeOf<'closeWindow'> {
  const w = windowAt(st, cmd.window);
  if (typeof w !== 'number') return w;
  const ws = st.windows[w]!;
  if (ws.status === W_CLOSED || ws.after === W_CLOSED) return refuse('QC_ERR_WINDOW_STATE', { window: cmd.window, status: statusText(st, w), action: 'close it' });
  const deferred = ws.holding !== -1;
  return accept(
    [{ type: 'window.closed', at: now, window: cmd.window, ...(deferred ? { deferred } : {}) }],
    { window: cmd.window, status: deferred ? 'closing' : 'closed', deferred },
  );
}

export function decideStartBreak(st: CentreState, cmd: CommandOf<'startBreak'>, now: number): OutcomeOf<'startBreak'> {
  const w = windowAt(st, cmd.window);
  if (typeof w !== 'number') return w;
  const ws = st.windows[w]!;
  if (ws.status !== W_OPEN || ws.after !== -1) return refuse('QC_ERR_WINDOW_STATE', { window: cmd.window, status: statusText(st, w), action: 'start a break' });
  const deferred = ws.holding !== -1;
  return accept(
    [{ type: 'window.breakStarted', at: now, window: cmd.window, ...(deferred ? { deferred } : {}) }],
    { window: cmd.window, status: deferred ? 'open' : 'break', deferred },
  );
}

export function decideEndBreak(st: CentreState, cmd: CommandOf<'endBreak'>, now: number): OutcomeOf<'endBreak'> {
  const w = windowAt(st, cmd.window);
  if (typeof w !== 'number') return w;
  if (st.windows[w]!.status !== W_BREAK) return refuse('QC_ERR_WINDOW_STATE', { window: cmd.window, status: statusText(st, w), action: 'end a break' });
  return accept([{ type: 'window.breakEnded', at: now, window: cmd.window }], { window: cmd.window, status: 'open' });
}

const NOBODY: OutcomeOf<'callNext'> = Object.freeze({ ok: true, events: Object.freeze([]) as never, result: Object.freeze({ ticket: null }) });

/**
 * Call next (FAIRNESS.md): among waiting, callable, unparked tickets of the services this window
 * serves, the smallest policy key (k1, k2, k3, id). Each service queue is sorted by that key, so
 * the answer is the smallest of the queue heads: O(services of the window + log n).
 */
export function decideCallNext(st: CentreState, cmd: CommandOf<'callNext'>, now: number): OutcomeOf<'callNext'> {
  const w = windowAt(st, cmd.window);
  if (typeof w !== 'number') return w;
  const ws = st.windows[w]!;
  if (ws.status !== W_OPEN || ws.after !== -1) return refuse('QC_ERR_WINDOW_CLOSED', { window: cmd.window, status: statusText(st, w), action: 'call next' });
  if (ws.holding !== -1) return refuse('QC_ERR_WINDOW_BUSY', { window: cmd.window, ticket: ws.holding });
  const t = st.t;
  const cfg = st.config;
  const cmp = t.compare;
  const serves = st.windowServices[w]!;
  let best = -1;
  for (const s of serves) {
    const head = st.queues[s]!.peek();
    if (head !== -1 && (best === -1 || cmp(head, best) < 0)) best = head;
  }
  // Checked-in bookings that became callable after the last event (the fold promotes them later).
  if (st.pending.size > 0) {
    st.pending.forEachWhile((id) => {
      if (t.callableAt[id]! > now) return false;
      if (serves.includes(t.service[id]!) && (best === -1 || cmp(id, best) < 0)) best = id;
      return true;
    });
  }
  if (best === -1) return NOBODY;
  return accept([{ type: 'ticket.called', at: now, id: best, window: cmd.window }], {
    ticket: best,
    number: st.displayNumber(best),
    service: cfg.services[t.service[best]!]!.id,
    class: cfg.classes[t.cls[best]!]!.id,
    waitedMs: now - t.callableAt[best]!,
  });
}

/** The ticket the window holds, required to be in `state`. */
function held(st: CentreState, window: unknown, states: readonly number[], action: string): { w: number; id: number } | Outcome<never> {
  const w = windowAt(st, window);
  if (typeof w !== 'number') return w;
  const id = st.windows[w]!.holding;
  if (id === -1) return refuse('QC_ERR_WINDOW_IDLE', { window, action });
  if (!states.includes(st.t.state[id]!)) {
    return refuse('QC_ERR_TICKET_STATE', { ticket: id, state: stateName(st, id), action, expected: states.map((s) => (s === S_CALLED ? 'called' : 'serving')).join(' or ') });
  }
  return { w, id };
}

export function decideRecall(st: CentreState, cmd: CommandOf<'recall'>, now: number): OutcomeOf<'recall'> {
  const h = held(st, cmd.window, [S_CALLED], 'recall');
  if ('ok' in h) return h;
  const count = st.t.callCount[h.id]!;
  if (count >= st.config.callCountMax) {
    return accept([{ type: 'ticket.noShow', at: now, id: h.id, window: cmd.window }], { ticket: h.id, callCount: count, noShow: true });
  }
  return accept([{ type: 'ticket.recalled', at: now, id: h.id, window: cmd.window }], { ticket: h.id, callCount: count + 1, noShow: false });
}

export function decideStart(st: CentreState, cmd: CommandOf<'start'>, now: number): OutcomeOf<'start'> {
  const h = held(st, cmd.window, [S_CALLED], 'start');
  if ('ok' in h) return h;
  return accept([{ type: 'ticket.started', at: now, id: h.id, window: cmd.window }], { ticket: h.id });
}

export function decideComplete(st: CentreState, cmd: CommandOf<'complete'>, now: number): OutcomeOf<'complete'> {
  const h = held(st, cmd.window, [S_SERVING], 'complete');
  if ('ok' in h) return h;
  const r = cmd.rating;
  if (r !== undefined && !(Number.isInteger(r) && r >= 1 && r <= 5)) return refuse('QC_ERR_BAD_RATING', { rating: r });
  return accept(
    [{ type: 'ticket.completed', at: now, id: h.id, window: cmd.window, ...(r !== undefined ? { rating: r } : {}) }],
    { ticket: h.id, handleMs: now - st.t.startedAt[h.id]! },
  );
}

export function decideNoShow(st: CentreState, cmd: CommandOf<'noShow'>, now: number): OutcomeOf<'noShow'> {
  const h = held(st, cmd.window, [S_CALLED], 'mark as no-show');
  if ('ok' in h) return h;
  return accept([{ type: 'ticket.noShow', at: now, id: h.id, window: cmd.window }], { ticket: h.id });
}

/** Puts a called ticket back in its queue; at the call limit it cannot be called again, so it is a no-show (INV-11). */
export function decideRequeue(st: CentreState, cmd: CommandOf<'requeue'>, now: number): OutcomeOf<'requeue'> {
  const h = held(st, cmd.window, [S_CALLED], 'requeue');
  if ('ok' in h) return h;
  if (st.t.callCount[h.id]! >= st.config.callCountMax) {
    return accept([{ type: 'ticket.noShow', at: now, id: h.id, window: cmd.window }], { ticket: h.id, noShow: true });
  }
  return accept([{ type: 'ticket.requeued', at: now, id: h.id, window: cmd.window }], { ticket: h.id });
}

