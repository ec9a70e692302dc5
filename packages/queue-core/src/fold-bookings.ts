/** The fold of booking events: holds, bookings, check-in and expiry. */
import type { QueueEvent } from './events.ts';
import { InvariantError } from './errors.ts';
import type { CentreState } from './state.ts';
import { CHANNEL_ONLINE, KIND_BOOKING, S_BOOKED, S_EXPIRED } from './tickets.ts';

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
      t.madeAt[id & t.mask] = at;
      t.slot[id & t.mask] = ev.slot;
      t.due[id & t.mask] = ev.slot;
      t.service[id & t.mask] = s;
      t.cls[id & t.mask] = st.classOf(ev.class);
      t.kind[id & t.mask] = KIND_BOOKING;
      t.channel[id & t.mask] = CHANNEL_ONLINE;
      t.state[id & t.mask] = S_BOOKED;
      t.citizen[id & t.mask] = ev.citizen;
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
      st.dropActive(t.citizen[id & t.mask]!, id);
      t.arrivedAt[id & t.mask] = at;
      t.due[id & t.mask] = ev.due;
      t.callableAt[id & t.mask] = ev.callableAt;
      t.late[id & t.mask] = ev.late ? 1 : 0;
      st.setSeq(id, ev.seq, day);
      st.serviceDay[t.service[id & t.mask]!]!.issued++;
      st.classDay[t.cls[id & t.mask]!]!.issued++;
      st.enqueue(id, at);
      return true;
    }
    case 'booking.expired': {
      const id = ev.id;
      st.expect(id, S_BOOKED, ev.type);
      st.booked.remove(id);
      st.dropActive(t.citizen[id & t.mask]!, id);
      t.state[id & t.mask] = S_EXPIRED;
      t.endedAt[id & t.mask] = at;
      return true;
    }
    default:
      return false;
  }
}
