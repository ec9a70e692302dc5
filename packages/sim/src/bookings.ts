/**
 * Online bookings in a simulated day: made the day before in one batch (\`book\`, from the wanted
 * slot on through the later ones), or one by one at their own request times, some through a hold
 * (\`holdSlot\`, then \`book\` with the hold, or the hold left to expire). Everything about slots,
 * capacity and holds is the engine's answer; this only draws who asks for what, and when.
 */
import { time } from '@asan/queue-core';
import { C_DONE, citizenKey, type Citizen } from './citizen.ts';
import { samplerOf, type Sampler } from './distributions.ts';
import { cumulative, pick, poisson } from './draws.ts';
import { SimError } from './errors.ts';
import { K_CHECKIN, K_CONFIRM, K_REQUEST, K_TICK, RANK } from './kinds.ts';
import { MIN } from './records.ts';
import { streamId, type Stream } from './rng.ts';
import type { BookingSource } from './scenario.ts';
import type { Run } from './simulate.ts';

const DAY_MS = time.DAY_MS;

/** The part of a booking source's draws that is the same in every run: samplers, slot popularity. */
interface BookingStatic {
  readonly latenessOf: Sampler;
  readonly slotCum: number[];
  readonly confirmOf: Sampler | null;
  /** Per opening hours [open, close) of a day: the slots inside them (null: all slots are). */
  readonly clipped: Map<string, { perDay: number; slots: number[]; cum: number[] } | null>;
  /** Stream ids (rng.ts) of bookings, slot, lateness, noShow, request, hold, confirm. */
  readonly ids: Int32Array;
}

/** Built once per source (a scenario's sources are frozen and run many times). */
const statics = new WeakMap<BookingSource, BookingStatic>();

export class OnlineBookings {
  private readonly bookingStreams: {
    count: Stream;
    slot: Stream;
    lateness: Stream;
    noShow: Stream;
    latenessOf: Sampler;
    slotCum: number[];
    /** One-by-one requests (demand.bookingHours or holds): request time, hold choice, confirmation delay. */
    request: Stream | null;
    hold: Stream | null;
    confirm: Stream | null;
    confirmOf: Sampler | null;
    /** Slots the engine refused in the current batch (by index into the source's slots). */
    refused: Uint8Array;
    clipped: Map<string, { perDay: number; slots: number[]; cum: number[] } | null>;
    /**
     * The source's fields read per booking (its service, slots, expected count, no-show rate),
     * copied here: the scenario's sources come in several shapes, so reading them was a
     * megamorphic lookup each.
     */
    service: string;
    slots: BookingSource['slots'];
    perDay: number;
    noShowRate: number;
  }[];
  /** Expiry ticks already scheduled (one-by-one bookings). */
  private readonly expiryTicks = new Set<number>();

  constructor(private readonly run: Run) {
    const sc = run.sc;
    this.bookingStreams = sc.bookings.map((b) => {
      let st = statics.get(b);
      if (st === undefined) {
        st = {
          latenessOf: samplerOf(b.lateness),
          slotCum: cumulative(b.slots.map((x) => x.weight)),
          confirmOf: sc.holds ? samplerOf(sc.holds.confirmAfter) : null,
          clipped: new Map(),
          ids: Int32Array.from(['bookings', 'slot', 'lateness', 'noShow', 'request', 'hold', 'confirm'], (p) => streamId(p, b.id)),
        };
        statics.set(b, st);
      }
      const ids = st.ids;
      const g = run.streams;
      return {
        count: g.byStreamId(ids[0]!),
        slot: g.byStreamId(ids[1]!),
        lateness: g.byStreamId(ids[2]!),
        noShow: g.byStreamId(ids[3]!),
        latenessOf: st.latenessOf,
        slotCum: st.slotCum,
        request: sc.bookingRequests ? g.byStreamId(ids[4]!) : null,
        hold: sc.holds ? g.byStreamId(ids[5]!) : null,
        confirm: sc.holds ? g.byStreamId(ids[6]!) : null,
        confirmOf: st.confirmOf,
        clipped: st.clipped,
        refused: new Uint8Array(0),
        service: b.service,
        slots: b.slots,
        perDay: b.perDay,
        noShowRate: b.noShowRate,
      };
    });
  }

