/**
 * `tick`: the time-driven transitions, decided from the state and `now` only, in this order:
 * expired holds, expired bookings, recall time-outs (recall, or no-show at the limit), the window
 * roster (shift start / end and breaks), end of day. Each is stamped `now`.
 */
import type { CommandOf, OutcomeOf } from './commands.ts';
import type { CentreConfig } from './config.ts';
import { accept, hoursOn } from './decide-common.ts';
import type { QueueEvent } from './events.ts';
import { W_BREAK, W_CLOSED, W_OPEN, type CentreState } from './state.ts';
import { S_CALLED, isTerminal } from './tickets.ts';
import { epochOf, formatDay, localDay, localMinute, weekdayOfDay } from './time.ts';

/** The roster segment of window w at `now`: desired status and a stable id of the segment. */
export function rosterPhase(cfg: CentreConfig, w: number, now: number): { status: number; phase: string } | null {
  const roster = cfg.windows[w]!.roster;
  if (roster.length === 0) return null;
  const day = localDay(now, cfg.offsetMs);
  const wd = weekdayOfDay(day);
  const m = localMinute(now, cfg.offsetMs);
  let lastEnd = 0;
  for (const iv of roster) {
    if (!iv.days.includes(wd)) continue;
    if (iv.start <= m && m < iv.end) {
      let segStart = iv.start;
      for (const [bs, be] of iv.breaks) {
        if (bs <= m && m < be) return { status: W_BREAK, phase: `${day}:b:${bs}` };
        if (be <= m && be > segStart) segStart = be;
      }
      return { status: W_OPEN, phase: `${day}:o:${segStart}` };
    }
    if (iv.end <= m && iv.end > lastEnd) lastEnd = iv.end;
  }
  return { status: W_CLOSED, phase: `${day}:c:${lastEnd}` };
}

export function decideTick(st: CentreState, cmd: CommandOf<'tick'>, now: number): OutcomeOf<'tick'> {
  void cmd;
  const cfg = st.config;
  const t = st.t;
  const events: QueueEvent[] = [];

  // 1. holds past their time-to-live
  const expiredHolds = [...st.holds.values()].filter((h) => h.expiresAt <= now).sort((a, b) => a.id - b.id);
  for (const h of expiredHolds) events.push({ type: 'hold.released', at: now, hold: h.id, reason: 'expired' });

  // 2. bookings never checked in, past slot + expireAfter
  const expireAfter = cfg.booking.expireAfterMs;
  for (const id of st.booked.toArray()) {
    if (t.slot[id]! + expireAfter > now) break;
    events.push({ type: 'booking.expired', at: now, id });
  }

  // 3. recall time-outs
  const released = new Set<number>();
  if (cfg.recallTimeoutMs !== null) {
    st.windows.forEach((ws, w) => {
      const id = ws.holding;
      if (id === -1 || t.state[id] !== S_CALLED || t.calledAt[id]! + cfg.recallTimeoutMs! > now) return;
      const window = cfg.windows[w]!.number;
      if (t.callCount[id]! >= cfg.callCountMax) {
        events.push({ type: 'ticket.noShow', at: now, id, window, auto: true });
        released.add(w);
      } else events.push({ type: 'ticket.recalled', at: now, id, window, auto: true });
    });
  }

  // 4. end of day (leftovers cancelled, windows closed), or else the roster
  const day = st.day;
  let dayEnds = false;
  if (!Number.isNaN(day) && st.lastDayEnded !== day) {
    const midnight = epochOf(day + 1, 0, cfg.offsetMs);
    const hours = hoursOn(cfg, day);
    const endAt = hours ? Math.min(epochOf(day, hours[1], cfg.offsetMs) + cfg.endOfDayGraceMs, midnight) : midnight;
    dayEnds = now >= endAt && (localDay(now, cfg.offsetMs) > day || hasActivity(st));
  }
  if (dayEnds) events.push({ type: 'day.ended', at: now, date: formatDay(day) });
  else {
    st.windows.forEach((ws, w) => {
      const want = rosterPhase(cfg, w, now);
      if (!want || want.phase === ws.phase) return;
      const window = cfg.windows[w]!.number;
      const busy = ws.holding !== -1 && !released.has(w);
      if (want.status === W_OPEN) {
        events.push({ type: ws.status === W_BREAK ? 'window.breakEnded' : 'window.opened', at: now, window, phase: want.phase });
      } else {
        const type = want.status === W_BREAK ? 'window.breakStarted' : 'window.closed';
        events.push({ type, at: now, window, phase: want.phase, ...(busy ? { deferred: true } : {}) });
      }
    });
  }
  return accept(events, { transitions: events.length });
}

function hasActivity(st: CentreState): boolean {
  if (st.windows.some((w) => w.status !== W_CLOSED || w.holding !== -1)) return true;
  for (const id of st.activeIds()) if (!isTerminal(st.t.state[id]!) && st.t.state[id] !== 0) return true;
  return false;
}
