/**
 * Statistics of one run, computed from its records (plain JSON, so replications can be summarised
 * in workers and averaged afterwards): the reference-format metrics (all and per class), counts and
 * wait quantiles per class and per service, the fairness report of `kpi` (FAIRNESS.md "What to
 * measure"), window and agency utilisation, and a time-of-day profile (waiting citizens, windows on
 * duty, windows busy) in 15-minute bins averaged over the run's days. Waits are in minutes.
 */
import { kpi, time } from '@asan/queue-core';
import { busySegments, MIN, waitingSegments, type RunResult, type SimRecord } from './records.ts';
import { referenceMetrics } from './reference-metrics.ts';
import type { Scenario } from './scenario.ts';

export const BIN_MIN = 15;
const BINS = 1440 / BIN_MIN;

export interface WaitStats {
  readonly mean: number;
  readonly p10: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p90: number;
  readonly p95: number;
  readonly max: number;
}

export interface GroupStats {
  readonly citizens: number;
  readonly arrived: number;
  readonly called: number;
  readonly served: number;
  readonly abandoned: number;
  readonly noShows: number;
  /** Bookings never checked in. */
  readonly expired: number;
  /** Still waiting when the day ended (cancelled 'end-of-day') or when the run stopped. */
  readonly unserved: number;
  readonly turnedAway: number;
  /** Wait = first call − callable time (kpi.waitOf), minutes; null when nobody was called. */
  readonly wait: WaitStats | null;
  /** Share of called citizens within their class target. */
  readonly withinTarget: number | null;
}

export interface RunSummary {
  readonly seed: number;
  readonly days: number;
  readonly citizens: number;
  readonly commands: number;
  readonly events: number;
  /** Reference-format metrics: all citizens, and `class.metric` per class. */
  readonly metrics: Readonly<Record<string, number>>;
  readonly all: GroupStats;
  readonly byClass: Readonly<Record<string, GroupStats>>;
  readonly byService: Readonly<Record<string, GroupStats>>;
  readonly byChannel: Readonly<Record<string, GroupStats>>;
  readonly fairness: kpi.FairnessReport;
  readonly utilisation: {
    readonly overall: number | null;
    readonly byWindow: Readonly<Record<string, number | null>>;
    readonly byAgency: Readonly<Record<string, number | null>>;
  };
  /**
   * Ratings given at the final complete (attributed to the service, and its agency, where the
   * citizen was completed: the transfer target for a transferred citizen): count and mean 1–5.
   */
  readonly ratings: {
    readonly all: RatingStats;
    readonly byService: Readonly<Record<string, RatingStats>>;
    readonly byAgency: Readonly<Record<string, RatingStats>>;
  };
  /** Transfers after a service (the engine's `transfer`): how many, and per target service. */
  readonly transfers: { readonly count: number; readonly served: number; readonly byTarget: Readonly<Record<string, number>> };
  /** Online bookings through holds: holds placed, confirmed in time, confirmed too late (then booked directly), left to expire. */
  readonly holds: { readonly placed: number; readonly confirmed: number; readonly late: number; readonly expired: number };
  /** Time-average per BIN_MIN-minute bin of the local day (bin k starts at k·BIN_MIN minutes after midnight). */
  readonly timeline: { readonly binMin: number; readonly waiting: readonly number[]; readonly onDuty: readonly number[]; readonly busy: readonly number[] };
}

export interface RatingStats {
  readonly count: number;
  /** null when nobody rated. */
  readonly mean: number | null;
}

export const SPEC_METRICS = [
  'n_arrivals',
  'n_served',
  'n_abandoned',
  'mean_wait',
  'max_wait',
  'wait_q50',
  'wait_q90',
  'wait_q95',
  'p_wait_pos',
  'p_wait_gt_15min',
  'p_wait_gt_30min',
  'p_abandon',
  'p_delayed',
  'mean_time_in_queue_all',
  'mean_time_to_abandon',
  'max_queue_length',
  'last_completion_min',
] as const;

/**
 * One-day runs: the mean wait of the citizens who arrived in each clock hour of the arrival
 * profiles, and the number waiting at each full hour (minutes after the day's origin).
 */
