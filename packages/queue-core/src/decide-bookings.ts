/** Deciders for online bookings: hold, release, book, check in. */
import type { CommandOf, Outcome, OutcomeOf } from './commands.ts';
import { accept, classAt, describeHours, hoursOn, isId, isOpenNow, isString, nextSeq, refuse, serviceAt, slip, stateName, ticketAt } from './decide-common.ts';
import type { BookingMade, QueueEvent } from './events.ts';
import type { CentreState } from './state.ts';
import { KIND_BOOKING, S_BOOKED, S_EXPIRED } from './tickets.ts';
import { MINUTE_MS, epochOf, formatDay, formatLocal, isTime, localDay } from './time.ts';

/** Checks a slot of service s: within the horizon, on a slot boundary inside opening hours (or the stop). */
function checkSlot(st: CentreState, s: number, slot: unknown, stop: unknown, now: number): Outcome<never> | null {
  const cfg = st.config;
  const svc = cfg.services[s]!;
  if (!svc.bookable) return refuse('QC_ERR_NOT_BOOKABLE', { service: svc.id });
  // As for a walk-in or a transfer: a booking of a service no window serves would be checked in to wait for nobody.
  if (st.serviceWindows[s]!.length === 0) return refuse('QC_ERR_NO_WINDOW_FOR_SERVICE', { service: svc.id });
  if (!isTime(slot)) return refuse('QC_ERR_BAD_COMMAND', { reason: 'slot must be a time in ms since the epoch (a finite number within ±8.6e15)' });
  const today = localDay(now, cfg.offsetMs);
  const day = localDay(slot, cfg.offsetMs);
  const { minDaysAhead, horizonDays } = cfg.booking;
  if (day - today < minDaysAhead || day - today > horizonDays) {
    return refuse('QC_ERR_OUTSIDE_HORIZON', {
      slot: formatLocal(slot, cfg.offsetMs),
      first: formatDay(today + minDaysAhead),
      last: formatDay(today + horizonDays),
    });
  }
  if (cfg.kind === 'mobile') {
    const at = cfg.stops.get(day);
    if (stop === undefined) return refuse('QC_ERR_BAD_COMMAND', { reason: 'a booking at a mobile centre names its stop' });
    if (typeof stop !== 'string' || !cfg.stopsById.has(stop)) return refuse('QC_ERR_UNKNOWN_STOP', { stop });
    if (!at || at.id !== stop) return refuse('QC_ERR_BAD_SLOT', { slot: formatLocal(slot, cfg.offsetMs), service: svc.id, reason: `the bus is not at stop ${stop} that day` });
  } else if (stop !== undefined) return refuse('QC_ERR_BAD_COMMAND', { reason: 'only mobile centres have stops' });
  const hours = hoursOn(cfg, day);
  // The slot is formatted only for a refusal (booking is on the simulator's hot path).
  const bad = (reason: string) => refuse('QC_ERR_BAD_SLOT', { slot: formatLocal(slot, cfg.offsetMs), service: svc.id, reason });
  if (!hours) return bad('the centre is closed that day');
  const open = epochOf(day, hours[0], cfg.offsetMs);
  const close = epochOf(day, hours[1], cfg.offsetMs);
  if (slot < open || slot + svc.slotMs > close) return bad('outside opening hours');
  if ((slot - open) % svc.slotMs !== 0) return bad(`slots start every ${svc.slotMs / MINUTE_MS} min from opening`);
  // Only reachable with minDaysAhead 0 (same-day booking): a slot that has begun cannot be booked.
  if (slot < now) return bad('it has already begun');
  return null;
}

