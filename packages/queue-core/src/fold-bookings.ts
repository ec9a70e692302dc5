/** The fold of booking events: holds, bookings, check-in and expiry. */
import type { QueueEvent } from './events.ts';
import { InvariantError } from './errors.ts';
import type { CentreState } from './state.ts';
import { CHANNELS, KIND_BOOKING, S_BOOKED, S_EXPIRED } from './tickets.ts';

/** Applies `ev` if it is a hold or booking event; false otherwise. */
export function applyBookingEvent(st: CentreState, ev: QueueEvent, at: number, day: number): boolean {
  const t = st.t;
  switch (ev.type) {
    case 'hold.placed': {
      st.nextHoldId = Math.max(st.nextHoldId, ev.hold + 1);
      const s = st.serviceOf(ev.service);
      st.holds.set(ev.hold, { id: ev.hold, service: s, slot: ev.slot, citizen: ev.citizen, stop: ev.stop, expiresAt: ev.expiresAt });
      st.slotUse.add(s, ev.slot, 1);
      st.addActive(ev.citizen, -ev.hold); // holds are negative in the active set
      return true;
    }
    case 'hold.released': {
      const h = st.holds.get(ev.hold);
      if (!h) throw new InvariantError(`release of unknown hold ${ev.hold}`);
      st.holds.delete(ev.hold);
      st.slotUse.add(h.service, h.slot, -1);
      st.dropActive(h.citizen, -h.id);
      return true;
    }
    case 'booking.made': {
      const id = ev.id;
      st.newId(id);
      const s = st.serviceOf(ev.service);
      t.madeAt[id] = at;
      t.slot[id] = ev.slot;
      t.due[id] = ev.slot;
      t.service[id] = s;
      t.cls[id] = st.classOf(ev.class);
      t.kind[id] = KIND_BOOKING;
      t.channel[id] = CHANNELS.indexOf('online');
      t.state[id] = S_BOOKED;
      t.citizen[id] = ev.citizen;
      if (ev.name !== undefined) t.name.set(id, ev.name);
      if (ev.stop !== undefined) t.stop.set(id, ev.stop);
      st.booked.insert(id);
      st.slotUse.add(s, ev.slot, 1);
      st.addActive(ev.citizen, id);
      return true;
    }
    case 'booking.checkedIn': {
      const id = ev.id;
      st.expect(id, S_BOOKED, ev.type);
      st.booked.remove(id);
      st.dropActive(t.citizen[id]!, id);
      t.arrivedAt[id] = at;
      t.due[id] = ev.due;
      t.callableAt[id] = ev.callableAt;
      t.late[id] = ev.late ? 1 : 0;
      st.setSeq(id, ev.seq, day);
      st.serviceDay[t.service[id]!]!.issued++;
      st.classDay[t.cls[id]!]!.issued++;
      st.enqueue(id, at);
      return true;
    }
    case 'booking.expired': {
      const id = ev.id;
      st.expect(id, S_BOOKED, ev.type);
      st.booked.remove(id);
      st.dropActive(t.citizen[id]!, id);
      t.state[id] = S_EXPIRED;
      t.endedAt[id] = at;
      return true;
    }
    default:
      return false;
  }
}
