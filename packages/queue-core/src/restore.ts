/**
 * The second half of a snapshot restore (snapshot.ts `restoreState` loads the columns, counts and
 * scalars, then calls `reindex`): the index structures the fold keeps beside the columns are not
 * in a snapshot, and are rebuilt here from the ticket columns and the counts. The fold keeps each
 * of them up to date event by event (state.ts); this builds them whole, once.
 */
import { InvariantError } from './errors.ts';
import type { CentreState } from './state.ts';
import { LOC_PENDING, LOC_QUEUE, S_BOOKED, S_WAITING } from './tickets.ts';

/**
 * Rebuilds what a snapshot does not carry from the ticket columns and `day`: the service queues
 * (with their head columns) and the pending list (waiting tickets by `loc`), the bookings by slot,
 * each window's serving code (with the sole services' counts), the per-window count of services
 * with someone waiting, and the local midnight and opening time of the current day.
 */
export function reindex(st: CentreState): void {
  const t = st.t;
  for (const q of st.queues) q.clear();
  st.pending.clear();
  st.pendingOf.fill(0);
  st.booked.clear();
  for (let r = 0; r < t.capacity; r++) {
    const id = t.ids[r]!;
    if (id === 0) continue;
    const state = t.state[id & t.mask];
    if (state === S_BOOKED) st.booked.insert(id);
    else if (state === S_WAITING) {
      const loc = t.loc[id & t.mask];
      if (loc === LOC_QUEUE) st.queues[t.service[id & t.mask]!]!.insert(id);
      else if (loc === LOC_PENDING) {
        st.pending.insert(id);
        st.pendingOf[t.service[id & t.mask]!]!++;
      }
      else throw new InvariantError(`ticket ${id} is waiting but not queued`);
    }
  }
  for (let s = 0; s < st.queues.length; s++) st.refreshHead(s);
  st.windowServing.fill(0);
  st.soleServing.fill(0);
  st.soleIdle.fill(0);
  for (let w = 0; w < st.windows.length; w++) st.syncWindow(w);
  st.windowBusy.fill(0);
  st.waiting.forEach((n, s) => {
    if (n > 0 && st.serviceSole[s] === 0) for (const w of st.serviceWindows[s]!) st.windowBusy[w]!++;
  });
  st.resumeDay();
}
