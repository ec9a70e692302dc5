/**
 * Reference format → Scenario, with exactly the reference conventions (scenarios.json →
 * conventions), expressed through the engine rather than special-cased:
 *
 * - one service, one queue; each class an engine class ranked by `priority` (lower first) under
 *   the engine's 'strict-priority' policy: strict non-preemptive priority, FCFS within a level;
 * - `servers: n`: n windows opened at the start and never closed;
 * - shifts: each group's windows get an engine roster (start → end, `end_min: null` → 24:00) and the
 *   simulator ticks at the boundaries; a window busy at its end gets the engine's deferred close
 *   (finishes its customer, then leaves: overtime). `end_min: null` keeps the group until the queue
 *   is empty (the run drains);
 * - arrivals: (piecewise) Poisson per class, none at or after `arrivals_stop_min`;
 * - day runs start empty at 10:00 (t = 0) on a Monday; the engine's opening hours are 10:00 until
 *   arrivals stop, so every arrival is accepted;
 * - steady-state runs start empty at 00:00 with opening hours 00:00–24:00 every day (a run spans
 *   many days; no end-of-day tick is sent, so day rollovers only reset the engine's daily counters);
 *   customers arriving in [warm-up, warm-up + horizon) are measured and the run goes on until each
 *   of them has been called or has left;
 * - patience: drawn on arrival; when it runs out before the call the citizen leaves — the engine's
 *   `cancel` with reason 'abandoned'.
 */
import { createConfig, time, type CentreInput, type WindowInput } from '@asan/queue-core';
import { SimError, type Problem } from './errors.ts';
import type { RefScenario } from './reference-format.ts';
import { MIN } from './records.ts';
import type { ArrivalProcess, Scenario, WalkInSource } from './scenario.ts';

/** Monday 2025-03-03, local midnight in Baku (UTC+4). */
export const REFERENCE_DATE = '2025-03-03';
const OFFSET_MIN = 240;
const DAY_ORIGIN_CLOCK_MIN = 600;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

function processOf(r: RefScenario['classes'][number]['arrivals'], stopMin: number): ArrivalProcess {
  if (r.process === 'poisson') return { start: 0, ends: [Infinity], rates: [r.rate_per_min / MIN], stop: stopMin * MIN };
  return { start: 0, ends: r.interval_ends_min.map((e) => e * MIN), rates: r.rates_per_min.map((x) => x / MIN), stop: stopMin * MIN };
}

function clock(min: number, path: string, problems: Problem[]): string {
  const m = DAY_ORIGIN_CLOCK_MIN + min;
  if (!Number.isInteger(min) || m > 1440) problems.push({ path, message: `must be a whole number of minutes with 10:00 + it ≤ 24:00, got ${min}` });
  return time.formatClock(Math.min(m, 1440)).replace(/^24:00$/, '24:00');
}

/** Builds the scenario of one reference entry. */
export function importReference(r: RefScenario): Scenario {
  const problems: Problem[] = [];
  const steady = r.type === 'steady_state';
  const lastEnd = Math.max(
    ...r.classes.map((c) => (c.arrivals.process === 'poisson_piecewise' ? c.arrivals.interval_ends_min[c.arrivals.interval_ends_min.length - 1]! : Infinity)),
  );
  const stopMin = r.arrivals_stop_min ?? (steady ? Infinity : lastEnd);
  const priorities = [...new Set(r.classes.map((c) => c.priority))].sort((a, b) => a - b);

  const windows: WindowInput[] = [];
  const alwaysOpen: number[] = [];
  const ticks = new Set<number>();
  if (typeof r.servers === 'number') {
    for (let n = 1; n <= r.servers; n++) {
      windows.push({ number: n, floor: 0, agency: 'centre', services: ['queue'] });
      alwaysOpen.push(n);
    }
  } else {
    r.servers.shifts.forEach((g, k) => {
      const p = `servers.shifts[${k}]`;
      const start = clock(g.start_min, `${p}.start_min`, problems);
      const end = g.end_min === null ? '24:00' : clock(g.end_min, `${p}.end_min`, problems);
      ticks.add(g.start_min * MIN);
      if (g.end_min !== null) ticks.add(g.end_min * MIN);
      for (let i = 0; i < g.count; i++) {
        windows.push({ number: windows.length + 1, floor: 0, agency: 'centre', services: ['queue'], shifts: [{ start, end }] });
      }
    });
  }
  const closeClock = steady ? '24:00' : clock(Math.min(Math.ceil(stopMin), 1440 - DAY_ORIGIN_CLOCK_MIN), 'arrivals_stop_min', problems);
  const hours = steady ? { open: '00:00', close: '24:00' } : { open: time.formatClock(DAY_ORIGIN_CLOCK_MIN), close: closeClock };
  const input: CentreInput = {
    id: r.id.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64),
    name: r.description ?? r.id,
    utcOffsetMin: OFFSET_MIN,
    openingHours: Object.fromEntries(WEEKDAYS.map((d) => [d, hours])),
    agencies: [{ id: 'centre', kind: 'public' }],
    services: [{ id: 'queue', agency: 'centre', prefix: 'Q', meanHandleMin: Math.max(0.1, meanOfService(r)), bookable: false }],
    windows,
    classes: r.classes.map((c) => ({ id: c.name, rank: priorities.indexOf(c.priority), targetMin: 30 })),
    defaultClass: r.classes[0]!.name,
    policy: 'strict-priority',
    recallTimeoutMin: null,
  };
  if (problems.length > 0) throw new SimError('SIM_ERR_REFERENCE_INVALID', { scenario: r.id }, problems.map((p) => ({ ...p, path: `${r.id}.${p.path}` })));
  const config = createConfig(input);
  const walkIns: WalkInSource[] = r.classes.map((c) => ({
    id: c.name,
    service: 'queue',
    classes: [{ id: c.name, weight: 1, patience: c.patience ?? null }],
    handle: c.service,
    payment: null,
    absentRate: 0,
    transfers: [],
    rating: null,
    channels: [{ id: 'desk', weight: 1 }],
    process: processOf(c.arrivals, stopMin),
  }));
  const originClockMin = steady ? 0 : DAY_ORIGIN_CLOCK_MIN;
  const originMs = time.epochOf(time.parseDate(REFERENCE_DATE), originClockMin, OFFSET_MIN * MIN);
  const warm = (r.run.warmup_min ?? 0) * MIN;
  return Object.freeze({
    id: r.id,
    description: r.description ?? '',
    config,
    originMs,
    originClockMin,
    walkIns,
    bookings: [],
    stops: [],
    alwaysOpen,
    ticks: [...ticks].sort((a, b) => a - b),
    endOfDay: false,
    stop: steady ? 'measured' : 'drain',
    measureFrom: steady ? warm : -Infinity,
    measureTo: steady ? warm + (r.run.horizon_min ?? 0) * MIN : Infinity,
    maxDays: 1,
    clipToHours: false,
    bookingRequests: null,
    holds: null,
  });
}

function meanOfService(r: RefScenario): number {
  const m = r.classes[0]!.service.mean ?? r.classes[0]!.service.value;
  return typeof m === 'number' ? m : 5;
}
