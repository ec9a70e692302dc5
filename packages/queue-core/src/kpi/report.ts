/**
 * The fairness report of FAIRNESS.md "What to measure": per class and per service, wait p50 / p90 /
 * p95 / max, share within target, max lateness (c − d), overtakes per ticket (max, mean), booking
 * punctuality, no-show and abandonment rates, Jain's index over target-normalised waits, and ETA
 * accuracy. Pure function of per-ticket records.
 */
import { etaAccuracy, type EtaAccuracy } from './eta-accuracy.ts';
import { jain } from './jain.ts';
import { overtakes, windowServicesOf, type WindowServices } from './overtakes.ts';
import { callableOf, isAbandoned, latenessOf, serviceOf, waitOf, type KpiRecord } from './record.ts';
import { mean, share, summarize, type Summary } from './stats.ts';

export interface FairnessReportConfig {
  /** Wait target T_c per class id, ms. */
  readonly targetsMs: Readonly<Record<string, number>>;
  /** Window number → services. Given: overtakes are computed; absent: read from `record.overtakes`. */
  readonly windows?: WindowServices;
  /** A booking is punctual when called within this of its slot σ. Default 5 min. */
  readonly punctualityMs?: number;
  /** E_call: a booking called before σ − E_call was called too early (must never happen). Default 5 min. */
  readonly callableBeforeMs?: number;
  /** ETA hit tolerance. Default 5 min. */
  readonly etaToleranceMs?: number;
}

export interface Punctuality {
  /** Bookings checked in by σ (not late) and called. */
  readonly n: number;
  /** Share called by σ + punctualityMs. */
  readonly punctual: number | null;
  /** Called before σ − E_call (0 unless the engine is broken). */
  readonly early: number;
  /** c − σ over those bookings. */
  readonly offsetMs: Summary | null;
}

export interface GroupReport {
  readonly tickets: number;
  /** Tickets that arrived (walk-ins; bookings that checked in). */
  readonly arrived: number;
  readonly called: number;
  readonly waitMs: Summary | null;
  /** Share of called tickets with W ≤ T_class. */
  readonly shareWithinTarget: number | null;
  readonly latenessMs: { readonly max: number; readonly mean: number } | null;
  /** Overtakes per ticket that waited (became callable): max, mean, total. */
  readonly overtakes: { readonly max: number; readonly mean: number; readonly total: number } | null;
  readonly punctuality: Punctuality;
  /** No-shows per arrived ticket. */
  readonly noShowRate: number | null;
  /** Abandonments per arrived ticket. */
  readonly abandonmentRate: number | null;
  /** Bookings that expired (never checked in) per booking. */
  readonly bookingExpiryRate: number | null;
  /** Jain's index over W_i / T_class(i) of the called tickets. */
  readonly jain: number | null;
  readonly eta: EtaAccuracy | null;
}

export interface FairnessReport {
  readonly all: GroupReport;
  readonly byClass: Readonly<Record<string, GroupReport>>;
  /** By the service of each ticket's first wait (`serviceOf`: a ticket transferred after its first call is counted where it waited). */
  readonly byService: Readonly<Record<string, GroupReport>>;
  /** Jain's index over the classes' E[W_c] / T_c (each class waiting the same fraction of its target = 1). */
  readonly jainAcrossClasses: number | null;
}

/** Report settings from an engine configuration (`centre.config`). */
export function reportConfigOf(cfg: {
  readonly classes: readonly { readonly id: string; readonly targetMs: number }[];
  readonly windows: readonly { readonly number: number; readonly services: readonly number[] }[];
  readonly services: readonly { readonly id: string }[];
  readonly booking: { readonly callableBeforeMs: number };
}): FairnessReportConfig {
  return {
    targetsMs: Object.fromEntries(cfg.classes.map((c) => [c.id, c.targetMs])),
    windows: windowServicesOf(cfg),
    callableBeforeMs: cfg.booking.callableBeforeMs,
  };
}

interface Row {
  readonly r: KpiRecord;
  readonly overtakes: number | null;
}

