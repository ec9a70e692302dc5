/**
 * Wait estimates (fairness-research.md §5): the queue-length estimator
 *   W ≈ (ahead + 1 − idle + expected overtakers) × h̄ / k
 * with h̄ the exponentially smoothed handle time of the service, k the open windows that serve it
 * (each shared window counted by its share among the services it serves that have someone waiting),
 * and the expected overtakers under the centre's policy: under EDD walk-ins of classes with a shorter
 * target arriving within the head start; under strict priority walk-ins of a lower rank arriving
 * before the call; under FIFO none (nobody who arrives later is called first). p50 and p90 are the
 * Gamma(n, h̄/k) quantiles (Wilson–Hilferty), the wait of n completions at k busy windows. No open window: null ("unknown"), never a number.
 */
import type { Eta } from './commands.ts';
import { OVERTAKE_HEAD_START, OVERTAKE_NONE } from './state-parts.ts';
import type { CentreState } from './state.ts';
import { MINUTE_MS } from './time.ts';

const Z90 = 1.2815515655446004;

export function estimateWait(st: CentreState, service: number, cls: number, ahead: number, now: number): Eta | null {
  let servers = 0;
  let idle = 0;
  if (st.serviceSole[service] === 1) {
    // Every window of the service serves only it: each serving window is one whole server (the loop
    // below would add 1 / 1 per window), counted by the fold.
    servers = st.soleServing[service]!;
    idle = st.soleIdle[service]!;
  } else {
    // A window's services with someone waiting, counting this one (a new ticket will be waiting).
    const self = st.waiting[service]! > 0 ? 0 : 1;
    const windows = st.serviceWindows[service]!;
    const serving = st.windowServing;
    const busy = st.windowBusy;
    for (let i = 0; i < windows.length; i++) {
      const w = windows[i]!;
      const code = serving[w]!;
      if (code === 0) continue; // closed, on a break, or closing after its ticket
      servers += 1 / (busy[w]! + self);
      if (code === 1) idle++;
    }
  }
  if (servers === 0) return null;
  if (ahead < idle) return { p50Ms: 0, p90Ms: 0, p50At: now, p90At: now };
  const h = st.handleMs[service]!;
  const theta = h / servers;
  let n = ahead + 1 - idle;
  // Expected overtakers, by the policy: under EDD classes with a shorter target that may still arrive
  // within the head start; under strict priority classes of a lower rank arriving before the call
  // (the expected wait w0); under FIFO none.
  const rule = st.overtakeRule;
  const targets = st.classTargetMs;
  const myTarget = targets[cls]!;
  const ranks = st.classRank;
  const myRank = ranks[cls]!;
  // Arrival rates per minute open today: walk-ins come only from opening, and the day may have
  // begun hours earlier (a day.ended at midnight, a booking made at night starts the day).
  const open = st.dayOpenAt;
  const elapsed = Math.max(now - (Number.isNaN(open) ? st.dayStartedAt : open), 30 * MINUTE_MS);
  const w0 = n * theta;
  const nC = targets.length;
  for (let c = rule === OVERTAKE_NONE ? nC : 0; c < nC; c++) {
    let span: number;
    if (rule === OVERTAKE_HEAD_START) {
      const target = targets[c]!;
      if (target >= myTarget) continue;
      span = Math.min(myTarget - target, w0);
    } else {
      if (ranks[c]! >= myRank) continue;
      span = w0;
    }
    n += (st.arrivals[service * nC + c]! / elapsed) * span;
  }
  const k = 1 / (9 * n);
  // Cubes by multiplication: \`x ** 3\` goes through the generic pow routine (~100 ns on Node 20).
  const a = 1 - k;
  const p50 = n * theta * a * a * a;
  const b = Math.max(0, 1 - k + Z90 * Math.sqrt(k));
  const p90 = n * theta * b * b * b;
  return { p50Ms: Math.round(p50), p90Ms: Math.round(p90), p50At: Math.round(now + p50), p90At: Math.round(now + p90) };
}
