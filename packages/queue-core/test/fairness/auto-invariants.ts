/**
 * The invariants that need auto-call mode (fairness-research.md §3.3): INV-8 booking punctuality
 * and INV-9 no starvation / drain. Both are checked at the end of a run, from the history.
 */
import { kpi } from '../../src/index.ts';
import type { AutoWorld } from './auto-driver.ts';
import { fail } from './invariants.ts';
import { walkinLike } from './model.ts';

/**
 * INV-8: booking b checked in on time, τ_b = max(e_b, σ_b), W_b the windows serving it (all open
 * all day in auto mode), R_b the other tickets keyed before b that were callable for a window of
 * W_b at some moment of [τ_b, c_b]. If |R_b| ≤ |W_b| − 1 then c_b ≤ τ_b + h_max.
 * Returns how many bookings met the premise (so a test can tell it was not vacuous).
 */
export function checkPunctuality(world: AutoWorld, hMax: number): number {
  const m = world.h.model;
  let premise = 0;
  for (const b of m.tickets) {
    if (b.kind !== 'booking' || b.e === null || b.late || b.state === 'cancelled') continue;
    const W = m.windows.filter((w) => w.services.includes(b.service));
    if (W.some((w) => !m.isOpen(w))) fail('INV-8 booking punctuality', `premise needs the windows of ${b.service} open all the time`);
    const tau = Math.max(b.e, b.slot!);
    const end = b.firstCalledAt ?? m.now;
    const R = m.tickets.filter((k) => {
      if (k === b || k.e === null || !m.before(k, b)) return false;
      if (!W.some((w) => w.services.includes(k.service))) return false;
      const leaves = k.firstCalledAt ?? k.endedAt ?? Number.POSITIVE_INFINITY;
      return k.e <= end && leaves >= tau;
    });
    if (R.length > W.length - 1) continue;
    premise++;
    const c = b.firstCalledAt;
    if ((c === null && m.now > tau + hMax) || (c !== null && c > tau + hMax)) {
      fail('INV-8 booking punctuality', `booking #${b.id} (slot ${new Date(b.slot!).toISOString()}, τ=${new Date(tau).toISOString()}) called ${c === null ? 'never' : new Date(c).toISOString()}, later than τ + h_max; |R|=${R.length} (#${R.map((k) => k.id).join(', #')}), |W|=${W.length}`);
    }
  }
  return premise;
}

/**
 * INV-9: arrivals stop; from t0 (every waiting ticket callable) the queue empties within
 * ⌈N/k⌉·h_max for one pool of k windows serving everything, and within (N + windows)·h_max in
 * general (some window is busy whenever someone waits, and there is at most that much work).
 */
export function drainAndCheck(world: AutoWorld, hMax: number, singlePool: boolean): void {
  const m = world.h.model;
  const t0 = Math.max(m.now, ...m.tickets.filter((t) => t.state === 'waiting').map((t) => t.e!));
  world.driver.advanceTo(t0, 'drain');
  const waiting = m.tickets.filter((t) => t.state === 'waiting');
  const k = m.windows.filter((w) => m.isOpen(w)).length;
  const bound = singlePool ? Math.ceil(waiting.length / k) * hMax : (waiting.length + m.windows.length) * hMax;
  world.driver.advanceTo(t0 + bound, 'drain');
  const left = waiting.filter((t) => t.firstCalledAt === null || t.firstCalledAt > t0 + bound);
  if (left.length > 0) {
    fail('INV-9 no starvation', `${waiting.length} waiting at ${new Date(t0).toISOString()} with ${k} windows; #${left.map((t) => t.id).join(', #')} not called within ${bound / 60_000} min`);
  }
}

/**
 * The fairness KPIs (src/kpi) on the engine's own records agree with the model: overtakes per
 * walk-in as the model counted them at each call (minus calls at the instant i was called or left,
 * which the record-based definition c_j < c_i cannot order), and no booking called before σ − E_call.
 * Returns the number of overtakes compared.
 */
export function checkKpi(world: AutoWorld): number {
  const m = world.h.model;
  const live = world.h.sut.live;
  const records = live.tickets();
  const counted = kpi.overtakes(records, kpi.windowServicesOf(live.config));
  let total = 0;
  for (const t of m.tickets) {
    if (!t.plain || !walkinLike(t)) continue;
    // i's wait ends at its call, or when it left uncalled (cancelled); a call at that very instant cannot be ordered from records
    const end = t.firstCalledAt ?? t.endedAt ?? Number.POSITIVE_INFINITY;
    const want = [...t.overtakenBy].filter((j) => m.get(j)!.firstCalledAt! < end).length;
    if (counted[t.id - 1] !== want) fail('KPI overtakes', `ticket #${t.id}: kpi.overtakes ${counted[t.id - 1]}, model ${want} (#${[...t.overtakenBy].join(', #')})`);
    total += want;
  }
  const report = kpi.fairnessReport(records, kpi.reportConfigOf(live.config));
  if (report.all.punctuality.early !== 0) fail('INV-8 booking punctuality', `${report.all.punctuality.early} booking(s) called before σ − E_call`);
  return total;
}