  make(day: number): void {
    const hours = this.run.hoursOf(day);
    if (hours === null) return; // closed that day: nobody books
    const origin = this.run.sc.originMs + day * DAY_MS;
    const stop = this.run.sc.stops.length > 0 ? this.run.sc.stops[day % this.run.sc.stops.length] : undefined;
    if (this.run.sc.bookingRequests !== null) {
      this.run.sc.bookings.forEach((src, i) => this.requestBookingsOf(src, i, day, hours));
      return;
    }
    // one tick per distinct expiry time (slot + expireAfter) expires the bookings never checked in
    const expiries = new Set<number>();
    this.run.sc.bookings.forEach((src, i) => this.makeBookingsOf(src, i, day, origin, stop, expiries, hours));
    for (const at of [...expiries].sort((a, b) => a - b)) this.run.cal.push(at, RANK[K_TICK]!, K_TICK, -1);
  }

  /** The source's slots inside the day's hours: expected count, slot indices, popularity (null: all slots). */
  private slotsWithin(i: number, hours: readonly [number, number]): { perDay: number; slots: number[]; cum: number[] } | null {
    const bs = this.bookingStreams[i]!;
    const key = `${hours[0]}|${hours[1]}`;
    if (bs.clipped.has(key)) return bs.clipped.get(key)!;
    const src = this.run.sc.bookings[i]!;
    const slotMs = this.run.cfg.services[this.run.cfg.serviceIndex.get(src.service)!]!.slotMs;
    const inside: number[] = [];
    let w = 0;
    let total = 0;
    src.slots.forEach((x, k) => {
      total += x.weight;
      if (x.offset >= hours[0] && x.offset + slotMs <= hours[1]) {
        inside.push(k);
        w += x.weight;
      }
    });
    const v = inside.length === src.slots.length ? null : { perDay: total > 0 ? (src.perDay * w) / total : 0, slots: inside, cum: cumulative(inside.map((k) => src.slots[k]!.weight)) };
    bs.clipped.set(key, v);
    return v;
  }

  /** Draws a booking citizen of source i for `day`: wanted slot (index into the source's slots), lateness, no-show. */
  private bookingCitizen(i: number, day: number, within: { slots: number[]; cum: number[] } | null): Citizen {
    const bs = this.bookingStreams[i]!;
    const c = this.run.newCitizen(this.run.sc.walkIns.length + i, this.run.bookingDraws[i]!, 'booking', day, 'online');
    c.wantSlot = within === null ? pick(bs.slotCum, bs.slot) : within.slots[pick(within.cum, bs.slot)]!;
    c.lateMs = bs.latenessOf(bs.lateness) * MIN;
    c.noShowPlan = bs.noShowRate > 0 && bs.noShow.next() < bs.noShowRate;
    return c;
  }

  private makeBookingsOf(src: BookingSource, i: number, day: number, origin: number, stop: string | undefined, expiries: Set<number>, hours: readonly [number, number]): void {
    const bs = this.bookingStreams[i]!;
    const within = this.slotsWithin(i, hours);
    if (within !== null && within.slots.length === 0) return;
    const n = poisson(within === null ? bs.perDay : within.perDay, bs.count);
    // The batch is one instant with only bookings in it: a slot the engine refused (full, or not a
    // valid slot) stays refused for the rest of the batch, so it is not asked again.
    const refused = bs.refused.length === bs.slots.length ? bs.refused.fill(0) : (bs.refused = new Uint8Array(bs.slots.length));
    for (let k = 0; k < n; k++) {
      const c = this.bookingCitizen(i, day, within);
      if (this.bookFrom(c, bs, origin, stop, within, refused)) expiries.add(c.slot + this.run.cfg.booking.expireAfterMs);
    }
  }

