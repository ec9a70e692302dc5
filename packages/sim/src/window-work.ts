/**
 * The windows at work: free windows call next, the called citizen is served (or, absent, recalled
 * until the engine marks a no-show), goes to the bank desk mid-service and comes back, is sent on
 * to another service, or is completed. Who is called, recalls and no-shows are the engine's
 * answers; this only sends the commands at the times the simulator drew and schedules what follows.
 *
 * Functions over the Run (not a class holding it) so that the hot path reads the Run's fields as
 * directly as its own methods did.
 */
import { C_AT_BANK, C_CALLED_ABSENT, C_SERVING, C_WAITING, C_WAITING_AGAIN, C_WAITING_TRANSFER, type Citizen } from './citizen.ts';
import { K_COMPLETE, K_PARK, K_RECALL, K_RESUME, RANK } from './kinds.ts';
import { SimError } from './errors.ts';
import type { Run } from './simulate.ts';

/** After all events of an instant: every free, open window that may find someone calls next. */
export function dispatch(run: Run): void {
  const win = run.win;
  if (win.dirtyN === 0) return;
  win.dirtyN = 0;
  const dirty = win.dirty;
  // The engine's call-next takes the best callable ticket of the window's services, and the
  // simulator learns of every ticket that becomes callable before the engine does (issue,
  // check-in, callable time, resume, transfer: `run.callableNow`) and of every one that stops
  // being callable (called, abandoned, cancelled at the day end: `run.notCallable`). A window whose
  // services have no callable ticket is not asked: it would call nobody (the engine's INV-4), and
  // the engine's events are the same without the futile command.
  const callable = win.callable;
  // the windows marked this instant, in ascending index (= ascending number); nothing marks a
  // window while they are asked
  for (let k = 0; k < win.words; k++) {
    let x = dirty[k]!;
    if (x === 0) continue;
    dirty[k] = 0;
    while (x !== 0) {
      if (win.callableTotal === 0) {
        // no service has a callable ticket: none of the windows left would call anybody (most
        // instants: a window freed with nobody waiting, or the last callable ticket just called
        // while other idle windows of its service were marked)
        for (let j = k + 1; j < win.words; j++) dirty[j] = 0;
        return;
      }
      const low = x & -x;
      x ^= low;
      const w = (k << 5) + (31 - Math.clz32(low));
      if (win.open[w] === 0 || win.busy[w] !== -1) continue;
      const only = win.onlyService[w]!;
      if (only !== -1) {
        if (callable[only] === 0) continue;
      } else {
        const services = win.servicesOf[w]!;
        let known = true;
        for (let j = 0; j < services.length && known; j++) known = callable[services[j]!] === 0;
        if (known) continue;
      }
      const cmd = run.cmd.callNext;
      cmd.now = run.now;
      cmd.window = run.windowNumber(w);
      const out = run.exec(cmd);
      const id = (out.result as { ticket: number | null }).ticket;
      if (id === null) throw new SimError('SIM_ERR_ENGINE_REFUSED', { command: 'callNext', error: `window ${cmd.window} called nobody, but the simulator counted a callable ticket for it` });
      const c = run.citizenOfTicket(id);
      run.notCallable(c);
      called(run, c, w, id);
    }
  }
}

function called(run: Run, c: Citizen, w: number, id: number): void {
  run.win.hold(w, id);
  c.window = w;
  if (c.at === C_WAITING_TRANSFER) {
    // transferred: the other service's work, then complete
    c.transferCalledAt = run.now;
    c.transferWindow = w;
    start(run, w);
    c.at = C_SERVING;
    run.cal.push(run.now + c.transferHandleMs, RANK[K_COMPLETE]!, K_COMPLETE, c.id - 1);
    return;
  }
  c.lastWindow = w;
  if (c.at === C_WAITING) {
    if (c.measured) run.unresolvedMeasured--;
    if (run.dropStalePatience) run.patience.remove(c.id - 1);
    c.firstCalledAt = run.now;
    c.firstWindow = w;
    if (c.absent) {
      c.at = C_CALLED_ABSENT;
      run.cal.push(run.now + run.recallMs, RANK[K_RECALL]!, K_RECALL, c.id - 1);
      return;
    }
    start(run, w);
    c.startedAt = run.now;
    c.at = C_SERVING;
    if (c.bankMs > 0) run.cal.push(run.now + c.handleMs * c.beforeShare, RANK[K_PARK]!, K_PARK, c.id - 1);
    else run.cal.push(run.now + c.handleMs, RANK[K_COMPLETE]!, K_COMPLETE, c.id - 1);
    return;
  }
  // back from the bank: the rest of the service
  c.secondCalledAt = run.now;
  start(run, w);
  c.at = C_SERVING;
  run.cal.push(run.now + c.handleMs * (1 - c.beforeShare), RANK[K_COMPLETE]!, K_COMPLETE, c.id - 1);
}

function start(run: Run, w: number): void {
  const cmd = run.cmd.start;
  cmd.now = run.now;
  cmd.window = run.windowNumber(w);
  run.exec(cmd);
}

/** The service (or its part after the bank) is over: transfer to the next service, or complete. */
export function complete(run: Run, c: Citizen): void {
  if (c.at !== C_SERVING) return;
  const w = c.window;
  if (c.transferTo !== -1 && Number.isNaN(c.transferredAt)) {
    // the service is done; the window sends the citizen on to the other service's queue
    const cmd = run.cmd.transfer;
    cmd.now = run.now;
    cmd.window = run.windowNumber(w);
    cmd.service = run.cfg.services[c.transferTo]!.id;
    run.exec(cmd);
    c.transferredAt = run.now;
    c.at = C_WAITING_TRANSFER;
    c.serviceIndex = c.transferTo;
    run.win.release(w, run.now);
    run.callableNow(c);
    return;
  }
  if (c.rating > 0) {
    const cmd = run.cmd.completeRated;
    cmd.now = run.now;
    cmd.window = run.windowNumber(w);
    cmd.rating = c.rating;
    run.exec(cmd);
  } else {
    const cmd = run.cmd.complete;
    cmd.now = run.now;
    cmd.window = run.windowNumber(w);
    run.exec(cmd);
  }
  run.finish(c, 'done');
  run.win.release(w, run.now);
}

/** The part before the bank is done: the window parks the ticket and is free; back after the bank time. */
export function park(run: Run, c: Citizen): void {
  if (c.at !== C_SERVING) return;
  const w = c.window;
  const cmd = run.cmd.park;
  cmd.now = run.now;
  cmd.window = run.windowNumber(w);
  run.exec(cmd);
  c.at = C_AT_BANK;
  c.parkedAt = run.now;
  run.win.release(w, run.now);
  run.cal.push(run.now + c.bankMs, RANK[K_RESUME]!, K_RESUME, c.id - 1);
}

/** Back from the bank: the ticket waits again for a window of its service. */
export function resume(run: Run, c: Citizen): void {
  if (c.at !== C_AT_BANK) return;
  const cmd = run.cmd.resume;
  cmd.now = run.now;
  cmd.ticket = c.ticket;
  run.exec(cmd);
  c.resumedAt = run.now;
  c.at = C_WAITING_AGAIN;
  run.callableNow(c);
}

/** The recall timeout of a citizen called but absent: the engine's tick recalls or marks a no-show. */
export function recall(run: Run, c: Citizen): void {
  if (c.at !== C_CALLED_ABSENT) return;
  run.tick();
  if (c.at === C_CALLED_ABSENT) run.cal.push(run.now + run.recallMs, RANK[K_RECALL]!, K_RECALL, c.id - 1);
}