function punctuality(rows: readonly Row[], okMs: number, eCallMs: number): Punctuality {
  const offsets: number[] = [];
  let early = 0;
  for (const { r } of rows) {
    if (r.kind !== 'booking' || r.slot === null || r.arrivedAt === null || r.firstCalledAt === null) continue;
    if (r.late === true || r.arrivedAt > r.slot) continue;
    offsets.push(r.firstCalledAt - r.slot);
    if (r.firstCalledAt < r.slot - eCallMs) early++;
  }
  return { n: offsets.length, punctual: share(offsets, (o) => o <= okMs), early, offsetMs: summarize(offsets) };
}

/** Largest value by a loop: Math.max(...xs) passes each value as an argument and overflows the stack past ~120,000 values. */
function maxOf(xs: readonly number[]): number {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  return m;
}

function group(rows: readonly Row[], cfg: FairnessReportConfig): GroupReport {
  const arrived = rows.filter(({ r }) => r.arrivedAt !== null);
  const calledRows = rows.filter(({ r }) => waitOf(r) !== null);
  const waits = calledRows.map(({ r }) => waitOf(r)!);
  const targeted = calledRows.filter(({ r }) => cfg.targetsMs[r.class] !== undefined);
  const lateness = calledRows.map(({ r }) => latenessOf(r)).filter((x): x is number => x !== null);
  const ot = rows.map((x) => x.overtakes).filter((x): x is number => x !== null);
  const bookings = rows.filter(({ r }) => r.kind === 'booking');
  // A negative wait (c < e) cannot come from a correct engine; it counts as 0 here instead of throwing.
  const normalised = targeted.filter(({ r }) => cfg.targetsMs[r.class]! > 0).map(({ r }) => Math.max(0, waitOf(r)!) / cfg.targetsMs[r.class]!);
  return {
    tickets: rows.length,
    arrived: arrived.length,
    called: calledRows.length,
    waitMs: summarize(waits),
    shareWithinTarget: share(targeted, ({ r }) => waitOf(r)! <= cfg.targetsMs[r.class]!),
    latenessMs: lateness.length > 0 ? { max: maxOf(lateness), mean: mean(lateness) } : null,
    overtakes: ot.length > 0 ? { max: maxOf(ot), mean: mean(ot), total: ot.reduce((a, b) => a + b, 0) } : null,
    punctuality: punctuality(rows, cfg.punctualityMs ?? 5 * 60_000, cfg.callableBeforeMs ?? 5 * 60_000),
    noShowRate: share(arrived, ({ r }) => r.state === 'noShow'),
    abandonmentRate: share(arrived, ({ r }) => isAbandoned(r)),
    bookingExpiryRate: share(bookings, ({ r }) => r.state === 'expired'),
    jain: jain(normalised),
    eta: etaAccuracy(rows.map(({ r }) => r), cfg.etaToleranceMs),
  };
}

function groupBy(rows: readonly Row[], key: (r: KpiRecord) => string, cfg: FairnessReportConfig): Record<string, GroupReport> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const k = key(row.r);
    const g = groups.get(k);
    if (g) g.push(row);
    else groups.set(k, [row]);
  }
  return Object.fromEntries([...groups.keys()].sort().map((k) => [k, group(groups.get(k)!, cfg)]));
}

export function fairnessReport(records: readonly KpiRecord[], cfg: FairnessReportConfig): FairnessReport {
  const counted = cfg.windows ? overtakes(records, cfg.windows) : null;
  // n_i is defined for the tickets that waited (became callable): a booking never checked in has none.
  const rows: Row[] = records.map((r, k) => ({ r, overtakes: counted ? (callableOf(r) === null ? null : counted[k]!) : (r.overtakes ?? null) }));
  const byClass = groupBy(rows, (r) => r.class, cfg);
  const ratios = Object.entries(byClass)
    .filter(([c, g]) => g.waitMs !== null && (cfg.targetsMs[c] ?? 0) > 0)
    .map(([c, g]) => g.waitMs!.mean / cfg.targetsMs[c]!);
  return {
    all: group(rows, cfg),
    byClass,
    // by the service of the first wait (a ticket transferred after its first call waited there)
    byService: groupBy(rows, serviceOf, cfg),
    jainAcrossClasses: jain(ratios),
  };
}