/** Capacity and per-citizen limits for one more hold or booking of (s, slot). */
function checkLimits(st: CentreState, s: number, slot: number, citizen: string, now: number, ignoreHold = -1): Outcome<never> | null {
  const cfg = st.config;
  const rules = cfg.booking;
  let used = st.slotUse.get(s, slot);
  // (one lookup of the citizen's active ids: deciding changes nothing, so it stays the same list below)
  const mine = st.citizenActive.get(citizen);
  let citizenActive = mine?.length ?? 0;
  // Expired holds still count in the fold until tick releases them: do not count them here.
  if (st.holds.size > 0) for (const h of st.holds.values()) {
    const live = h.expiresAt > now && h.id !== ignoreHold;
    if (!live && h.service === s && h.slot === slot) used--;
    if (!live && h.citizen === citizen) citizenActive--;
  }
  // Nor bookings past slot + expireAfter (expired for checkIn and tick from that instant), not yet expired by a tick.
  const t = st.t;
  const expireAfter = rules.expireAfterMs;
  if (mine !== undefined) for (const id of mine) if (id > 0 && t.slot[id & t.mask]! + expireAfter <= now) citizenActive--;
  if (used >= rules.capacityPerSlot) {
    return refuse('QC_ERR_SLOT_FULL', { slot: formatLocal(slot, cfg.offsetMs), service: cfg.services[s]!.id, capacity: rules.capacityPerSlot });
  }
  if (citizenActive >= rules.maxActivePerCitizen) {
    return refuse('QC_ERR_BOOKING_LIMIT', { reason: `at most ${rules.maxActivePerCitizen} active bookings and holds per citizen` });
  }
  const day = localDay(slot, cfg.offsetMs);
  let sameDay = 0;
  if (mine !== undefined) for (const id of mine) {
    if (id > 0 && t.service[id & t.mask] === s && t.slot[id & t.mask]! + expireAfter > now && localDay(t.slot[id & t.mask]!, cfg.offsetMs) === day) sameDay++;
    const h = id < 0 ? st.holds.get(-id) : undefined;
    if (h && h.expiresAt > now && h.id !== ignoreHold && h.service === s && localDay(h.slot, cfg.offsetMs) === day) sameDay++;
  }
  if (sameDay >= rules.maxPerServicePerDay) {
    return refuse('QC_ERR_BOOKING_LIMIT', { reason: `at most ${rules.maxPerServicePerDay} booking(s) per citizen, service and day` });
  }
  return null;
}

export function decideHoldSlot(st: CentreState, cmd: CommandOf<'holdSlot'>, now: number): OutcomeOf<'holdSlot'> {
  const s = serviceAt(st, cmd.service);
  if (typeof s !== 'number') return s;
  if (!isString(cmd.citizen)) return refuse('QC_ERR_BAD_COMMAND', { reason: 'citizen must be a key of 1–256 characters' });
  const bad = checkSlot(st, s, cmd.slot, cmd.stop, now) ?? checkLimits(st, s, cmd.slot, cmd.citizen, now);
  if (bad) return bad;
  const hold = st.nextHoldId;
  const expiresAt = now + st.config.booking.holdTtlMs;
  return accept(
    [{ type: 'hold.placed', at: now, hold, service: cmd.service, slot: cmd.slot, citizen: cmd.citizen, ...(cmd.stop !== undefined ? { stop: cmd.stop } : {}), expiresAt }],
    { hold, expiresAt },
  );
}

export function decideReleaseHold(st: CentreState, cmd: CommandOf<'releaseHold'>, now: number): OutcomeOf<'releaseHold'> {
  const h = isId(cmd.hold) ? st.holds.get(cmd.hold) : undefined;
  // Expired from expiresAt on, as for `book` and `tick` (which releases it as expired), whether or not a tick has run.
  if (!h || h.expiresAt <= now) return refuse('QC_ERR_UNKNOWN_HOLD', { hold: cmd.hold });
  return accept([{ type: 'hold.released', at: now, hold: h.id, reason: 'released' }], { hold: h.id });
}

