/**
 * Citizens at the desk on their own account: a booked citizen checking in (early: held by the
 * engine; late: a walk-in; too early: back at the opening of the check-in window; after closing:
 * turned away) and a waiting citizen whose patience runs out. Functions over the Run, as in
 * window-work.ts.
 */
import type { QueueEvent } from '@asan/queue-core';
import { C_DONE, C_WAITING, type Citizen } from './citizen.ts';
import { SimError } from './errors.ts';
import { K_CHECKIN, RANK } from './kinds.ts';
import type { Run } from './simulate.ts';

/** A booked citizen shows up: checks in, or takes a walk-in ticket when the booking cannot be used. */
export function checkIn(run: Run, c: Citizen): void {
  if (Number.isNaN(c.showedUpAt)) c.showedUpAt = run.now;
  if (c.ticket === -1 || c.state === 'expired') {
    if (c.ticket !== -1) c.expiredWalkIn = true;
    c.channel = 'desk';
    run.issueWalkIn(c);
    return;
  }
  run.commands++;
  const cmd = run.cmd.checkIn;
  cmd.now = run.now;
  cmd.ticket = c.ticket;
  const out = run.centre.execute(cmd);
  if (!out.ok) {
    const code = out.error.code;
    if (code === 'QC_ERR_CHECKIN_TOO_EARLY') {
      run.cal.push(c.slot - run.cfg.booking.checkInEarlyMs, RANK[K_CHECKIN]!, K_CHECKIN, c.id - 1);
      return;
    }
    if (code === 'QC_ERR_BOOKING_EXPIRED') {
      c.expiredWalkIn = true;
      c.channel = 'desk';
      run.issueWalkIn(c);
      return;
    }
    if (code === 'QC_ERR_CENTRE_CLOSED') {
      // Late after closing: the engine refuses it as it refuses a walk-in then; turned away.
      c.turnedAway = true;
      c.at = C_DONE;
      c.state = 'turnedAway';
      return;
    }
    throw new SimError('SIM_ERR_ENGINE_REFUSED', { command: 'checkIn', error: `${code} ${out.error.message}` });
  }
  const r = out.result;
  c.arrivedAt = run.now;
  c.callableAt = r.callableAt;
  c.late = r.late;
  const ev = out.events[0] as Extract<QueueEvent, { type: 'booking.checkedIn' }>;
  c.due = ev.due;
  c.peopleAhead = r.peopleAhead;
  if (r.eta) {
    c.etaP50Ms = r.eta.p50Ms;
    c.etaP90Ms = r.eta.p90Ms;
  }
  run.enqueued(c);
}

/** The patience of a waiting citizen ran out: the ticket is cancelled. */
export function abandon(run: Run, c: Citizen): void {
  if (c.at !== C_WAITING) return;
  const cmd = run.cmd.cancel;
  cmd.now = run.now;
  cmd.ticket = c.ticket;
  cmd.reason = 'abandoned';
  run.exec(cmd);
  if (c.callable) run.notCallable(c);
  c.abandoned = true;
  c.reason = 'abandoned';
  run.finish(c, 'cancelled');
}