function hourly(sc: Scenario): string[] {
  const sources = [...sc.walkIns.map((w) => w.process), ...sc.bookings.map((b) => ({ start: b.slots[0]?.offset ?? Infinity, stop: (b.slots[b.slots.length - 1]?.offset ?? -Infinity) + 1 }))];
  const from = Math.min(...sources.map((p) => p.start)) / MIN;
  const to = Math.max(...sources.map((p) => (Number.isFinite(p.stop) ? p.stop : -Infinity))) / MIN;
  if (!Number.isFinite(from) || !Number.isFinite(to)) return [];
  const out: string[] = [];
  for (let a = Math.floor(from / 60) * 60; a < to; a += 60) out.push(`mean_wait_arrivals_${a}_${a + 60}`, `queue_length_at_${a + 60}min`);
  return out;
}

function waitStats(waits: number[]): WaitStats | null {
  if (waits.length === 0) return null;
  const s = kpi.ascending(waits);
  const q = (p: number) => kpi.quantile7(s, p);
  return { mean: kpi.mean(s), p10: q(0.1), p25: q(0.25), p50: q(0.5), p75: q(0.75), p90: q(0.9), p95: q(0.95), max: s[s.length - 1]! };
}

function group(records: readonly SimRecord[], targetsMs: Readonly<Record<string, number>>): GroupStats {
  const waits: number[] = [];
  let within = 0;
  let targeted = 0;
  let arrived = 0;
  let served = 0;
  let abandoned = 0;
  let noShows = 0;
  let expired = 0;
  let unserved = 0;
  let turnedAway = 0;
  for (const r of records) {
    if (r.turnedAway) turnedAway++;
    else if (r.arrivedAt !== null) arrived++;
    if (r.state === 'done') served++;
    if (r.abandoned) abandoned++;
    if (r.state === 'noShow') noShows++;
    if (r.state === 'expired' && !r.expiredWalkIn) expired++;
    if ((r.state === 'cancelled' && !r.abandoned) || r.state === 'waiting' || r.state === 'parked') unserved++;
    const w = kpi.waitOf(r);
    if (w === null) continue;
    waits.push(w / MIN);
    const t = targetsMs[r.class];
    if (t !== undefined) {
      targeted++;
      if (w <= t) within++;
    }
  }
  return {
    citizens: records.length,
    arrived,
    called: waits.length,
    served,
    abandoned,
    noShows,
    expired,
    unserved,
    turnedAway,
    wait: waitStats(waits),
    withinTarget: targeted > 0 ? within / targeted : null,
  };
}

function groupsBy(records: readonly SimRecord[], key: (r: SimRecord) => string, ids: readonly string[], targetsMs: Readonly<Record<string, number>>): Record<string, GroupStats> {
  const by = new Map<string, SimRecord[]>(ids.map((id) => [id, []]));
  for (const r of records) {
    const k = key(r);
    const list = by.get(k);
    if (list) list.push(r);
    else by.set(k, [r]);
  }
  return Object.fromEntries([...by.entries()].map(([k, list]) => [k, group(list, targetsMs)]));
}

/** Adds the overlap of [a, b) with each bin of its local day(s), times `weight`. */
function spread(bins: Float64Array, a: number, b: number, originMs: number, offsetClockMs: number): void {
  const binMs = BIN_MIN * MIN;
  let t = a;
  while (t < b) {
    const local = t - originMs + offsetClockMs;
    const dayStart = Math.floor(local / time.DAY_MS) * time.DAY_MS;
    const k = Math.floor((local - dayStart) / binMs);
    const binEnd = t + (dayStart + (k + 1) * binMs - local);
    const end = Math.min(b, binEnd);
    bins[k]! += end - t;
    t = end;
  }
}