  /**
   * Books c directly (`book`), from the wanted slot on through the later ones (a full or invalid
   * slot: the next); none left: the citizen comes as a walk-in at the wanted time. True if booked.
   * The check-in is scheduled either way (unless a no-show).
   */
  private bookFrom(c: Citizen, src: { readonly service: string; readonly slots: BookingSource['slots'] }, origin: number, stop: string | undefined, within: { slots: number[] } | null, refused: Uint8Array | null = null): boolean {
    const slots = src.slots;
    const order = within === null ? null : within.slots;
    const n = order === null ? slots.length : order.length;
    const start = order === null ? c.wantSlot : order.indexOf(c.wantSlot);
    let booked = -1;
    const citizen = citizenKey(c.id);
    for (let j = 0; j < n && booked === -1; j++) {
      const k = order === null ? (start + j) % n : order[(start + j) % n]!;
      if (refused !== null && refused[k] === 1) continue;
      const slot = origin + slots[k]!.offset;
      this.run.commands++;
      // a bus stop's booking names its stop: the other reused shape
      const cmd = stop !== undefined ? this.run.cmd.bookAt : this.run.cmd.book;
      cmd.now = this.run.now;
      cmd.citizen = citizen;
      cmd.service = src.service;
      cmd.slot = slot;
      cmd.class = c.cls;
      if (stop !== undefined) this.run.cmd.bookAt.stop = stop;
      const out = this.run.centre.execute(cmd);
      if (out.ok) {
        booked = out.result.ticket;
        c.slot = slot;
      } else if (out.error.code === 'QC_ERR_SLOT_FULL' || out.error.code === 'QC_ERR_BAD_SLOT') {
        if (refused !== null) refused[k] = 1;
      } else {
        throw new SimError('SIM_ERR_ENGINE_REFUSED', { command: 'book', error: `${out.error.code} ${out.error.message}` });
      }
    }
    if (booked === -1) {
      // every slot full: the citizen comes as a walk-in at the time they wanted
      c.bookingRefused = true;
      if (!c.noShowPlan) this.run.cal.push(origin + slots[c.wantSlot]!.offset + c.lateMs, RANK[K_CHECKIN]!, K_CHECKIN, c.id - 1);
      return false;
    }
    this.run.bindTicket(c, booked);
    if (!c.noShowPlan) this.run.cal.push(c.slot + c.lateMs, RANK[K_CHECKIN]!, K_CHECKIN, c.id - 1);
    return true;
  }

  // ---- one-by-one booking requests, holds ----------------------------------------------------

  /** Bookings of source i for `day`, each requested at its own time of the day before (and through a hold for some). */
  private requestBookingsOf(src: BookingSource, i: number, day: number, hours: readonly [number, number]): void {
    const bs = this.bookingStreams[i]!;
    const within = this.slotsWithin(i, hours);
    if (within !== null && within.slots.length === 0) return;
    const n = poisson(within === null ? src.perDay : within.perDay, bs.count);
    const req = this.run.sc.bookingRequests!;
    const holds = this.run.sc.holds;
    const prevOrigin = this.run.sc.originMs + (day - 1) * DAY_MS;
    for (let k = 0; k < n; k++) {
      const c = this.bookingCitizen(i, day, within);
      const at = prevOrigin + req.from + (req.to - req.from) * bs.request!.next();
      if (holds !== null && bs.hold!.next() < holds.share) {
        c.viaHold = true;
        c.abandonHold = holds.abandonShare > 0 && bs.hold!.next() < holds.abandonShare;
        c.confirmMs = Math.max(0, bs.confirmOf!(bs.confirm!)) * MIN;
      }
      this.run.cal.push(Math.max(at, this.run.now), RANK[K_REQUEST]!, K_REQUEST, c.id - 1);
    }
  }

  private dayOf(c: Citizen): { origin: number; stop: string | undefined; within: { slots: number[] } | null } {
    const origin = this.run.sc.originMs + c.day * DAY_MS;
    const stop = this.run.sc.stops.length > 0 ? this.run.sc.stops[c.day % this.run.sc.stops.length] : undefined;
    return { origin, stop, within: this.slotsWithin(c.source - this.run.sc.walkIns.length, this.run.hoursOf(c.day)!) };
  }

