/** Deciders for tickets away from a window: walk-in issue, cancel, park, resume, transfer. */
import type { CommandOf, OutcomeOf } from './commands.ts';
import {
  accept,
  classAt,
  describeHours,
  isOpenNow,
  isString,
  nextSeq,
  refuse,
  serviceAt,
  slip,
  stateName,
  ticketAt,
  windowAt,
} from './decide-common.ts';
import type { CentreState } from './state.ts';
import { CHANNEL_ONLINE, channelIndex, S_BOOKED, S_CALLED, S_PARKED, S_SERVING, S_WAITING, type Channel } from './tickets.ts';
import { show } from './errors.ts';
import { formatLocal, localDay } from './time.ts';

export function decideIssueWalkIn(st: CentreState, cmd: CommandOf<'issueWalkIn'>, now: number): OutcomeOf<'issueWalkIn'> {
  const cfg = st.config;
  const s = serviceAt(st, cmd.service);
  if (typeof s !== 'number') return s;
  const c = classAt(st, cmd.class);
  if (typeof c !== 'number') return c;
  if (!isString(cmd.citizen)) return refuse('QC_ERR_BAD_COMMAND', { reason: 'citizen must be a key of 1–256 characters' });
  const channel: Channel = cmd.channel ?? 'desk';
  const ch = channelIndex(channel);
  if (ch === -1 || ch === CHANNEL_ONLINE) {
    return refuse('QC_ERR_BAD_COMMAND', { reason: `channel must be desk, terminal or callCentre, got ${show(cmd.channel)}` });
  }
  if (cmd.name !== undefined && !isString(cmd.name, 100)) return refuse('QC_ERR_BAD_COMMAND', { reason: 'name must be 1–100 characters' });
  if (!isOpenNow(st, now)) {
    return refuse('QC_ERR_CENTRE_CLOSED', { local: formatLocal(now, cfg.offsetMs), hours: describeHours(cfg, localDay(now, cfg.offsetMs)) });
  }
  if (st.serviceWindows[s]!.length === 0) return refuse('QC_ERR_NO_WINDOW_FOR_SERVICE', { service: cmd.service });
  const id = st.nextId;
  const seq = nextSeq(st, s, now);
  const due = now + st.classTargetMs[c]!;
  const result = slip(st, id, s, c, seq, due, now, now);
  const service = st.serviceIds[s]!;
  const klass = st.classIds[c]!;
  const citizen = cmd.citizen;
  const name = cmd.name;
  return accept(
    [
      name === undefined
        ? { type: 'ticket.issued', at: now, id, service, class: klass, channel, citizen, seq, due }
        : { type: 'ticket.issued', at: now, id, service, class: klass, channel, citizen, name, seq, due },
    ],
    result,
  );
}

export function decideCancel(st: CentreState, cmd: CommandOf<'cancel'>, now: number): OutcomeOf<'cancel'> {
  const id = ticketAt(st, cmd.ticket);
  if (typeof id !== 'number') return id;
  const state = st.t.state[id & st.t.mask];
  // A booking is expired from slot + expireAfter on (as for checkIn), whether or not a tick has expired it yet.
  const expired = state === S_BOOKED && now >= st.t.slot[id & st.t.mask]! + st.config.booking.expireAfterMs;
  if ((state !== S_BOOKED && state !== S_WAITING && state !== S_PARKED) || expired) {
    return refuse('QC_ERR_TICKET_STATE', { ticket: id, state: expired ? 'expired' : stateName(st, id), action: 'cancel', expected: 'booked, waiting or parked' });
  }
  if (cmd.reason !== undefined && !isString(cmd.reason, 64)) return refuse('QC_ERR_BAD_COMMAND', { reason: 'reason must be 1–64 characters' });
  return accept([{ type: 'ticket.cancelled', at: now, id, reason: cmd.reason ?? 'citizen' }], { ticket: id });
}