export function summarizeRun(sc: Scenario, run: RunResult): RunSummary {
  const cfg = sc.config;
  const records = run.records;
  const targetsMs = Object.fromEntries(cfg.classes.map((c) => [c.id, c.targetMs]));
  const classIds = cfg.classes.map((c) => c.id);
  const names = [...SPEC_METRICS, ...classIds.flatMap((c) => SPEC_METRICS.map((m) => `${c}.${m}`)), ...(run.days === 1 ? hourly(sc) : [])];
  const metrics = referenceMetrics(run, names, classIds, { from: -Infinity, to: Infinity });

  // utilisation
  const duty = new Map<number, number>();
  const busy = new Map<number, number>();
  const onDutyBins = new Float64Array(BINS);
  const busyBins = new Float64Array(BINS);
  const waitingBins = new Float64Array(BINS);
  const clockOffset = sc.originClockMin * MIN;
  for (const d of run.duty) {
    // only the simulated days: with demand.bookingHours the run starts the day before (bookings are
    // requested then) and the engine's roster opens the windows that day too, with nobody to call
    const from = Math.max(d.from, run.originMs);
    if (d.to <= from) continue;
    duty.set(d.window, (duty.get(d.window) ?? 0) + (d.to - from));
    spread(onDutyBins, from, d.to, run.originMs, clockOffset);
  }
  for (const r of records) {
    for (const [w, a, b] of busySegments(r, run.endMs)) {
      busy.set(w, (busy.get(w) ?? 0) + (b - a));
      spread(busyBins, a, b, run.originMs, clockOffset);
    }
    for (const [a, b] of waitingSegments(r)) spread(waitingBins, a, Math.min(b, run.endMs), run.originMs, clockOffset);
  }
  const ratio = (b: number, d: number): number | null => (d > 0 ? b / d : null);
  const byWindow: Record<string, number | null> = {};
  const agencyBusy = new Map<string, [number, number]>();
  for (const w of cfg.windows) {
    const d = duty.get(w.number) ?? 0;
    const b = busy.get(w.number) ?? 0;
    byWindow[String(w.number)] = ratio(b, d);
    const a = cfg.agencies[w.agency]!.id;
    const acc = agencyBusy.get(a) ?? [0, 0];
    agencyBusy.set(a, [acc[0] + b, acc[1] + d]);
  }
  let totalBusy = 0;
  let totalDuty = 0;
  for (const [b, d] of agencyBusy.values()) {
    totalBusy += b;
    totalDuty += d;
  }
  // ratings, transfers, holds
  const rateBy = new Map<string, [number, number]>();
  const agencyRate = new Map<string, [number, number]>();
  let rateN = 0;
  let rateSum = 0;
  const byTarget: Record<string, number> = {};
  let transfers = 0;
  let transferServed = 0;
  let holdsPlaced = 0;
  let holdsLate = 0;
  let holdsExpired = 0;
  const agencyOfService = new Map(cfg.services.map((x) => [x.id, cfg.agencies[x.agency]!.id]));
  for (const r of records) {
    if (r.transferredAt !== null && r.transferService !== null) {
      transfers++;
      byTarget[r.transferService] = (byTarget[r.transferService] ?? 0) + 1;
      if (r.state === 'done') transferServed++;
    }
    if (r.viaHold) {
      holdsPlaced += r.bookingRefused && !r.holdLate ? 0 : 1;
      if (r.holdLate) holdsLate++;
      if (r.state === 'holdExpired') holdsExpired++;
    }
    if (r.rating === null) continue;
    const sv = r.transferService ?? r.service;
    rateN++;
    rateSum += r.rating;
    const a = rateBy.get(sv) ?? [0, 0];
    rateBy.set(sv, [a[0] + 1, a[1] + r.rating]);
    const ag = agencyOfService.get(sv)!;
    const b = agencyRate.get(ag) ?? [0, 0];
    agencyRate.set(ag, [b[0] + 1, b[1] + r.rating]);
  }
  const rs = ([n, sum]: [number, number]): RatingStats => ({ count: n, mean: n > 0 ? sum / n : null });
  const per = (bins: Float64Array) => [...bins].map((x) => x / (BIN_MIN * MIN) / run.days);

  return {
    seed: run.seed,
    days: run.days,
    citizens: records.length,
    commands: run.commands,
    events: run.events,
    metrics,
    all: group(records, targetsMs),
    byClass: groupsBy(records, (r) => r.class, classIds, targetsMs),
    byService: groupsBy(records, (r) => r.service, cfg.services.map((s) => s.id), targetsMs),
    byChannel: groupsBy(records, (r) => r.channel, [], targetsMs),
    fairness: kpi.fairnessReport(records, kpi.reportConfigOf(cfg)),
    utilisation: {
      overall: ratio(totalBusy, totalDuty),
      byWindow,
      byAgency: Object.fromEntries([...agencyBusy.entries()].map(([a, [b, d]]) => [a, ratio(b, d)])),
    },
    ratings: {
      all: rs([rateN, rateSum]),
      byService: Object.fromEntries([...rateBy.entries()].sort((x, y) => x[0].localeCompare(y[0])).map(([k, v]) => [k, rs(v)])),
      byAgency: Object.fromEntries([...agencyRate.entries()].sort((x, y) => x[0].localeCompare(y[0])).map(([k, v]) => [k, rs(v)])),
    },
    transfers: { count: transfers, served: transferServed, byTarget },
    holds: { placed: holdsPlaced, confirmed: holdsPlaced - holdsLate - holdsExpired, late: holdsLate, expired: holdsExpired },
    timeline: { binMin: BIN_MIN, waiting: per(waitingBins), onDuty: per(onDutyBins), busy: per(busyBins) },
  };
}
