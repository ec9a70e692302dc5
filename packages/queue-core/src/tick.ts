/**
 * `tick`: the time-driven transitions, decided from the state and `now` only, in this order:
 * expired holds, expired bookings, recall time-outs (recall, or no-show at the limit; none of a ticket
 * the same tick's end of day cancels), the window roster (shift start / end and breaks; none after the
 * day has ended), end of day. Each is stamped `now`.
 */
import type { CommandOf, OutcomeOf } from './commands.ts';
import type { CentreConfig } from './config.ts';
import { accept, hoursOn } from './decide-common.ts';
import type { QueueEvent } from './events.ts';
import type { CentreState } from './state.ts';
import { W_BREAK, W_CLOSED, W_OPEN } from './state-parts.ts';
import { S_CALLED } from './tickets.ts';
import { epochOf, formatDay, localDay, localMinute, weekdayOfDay } from './time.ts';

/** The roster segment of window w at `now`: desired status and a stable id of the segment. */
export function rosterPhase(cfg: CentreConfig, w: number, now: number): { status: number; phase: string } | null {
  const seg = rosterSegment(cfg, w, localDay(now, cfg.offsetMs), localMinute(now, cfg.offsetMs));
  return seg && { status: seg.status, phase: seg.phase };
}

/**
 * A roster segment: the status a window's roster wants, its id (`phase`), and the local minutes
 * [from, to) of that day during which the answer stays the same — so a tick can reuse it without
 * building the id again (ticks come often; the roster changes a few times a day).
 */
export interface RosterSegment {
  readonly day: number;
  readonly from: number;
  readonly to: number;
  readonly status: number;
  readonly phase: string;
}

export function rosterSegment(cfg: CentreConfig, w: number, day: number, m: number): RosterSegment | null {
  const roster = cfg.windows[w]!.roster;
  if (roster.length === 0) return null;
  const wd = weekdayOfDay(day);
  let lastEnd = 0;
  // The answer can change at the next start of any interval of the day (an earlier one in the list wins).
  let nextStart = 24 * 60;
  for (const iv of roster) {
    if (iv.days.includes(wd) && iv.start > m && iv.start < nextStart) nextStart = iv.start;
  }
  for (const iv of roster) {
    if (!iv.days.includes(wd)) continue;
    if (iv.start <= m && m < iv.end) {
      let segStart = iv.start;
      let segEnd = Math.min(iv.end, nextStart);
      for (const [bs, be] of iv.breaks) {
        if (bs <= m && m < be) return { day, from: bs, to: Math.min(be, iv.end, nextStart), status: W_BREAK, phase: `${day}:b:${bs}` };
        if (be <= m && be > segStart) segStart = be;
        if (bs > m && bs < segEnd) segEnd = bs;
      }
      return { day, from: segStart, to: segEnd, status: W_OPEN, phase: `${day}:o:${segStart}` };
    }
    if (iv.end <= m && iv.end > lastEnd) lastEnd = iv.end;
  }
  return { day, from: lastEnd, to: nextStart, status: W_CLOSED, phase: `${day}:c:${lastEnd}` };
}

export function decideTick(st: CentreState, cmd: CommandOf<'tick'>, now: number): OutcomeOf<'tick'> {
  void cmd;
  const cfg = st.config;
  const t = st.t;
  const events: QueueEvent[] = [];

  // 1. holds past their time-to-live, by id
  let expiredHolds: number[] | null = null;
  for (const h of st.holds.values()) if (h.expiresAt <= now) (expiredHolds ??= []).push(h.id);
  if (expiredHolds !== null) {
    expiredHolds.sort((a, b) => a - b);
    for (const hold of expiredHolds) events.push({ type: 'hold.released', at: now, hold, reason: 'expired' });
  }

  // 2. bookings never checked in, past slot + expireAfter
  const expireAfter = cfg.booking.expireAfterMs;
  st.booked.forEachWhile((id) => {
    if (t.slot[id & t.mask]! + expireAfter > now) return false;
    events.push({ type: 'booking.expired', at: now, id });
    return true;
  });

  // Whether this tick ends a day (decided from the state before its events). A day whose work a
  // later day's first event (not a tick's) left behind ends at once; the current day at its end.
  let day = st.day;
  let dayEnds = false;
  if (!Number.isNaN(st.unendedDay)) {
    day = st.unendedDay;
    dayEnds = true;
  } else if (!Number.isNaN(day) && st.lastDayEnded !== day) {
    const midnight = epochOf(day + 1, 0, cfg.offsetMs);
    const hours = hoursOn(cfg, day);
    const endAt = hours ? Math.min(epochOf(day, hours[1], cfg.offsetMs) + cfg.endOfDayGraceMs, midnight) : midnight;
    dayEnds = now >= endAt && (localDay(now, cfg.offsetMs) > day || st.hasActivity());
  }

  // 3. recall time-outs — but not of a ticket this tick's day end cancels (one of the ended day):
  // it is not called again at closing (nor, at the limit, made a no-show of the next day's).
  let released: Set<number> | null = null;
  const recallTimeoutMs = cfg.recallTimeoutMs;
  if (recallTimeoutMs !== null) {
    for (let w = 0; w < st.windows.length; w++) {
      const id = st.windows[w]!.holding;
      if (id === -1 || t.state[id & t.mask] !== S_CALLED || t.calledAt[id & t.mask]! + recallTimeoutMs > now) continue;
      if (dayEnds && t.day[id & t.mask]! <= day) continue;
      const window = st.windowNumbers[w]!;
      if (t.callCount[id & t.mask]! >= cfg.callCountMax) {
        events.push({ type: 'ticket.noShow', at: now, id, window, auto: true });
        (released ??= new Set()).add(w);
      } else events.push({ type: 'ticket.recalled', at: now, id, window, auto: true });
    }
  }

  // 4. end of day (leftovers cancelled, windows closed), or else the roster.
  if (dayEnds) events.push({ type: 'day.ended', at: now, date: formatDay(day) });
  else {
    const today = localDay(now, cfg.offsetMs);
    const m = localMinute(now, cfg.offsetMs);
    const roster = st.rosterMemo;
    const quiet = roster.isQuiet(today, m);
    // Once the day has ended its windows stay closed: the roster's later boundaries that day (a
    // shift running past closing, a late break) neither reopen a window nor close it again.
    if (!quiet && st.lastDayEnded !== today) {
      const before = events.length;
      let until = 24 * 60;
      for (let w = 0; w < st.windows.length; w++) {
        const ws = st.windows[w]!;
        const want = roster.segmentAt(cfg, w, today, m);
        if (!want) continue;
        if (want.to < until) until = want.to;
        if (want.phase === ws.phase) continue;
        const window = st.windowNumbers[w]!;
        const busy = ws.holding !== -1 && !(released !== null && released.has(w));
        if (want.status === W_OPEN) {
          events.push({ type: ws.status === W_BREAK ? 'window.breakEnded' : 'window.opened', at: now, window, phase: want.phase });
        } else {
          const type = want.status === W_BREAK ? 'window.breakStarted' : 'window.closed';
          events.push(busy ? { type, at: now, window, phase: want.phase, deferred: true } : { type, at: now, window, phase: want.phase });
        }
      }
      // Remember a pass with nothing to do (a pass that emits waits for its events to be applied).
      roster.notePass(events.length === before ? today : Number.NaN, m, until);
    }
  }
  return accept(events, { transitions: events.length });
}

