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
 * the answer is the smallest of the queue heads, which the fold keeps per service (headId, headK1):
 * O(services of the window), reading only the winning ticket's row.
 */
export function decideCallNext(st: CentreState, cmd: CommandOf<'callNext'>, now: number): OutcomeOf<'callNext'> {
  const w = windowAt(st, cmd.window);
  if (typeof w !== 'number') return w;
  const ws = st.windows[w]!;
  if (ws.status !== W_OPEN || ws.after !== -1) return refuse('QC_ERR_WINDOW_CLOSED', { window: cmd.window, status: statusText(st, w), action: 'call next' });
  if (ws.holding !== -1) return refuse('QC_ERR_WINDOW_BUSY', { window: cmd.window, ticket: ws.holding });
  const t = st.t;
  const cmp = t.compare;
  const serves = st.windowServices[w]!;
  const headId = st.headId;
  const headK1 = st.headK1;
  let best = -1;
  let bestK1 = Infinity;
  for (let i = 0; i < serves.length; i++) {
    const s = serves[i]!;
    const head = headId[s]!;
    if (head === -1) continue;
    const k1 = headK1[s]!;
    // the first key decides unless it ties (then the whole key, as the queues order it)
    if (best === -1 || k1 < bestK1 || (k1 === bestK1 && cmp(head, best) < 0)) {
      best = head;
      bestK1 = k1;
    }
  }
  // Checked-in bookings that became callable after the last event (the fold promotes them later).
  // (The list is sorted by callable time: usually its first ticket is not callable yet, and no closure is made.)
  const firstPending = st.pending.peek();
  if (firstPending !== -1 && t.callableAt[firstPending & t.mask]! <= now) {
    st.pending.forEachWhile((id) => {
      if (t.callableAt[id & t.mask]! > now) return false;
      if (serves.includes(t.service[id & t.mask]!) && (best === -1 || cmp(id, best) < 0)) {
        best = id;
        bestK1 = t.k1[id & t.mask]!;
      }
      return true;
    });
  }
  if (best === -1) return NOBODY;
  return accept([{ type: 'ticket.called', at: now, id: best, window: cmd.window }], {
    ticket: best,
    number: st.displayNumber(best),
    service: st.serviceIds[t.service[best & t.mask]!]!,
    class: st.classIds[t.cls[best & t.mask]!]!,
    waitedMs: now - t.callableAt[best & t.mask]!,
  });
}

/**
 * The ticket window `window` holds, required to be in `state` (called or serving): its id, or a
 * refusal. A number rather than a small object: start and complete are on the hot path.
 */
function held(st: CentreState, window: unknown, state: typeof S_CALLED | typeof S_SERVING, action: string): number | Outcome<never> {
  const w = windowAt(st, window);
  if (typeof w !== 'number') return w;
  const id = st.windows[w]!.holding;
  if (id === -1) return refuse('QC_ERR_WINDOW_IDLE', { window, action });
  if (st.t.state[id & st.t.mask] !== state) {
    return refuse('QC_ERR_TICKET_STATE', { ticket: id, state: stateName(st, id), action, expected: state === S_CALLED ? 'called' : 'serving' });
  }
  return id;
}

export function decideRecall(st: CentreState, cmd: CommandOf<'recall'>, now: number): OutcomeOf<'recall'> {
  const id = held(st, cmd.window, S_CALLED, 'recall');
  if (typeof id !== 'number') return id;
  const count = st.t.callCount[id & st.t.mask]!;
  if (count >= st.config.callCountMax) {
    return accept([{ type: 'ticket.noShow', at: now, id: id, window: cmd.window }], { ticket: id, callCount: count, noShow: true });
  }
  return accept([{ type: 'ticket.recalled', at: now, id: id, window: cmd.window }], { ticket: id, callCount: count + 1, noShow: false });
}

export function decideStart(st: CentreState, cmd: CommandOf<'start'>, now: number): OutcomeOf<'start'> {
  const id = held(st, cmd.window, S_CALLED, 'start');
  if (typeof id !== 'number') return id;
  return accept([{ type: 'ticket.started', at: now, id: id, window: cmd.window }], { ticket: id });
}

export function decideComplete(st: CentreState, cmd: CommandOf<'complete'>, now: number): OutcomeOf<'complete'> {
  const id = held(st, cmd.window, S_SERVING, 'complete');
  if (typeof id !== 'number') return id;
  const r = cmd.rating;
  if (r !== undefined && !(Number.isInteger(r) && r >= 1 && r <= 5)) return refuse('QC_ERR_BAD_RATING', { rating: r });
  return accept(
    // literals, not a spread of an optional part: complete and park are on the simulator's hot path
    [r !== undefined ? { type: 'ticket.completed', at: now, id, window: cmd.window, rating: r } : { type: 'ticket.completed', at: now, id, window: cmd.window }],
    { ticket: id, handleMs: now - st.t.startedAt[id & st.t.mask]! },
  );
}

export function decideNoShow(st: CentreState, cmd: CommandOf<'noShow'>, now: number): OutcomeOf<'noShow'> {
  const id = held(st, cmd.window, S_CALLED, 'mark as no-show');
  if (typeof id !== 'number') return id;
  return accept([{ type: 'ticket.noShow', at: now, id: id, window: cmd.window }], { ticket: id });
}

/** Puts a called ticket back in its queue; at the call limit it cannot be called again, so it is a no-show (INV-11). */
export function decideRequeue(st: CentreState, cmd: CommandOf<'requeue'>, now: number): OutcomeOf<'requeue'> {
  const id = held(st, cmd.window, S_CALLED, 'requeue');
  if (typeof id !== 'number') return id;
  if (st.t.callCount[id & st.t.mask]! >= st.config.callCountMax) {
    return accept([{ type: 'ticket.noShow', at: now, id: id, window: cmd.window }], { ticket: id, noShow: true });
  }
  return accept([{ type: 'ticket.requeued', at: now, id: id, window: cmd.window }], { ticket: id });
}

