/** The fold of booking events: holds, bookings, check-in and expiry. */
import type { EventOf, EventType, QueueEvent } from './events.ts';
import { InvariantError } from './errors.ts';
import type { CentreState } from './state.ts';
import { CHANNEL_ONLINE, KIND_BOOKING, S_BOOKED, S_EXPIRED } from './tickets.ts';

/** Applies `event` (of type `type`, read by the caller: see applyWindowEvent) if it is a hold or booking event; false otherwise. */
export function applyBookingEvent(st: CentreState, event: QueueEvent, type: EventType, at: number, day: number): boolean {
  const t = st.t;
  switch (type) {
    case 'hold.placed': {
      const ev = event as EventOf<'hold.placed'>;
      st.nextHoldId = Math.max(st.nextHoldId, ev.hold + 1);
      const s = st.serviceOf(ev.service);
      st.holds.set(ev.hold, { id: ev.hold, service: s, slot: ev.slot, citizen: ev.citizen, stop: ev.stop, expiresAt: ev.expiresAt });
      st.slotUse.add(s, ev.slot, 1);
      st.addActive(ev.citizen, -ev.hold); // holds are negative in the active set
      return true;
    }
    case 'hold.released': {
      const ev = event as EventOf<'hold.released'>;
      const h = st.holds.get(ev.hold);
      if (!h) throw new InvariantError(`release of unknown hold ${ev.hold}`);
      st.holds.delete(ev.hold);
      st.slotUse.add(h.service, h.slot, -1);
      st.dropActive(h.citizen, -h.id);
      return true;
    }
    case 'booking.made': {
      const ev = event as EventOf<'booking.made'>;
      const id = ev.id;
      st.newId(id);
      const r = id & t.mask;
      const s = st.serviceOf(ev.service);
      t.madeAt[r] = at;
      t.slot[r] = ev.slot;
      t.due[r] = ev.slot;
      t.service[r] = s;
      t.cls[r] = st.classOf(ev.class);
      t.kind[r] = KIND_BOOKING;
      t.channel[r] = CHANNEL_ONLINE;
      t.state[r] = S_BOOKED;
      t.citizen[r] = ev.citizen;
      if (ev.name !== undefined) t.name.set(id, ev.name);
      if (ev.stop !== undefined) t.stop.set(id, ev.stop);
      st.booked.insert(id);
      st.slotUse.add(s, ev.slot, 1);
      st.addActive(ev.citizen, id);
      return true;
    }
    case 'booking.checkedIn': {
      const ev = event as EventOf<'booking.checkedIn'>;
      const id = ev.id;
      const r = id & t.mask;
      st.expect(id, S_BOOKED, type);
      st.booked.remove(id);
      st.dropActive(t.citizen[r]!, id);
      t.arrivedAt[r] = at;
      t.due[r] = ev.due;
      t.callableAt[r] = ev.callableAt;
      t.late[r] = ev.late ? 1 : 0;
      st.setSeq(id, ev.seq, day);
      st.serviceDay[t.service[r]!]!.issued++;
      st.classDay[t.cls[r]!]!.issued++;
      st.enqueue(id, at);
      return true;
    }
    case 'booking.expired': {
      const ev = event as EventOf<'booking.expired'>;
      const id = ev.id;
      const r = id & t.mask;
      st.expect(id, S_BOOKED, type);
      st.booked.remove(id);
      st.dropActive(t.citizen[r]!, id);
      t.state[r] = S_EXPIRED;
      t.endedAt[r] = at;
      return true;
    }
    default:
      return false;
  }
}