/** The ticket a window-or-ticket command acts on: the one the window holds, or a waiting one. */
function heldOrWaiting(st: CentreState, cmd: { window?: number; ticket?: number }, action: string): { id: number; window?: number } | ReturnType<typeof refuse> {
  if (cmd.window !== undefined) {
    const w = windowAt(st, cmd.window);
    if (typeof w !== 'number') return w;
    const id = st.windows[w]!.holding;
    if (id === -1) return refuse('QC_ERR_WINDOW_IDLE', { window: cmd.window, action });
    if (cmd.ticket !== undefined && cmd.ticket !== id) {
      // The window holds another ticket: say where the one asked for is (its holder, or its state).
      const other = ticketAt(st, cmd.ticket);
      if (typeof other !== 'number') return other;
      if (isHeld(st, other)) return heldElsewhere(st, other, action);
      return refuse('QC_ERR_TICKET_STATE', { ticket: other, state: stateName(st, other), action, expected: `held by window ${cmd.window}` });
    }
    return { id, window: cmd.window };
  }
  const id = ticketAt(st, cmd.ticket);
  if (typeof id !== 'number') return id;
  if (isHeld(st, id)) return heldElsewhere(st, id, action);
  if (st.t.state[id & st.t.mask] !== S_WAITING) return refuse('QC_ERR_TICKET_STATE', { ticket: id, state: stateName(st, id), action, expected: 'waiting' });
  return { id };
}

/** Called or in service: held by a window. */
function isHeld(st: CentreState, id: number): boolean {
  const state = st.t.state[id & st.t.mask];
  return state === S_CALLED || state === S_SERVING;
}

function heldElsewhere(st: CentreState, id: number, action: string): ReturnType<typeof refuse> {
  return refuse('QC_ERR_TICKET_HELD_ELSEWHERE', { ticket: id, holder: st.config.windows[st.t.window[id & st.t.mask]!]!.number, action });
}

export function decidePark(st: CentreState, cmd: CommandOf<'park'>, now: number): OutcomeOf<'park'> {
  if (cmd.window === undefined && cmd.ticket === undefined) return refuse('QC_ERR_BAD_COMMAND', { reason: 'park needs a window or a ticket' });
  const target = heldOrWaiting(st, cmd, 'park');
  if ('ok' in target) return target;
  return accept(
    [target.window !== undefined ? { type: 'ticket.parked', at: now, id: target.id, window: target.window } : { type: 'ticket.parked', at: now, id: target.id }],
    { ticket: target.id },
  );
}

export function decideResume(st: CentreState, cmd: CommandOf<'resume'>, now: number): OutcomeOf<'resume'> {
  const id = ticketAt(st, cmd.ticket);
  if (typeof id !== 'number') return id;
  if (st.t.state[id & st.t.mask] !== S_PARKED) return refuse('QC_ERR_TICKET_STATE', { ticket: id, state: stateName(st, id), action: 'resume', expected: 'parked' });
  const due = Math.min(st.t.due[id & st.t.mask]!, now + st.config.returnTargetMs);
  return accept([{ type: 'ticket.resumed', at: now, id, due }], { ticket: id, due });
}

export function decideTransfer(st: CentreState, cmd: CommandOf<'transfer'>, now: number): OutcomeOf<'transfer'> {
  if (cmd.window === undefined && cmd.ticket === undefined) return refuse('QC_ERR_BAD_COMMAND', { reason: 'transfer needs a window or a ticket' });
  const s = serviceAt(st, cmd.service);
  if (typeof s !== 'number') return s;
  const target = heldOrWaiting(st, cmd, 'transfer');
  if ('ok' in target) return target;
  const id = target.id;
  if (st.t.service[id & st.t.mask] === s) return refuse('QC_ERR_SAME_SERVICE', { ticket: id, service: cmd.service });
  if (st.config.services[s]!.windows.length === 0) return refuse('QC_ERR_NO_WINDOW_FOR_SERVICE', { service: cmd.service });
  const due = Math.min(st.t.due[id & st.t.mask]!, now + st.config.returnTargetMs);
  return accept(
    [
      target.window !== undefined
        ? { type: 'ticket.transferred', at: now, id, service: cmd.service, due, window: target.window }
        : { type: 'ticket.transferred', at: now, id, service: cmd.service, due },
    ],
    { ticket: id, service: cmd.service, due },
  );
}