  private bookedExpiry(c: Citizen): void {
    const at = c.slot + this.run.cfg.booking.expireAfterMs;
    if (!this.expiryTicks.has(at)) {
      this.expiryTicks.add(at);
      this.run.cal.push(at, RANK[K_TICK]!, K_TICK, -1);
    }
  }

  /** A booking request: hold a slot (`holdSlot`) and confirm later, or book directly. */
  request(c: Citizen): void {
    const src = this.run.sc.bookings[c.source - this.run.sc.walkIns.length]!;
    const { origin, stop, within } = this.dayOf(c);
    if (!c.viaHold) {
      if (this.bookFrom(c, this.bookingStreams[c.source - this.run.sc.walkIns.length]!, origin, stop, within)) this.bookedExpiry(c);
      return;
    }
    const slots = src.slots;
    const order = within === null ? null : within.slots;
    const n = order === null ? slots.length : order.length;
    const start = order === null ? c.wantSlot : order.indexOf(c.wantSlot);
    for (let j = 0; j < n; j++) {
      const k = order === null ? (start + j) % n : order[(start + j) % n]!;
      const slot = origin + slots[k]!.offset;
      this.run.commands++;
      const out = this.run.centre.execute({ type: 'holdSlot', now: this.run.now, citizen: citizenKey(c.id), service: src.service, slot, ...(stop !== undefined ? { stop } : {}) });
      if (out.ok) {
        c.hold = out.result.hold;
        c.slot = slot;
        const expiresAt = out.result.expiresAt;
        if (c.abandonHold) {
          // never confirmed: the engine's tick at the expiry releases the hold; the citizen does not come
          this.run.cal.push(expiresAt, RANK[K_TICK]!, K_TICK, -1);
          c.at = C_DONE;
          c.state = 'holdExpired';
          return;
        }
        const confirmAt = this.run.now + c.confirmMs;
        if (confirmAt >= expiresAt) this.run.cal.push(expiresAt, RANK[K_TICK]!, K_TICK, -1);
        this.run.cal.push(confirmAt, RANK[K_CONFIRM]!, K_CONFIRM, c.id - 1);
        return;
      }
      if (out.error.code !== 'QC_ERR_SLOT_FULL' && out.error.code !== 'QC_ERR_BAD_SLOT') {
        throw new SimError('SIM_ERR_ENGINE_REFUSED', { command: 'holdSlot', error: `${out.error.code} ${out.error.message}` });
      }
    }
    // nothing to hold: the citizen comes as a walk-in at the wanted time
    c.bookingRefused = true;
    if (!c.noShowPlan) this.run.cal.push(origin + slots[c.wantSlot]!.offset + c.lateMs, RANK[K_CHECKIN]!, K_CHECKIN, c.id - 1);
  }

  /** Confirms a hold (`book` with it); after the hold expired the engine refuses and the citizen books directly. */
  confirm(c: Citizen): void {
    this.run.commands++;
    const out = this.run.centre.execute({ type: 'book', now: this.run.now, citizen: citizenKey(c.id), hold: c.hold, class: c.cls });
    if (out.ok) {
      this.run.bindTicket(c, out.result.ticket);
      this.bookedExpiry(c);
      if (!c.noShowPlan) this.run.cal.push(c.slot + c.lateMs, RANK[K_CHECKIN]!, K_CHECKIN, c.id - 1);
      return;
    }
    if (out.error.code !== 'QC_ERR_UNKNOWN_HOLD') throw new SimError('SIM_ERR_ENGINE_REFUSED', { command: 'book', error: `${out.error.code} ${out.error.message}` });
    c.holdLate = true;
    c.slot = NaN;
    const { origin, stop, within } = this.dayOf(c);
    if (this.bookFrom(c, this.bookingStreams[c.source - this.run.sc.walkIns.length]!, origin, stop, within)) this.bookedExpiry(c);
  }
}
