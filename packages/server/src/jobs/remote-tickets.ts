/**
 * Who may want a message: remote tickets (booked online, or issued by the call centre) waiting in
 * the queue, and bookings not yet checked in. Kept per centre from the events as they are applied,
 * after one pass over the tickets at start, so a scan costs O(remote tickets), not O(all tickets).
 */
import type { Centre, QueueEvent } from '@asan/queue-core';

export interface Notification {
  /** Stable id: the same notification is never sent twice (BullMQ job id, or the in-process set). */
  readonly id: string;
  readonly kind: 'ticket.near' | 'booking.due';
  readonly centre: string;
  readonly ticket: number;
  readonly number: string;
  readonly service: string;
  readonly peopleAhead?: number;
  readonly slot?: number;
  readonly at: number;
}

const REMOTE_CHANNELS = new Set(['callCentre', 'online']);

export class RemoteTickets {
  private readonly waiting = new Set<number>();
  private readonly booked = new Map<number, number>();
  private readonly sent = new Set<string>();

  /** `centreOf`: the host's current centre (a host may rebuild it from the store). */
  constructor(private readonly centreOf: () => Centre) {
    for (const t of centreOf().tickets()) {
      if (t.state === 'booked' && t.slot !== null) this.booked.set(t.id, t.slot);
      else if (t.state === 'waiting' && (t.kind === 'booking' || REMOTE_CHANNELS.has(t.channel))) this.waiting.add(t.id);
    }
  }

  observe(events: readonly QueueEvent[]): void {
    for (const e of events) {
      switch (e.type) {
        case 'ticket.issued':
          if (REMOTE_CHANNELS.has(e.channel)) this.waiting.add(e.id);
          break;
        case 'booking.made':
          this.booked.set(e.id, e.slot);
          break;
        case 'booking.checkedIn':
          this.booked.delete(e.id);
          this.waiting.add(e.id);
          break;
        case 'booking.expired':
          this.booked.delete(e.id);
          break;
        case 'ticket.cancelled':
          this.booked.delete(e.id);
          this.waiting.delete(e.id);
          break;
        case 'ticket.called':
        case 'ticket.completed':
        case 'ticket.noShow':
          this.waiting.delete(e.id);
          break;
        default:
          break;
      }
    }
  }

  /** Notifications due at `now` and not yet produced by this process, in ticket order. */
  due(now: number, atPeopleAhead: number, reminderMs: number): Notification[] {
    const c = this.centreOf();
    const centre = c.config.id;
    const out: Notification[] = [];
    for (const id of [...this.waiting].sort((a, b) => a - b)) {
      const pos = c.position(id, now);
      if (!pos || pos.peopleAhead > atPeopleAhead) continue;
      const t = c.ticket(id)!;
      this.waiting.delete(id);
      out.push({ id: `near-${centre}-${id}`, kind: 'ticket.near', centre, ticket: id, number: t.number, service: t.service, peopleAhead: pos.peopleAhead, at: now });
    }
    for (const [id, slot] of [...this.booked].sort((a, b) => a[0] - b[0])) {
      if (slot - now > reminderMs || slot < now) continue;
      const nid = `due-${centre}-${id}`;
      if (this.sent.has(nid)) continue;
      this.sent.add(nid);
      out.push({ id: nid, kind: 'booking.due', centre, ticket: id, number: '', service: c.ticket(id)!.service, slot, at: now });
    }
    return out;
  }
}
