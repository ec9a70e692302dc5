/** The fold of ticket events away from a window: walk-in issue, cancel, park, resume, transfer, end of day. */
import type { EventOf, EventType, QueueEvent } from './events.ts';
import { W_CLOSED, type CentreState } from './state.ts';
import { channelIndex, KIND_WALKIN, S_BOOKED, S_PARKED } from './tickets.ts';
import { parseDate } from './time.ts';

/** Applies `event` (of type `type`, read by the caller: see applyWindowEvent) if it is one of these ticket events; false otherwise. */
export function applyTicketEvent(st: CentreState, event: QueueEvent, type: EventType, at: number, day: number): boolean {
  const t = st.t;
  switch (type) {
    case 'ticket.issued': {
      const ev = event as EventOf<'ticket.issued'>;
      const id = ev.id;
      st.newId(id);
      const r = id & t.mask;
      const s = st.serviceOf(ev.service);
      const c = st.classOf(ev.class);
      t.madeAt[r] = at;
      t.arrivedAt[r] = at;
      t.due[r] = ev.due;
      t.callableAt[r] = at;
      t.service[r] = s;
      t.cls[r] = c;
      t.kind[r] = KIND_WALKIN;
      t.channel[r] = channelIndex(ev.channel);
      t.citizen[r] = ev.citizen;
      const name = ev.name;
      if (name !== undefined) t.name.set(id, name);
      st.setSeq(id, ev.seq, day);
      st.arrivals[s * st.classIds.length + c]!++;
      st.serviceDay[s]!.issued++;
      st.classDay[c]!.issued++;
      st.enqueue(id, at);
      return true;
    }
    case 'ticket.cancelled': {
      const ev = event as EventOf<'ticket.cancelled'>;
      st.cancel(ev.id, at, ev.reason);
      return true;
    }
    case 'ticket.parked': {
      const ev = event as EventOf<'ticket.parked'>;
      st.detach(ev.id, at, 'park');
      t.state[ev.id & t.mask] = S_PARKED;
      return true;
    }
    case 'ticket.resumed': {
      const ev = event as EventOf<'ticket.resumed'>;
      const id = ev.id;
      const r = id & t.mask;
      st.expect(id, S_PARKED, type);
      t.due[r] = ev.due;
      // Callable again from now, but never earlier than before: an early check-in stays held until σ − E_call.
      if (!(t.callableAt[r]! > at)) t.callableAt[r] = at;
      t.callCount[r] = 0; // back from the bank: a new turn in the queue, earlier calls were answered (INV-11)
      st.enqueue(id, at);
      return true;
    }
    case 'ticket.transferred': {
      const ev = event as EventOf<'ticket.transferred'>;
      const id = ev.id;
      const r = id & t.mask;
      st.detach(id, at, 'transfer');
      t.service[r] = st.serviceOf(ev.service);
      t.due[r] = ev.due;
      if (!(t.callableAt[r]! > at)) t.callableAt[r] = at; // as a resume: never callable earlier than before
      t.callCount[r] = 0; // a new queue: calls count per turn (INV-11)
      t.transfers[r] = t.transfers[r]! + 1;
      st.enqueue(id, at);
      return true;
    }
    case 'day.ended': {
      const ev = event as EventOf<'day.ended'>;
      const ended = parseDate(ev.date);
      // Stamped after midnight, the day that ended is no longer today: its leftovers do not count in today's statistics.
      const today = ended === day;
      // Its leftovers are the tickets of that day or before (walk-ins by issue, bookings by check-in):
      // when a later day began before this event, that day's tickets stay.
      const left = (id: number) => t.state[id & t.mask] !== S_BOOKED && t.day[id & t.mask]! <= ended;
      // Nor its windows' busy time: a ticket held since before midnight leaves now without adding to today's.
      if (!today) for (const ws of st.windows) if (ws.holding !== -1 && left(ws.holding)) ws.holdingSince = at;
      for (const id of st.activeIds()) if (left(id)) st.cancel(id, at, 'end-of-day', today);
      // Every window closes, but one holding a later day's ticket (called before this event).
      st.windows.forEach((ws, w) => {
        if (ws.holding !== -1) return;
        ws.status = W_CLOSED;
        ws.after = -1;
        ws.statusSince = at;
        st.syncWindow(w);
      });
      // The board shows the day's calls: the ended day's leave it (display numbers start again each
      // day), a later day's stay (an archived ticket's call is older still).
      if (st.board.size > 0) st.board.retain((id) => t.has(id) && t.day[id & t.mask]! > ended);
      st.lastDayEnded = ended;
      if (!(st.unendedDay > ended)) st.unendedDay = Number.NaN;
      return true;
    }
    default:
      return false;
  }
}