export function decideBook(st: CentreState, cmd: CommandOf<'book'>, now: number): OutcomeOf<'book'> {
  if (!isString(cmd.citizen)) return refuse('QC_ERR_BAD_COMMAND', { reason: 'citizen must be a key of 1–256 characters' });
  const c = classAt(st, cmd.class);
  if (typeof c !== 'number') return c;
  if (cmd.name !== undefined && !isString(cmd.name, 100)) return refuse('QC_ERR_BAD_COMMAND', { reason: 'name must be 1–100 characters' });
  const events: QueueEvent[] = [];
  let s: number;
  let slot: number;
  let stop: string | undefined;
  if (cmd.hold !== undefined) {
    const h = isId(cmd.hold) ? st.holds.get(cmd.hold) : undefined;
    if (!h || h.expiresAt <= now) return refuse('QC_ERR_UNKNOWN_HOLD', { hold: cmd.hold });
    if (h.citizen !== cmd.citizen) return refuse('QC_ERR_HOLD_MISMATCH', { hold: cmd.hold, reason: 'it belongs to another citizen' });
    // A service, slot or stop given with the hold must be the hold's (the hold decides; another one is a mistake to say, not to ignore).
    const held = st.serviceIds[h.service]!;
    if (cmd.service !== undefined && cmd.service !== held) return refuse('QC_ERR_HOLD_MISMATCH', { hold: cmd.hold, reason: `it is for service ${held}, not ${String(cmd.service)}` });
    if (cmd.slot !== undefined && cmd.slot !== h.slot) {
      return refuse('QC_ERR_HOLD_MISMATCH', { hold: cmd.hold, reason: `it is for the slot at ${formatLocal(h.slot, st.config.offsetMs)}, not ${typeof cmd.slot === 'number' && Number.isFinite(cmd.slot) ? formatLocal(cmd.slot, st.config.offsetMs) : String(cmd.slot)}` });
    }
    if (cmd.stop !== undefined && cmd.stop !== h.stop) return refuse('QC_ERR_HOLD_MISMATCH', { hold: cmd.hold, reason: `it is for ${h.stop === undefined ? 'no stop' : `stop ${h.stop}`}, not stop ${String(cmd.stop)}` });
    s = h.service;
    slot = h.slot;
    stop = h.stop;
    // Re-check the horizon (a hold may be confirmed at another time); capacity is already held.
    const bad = checkSlot(st, s, slot, stop, now);
    if (bad) return bad;
    events.push({ type: 'hold.released', at: now, hold: h.id, reason: 'booked' });
  } else {
    const sv = serviceAt(st, cmd.service);
    if (typeof sv !== 'number') return sv;
    s = sv;
    if (typeof cmd.slot !== 'number') return refuse('QC_ERR_BAD_COMMAND', { reason: 'book needs a hold, or a service and a slot' });
    slot = cmd.slot;
    stop = cmd.stop;
    const bad = checkSlot(st, s, slot, stop, now) ?? checkLimits(st, s, slot, cmd.citizen, now);
    if (bad) return bad;
  }
  const id = st.nextId;
  const service = st.serviceIds[s]!;
  // optional fields added in place, in the order a spread gave them (no temporary objects)
  const made: { -readonly [K in keyof BookingMade]: BookingMade[K] } = { type: 'booking.made', at: now, id, service, class: st.classIds[c]!, slot, citizen: cmd.citizen };
  if (cmd.name !== undefined) made.name = cmd.name;
  if (stop !== undefined) made.stop = stop;
  if (cmd.hold !== undefined) made.hold = cmd.hold;
  events.push(made);
  return accept(events, { ticket: id, slot, service });
}

export function decideCheckIn(st: CentreState, cmd: CommandOf<'checkIn'>, now: number): OutcomeOf<'checkIn'> {
  const cfg = st.config;
  const id = ticketAt(st, cmd.ticket);
  if (typeof id !== 'number') return id;
  const t = st.t;
  if (t.kind[id & t.mask] !== KIND_BOOKING) return refuse('QC_ERR_TICKET_STATE', { ticket: id, state: 'a walk-in', action: 'check-in', expected: 'a booking' });
  const slot = t.slot[id & t.mask]!;
  const { checkInEarlyMs, checkInLateMs, callableBeforeMs, expireAfterMs } = cfg.booking;
  if (t.state[id & t.mask] === S_EXPIRED || (t.state[id & t.mask] === S_BOOKED && now >= slot + expireAfterMs)) {
    // (expired from slot + expireAfter on, the instant `tick` expires it too)
    return refuse('QC_ERR_BOOKING_EXPIRED', { ticket: id, expiredAt: formatLocal(slot + expireAfterMs, cfg.offsetMs) });
  }
  if (t.state[id & t.mask] !== S_BOOKED) return refuse('QC_ERR_TICKET_STATE', { ticket: id, state: stateName(st, id), action: 'check-in', expected: 'booked' });
  if (now < slot - checkInEarlyMs) {
    return refuse('QC_ERR_CHECKIN_TOO_EARLY', { opensAt: formatLocal(slot - checkInEarlyMs, cfg.offsetMs), slot: formatLocal(slot, cfg.offsetMs) });
  }
  const late = now > slot + checkInLateMs;
  // Late, it becomes a walk-in: refused when walk-ins are (after closing), like one.
  if (late && !isOpenNow(st, now)) {
    return refuse('QC_ERR_CENTRE_CLOSED', { local: formatLocal(now, cfg.offsetMs), hours: describeHours(cfg, localDay(now, cfg.offsetMs)) });
  }
  const s = t.service[id & t.mask]!;
  const c = t.cls[id & t.mask]!;
  const due = late ? now + cfg.classes[c]!.targetMs : slot;
  const callableAt = late ? now : Math.max(now, slot - callableBeforeMs);
  const seq = nextSeq(st, s, now);
  const result = slip(st, id, s, c, seq, due, callableAt, now, late);
  return accept([{ type: 'booking.checkedIn', at: now, id, seq, due, callableAt, late }], result);
}
