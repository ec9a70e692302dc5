/**
 * Plain-text tables of run aggregates: `run` prints one, `compare` prints several side by side.
 * Waits in minutes; fairness figures from kpi are converted from ms to minutes.
 */
import type { Aggregate } from './aggregate.ts';
import type { Estimate } from './estimate.ts';
import type { GroupStats } from './summary.ts';

const MIN = 60_000;

const f = (x: number | null | undefined, digits = 1): string => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits));
const pct = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(1)}%`);
/** mean ± 95 % half-width; the mean alone from a single value (no interval: Estimate's halfWidth is 0 then). */
const ci = (e: Estimate | undefined, digits = 2): string =>
  e === undefined || !Number.isFinite(e.mean) ? '–' : e.n < 2 ? e.mean.toFixed(digits) : `${e.mean.toFixed(digits)} ±${f(e.halfWidth, digits)}`;

/** The headline rows: label → cell per aggregate. */
export function headline(a: Aggregate): [string, string][] {
  const m = a.metrics;
  const all = a.mean.all;
  const fr = a.mean.fairness.all;
  return [
    ['citizens per run', f(a.mean.citizens, 0)],
    ['arrived', ci(m.n_arrivals, 0)],
    ['called', ci(m.n_served, 0)],
    ['abandoned', `${ci(m.n_abandoned, 0)} (${pct(m.p_abandon?.mean)})`],
    ['no-shows (absent when called)', f(all.noShows, 1)],
    ['bookings never checked in', f(all.expired, 1)],
    ['unserved at the end of the day', f(all.unserved, 1)],
    ['wait from arrival: mean, min', ci(m.mean_wait)],
    ['  median / p90 / p95', `${ci(m.wait_q50)} / ${ci(m.wait_q90)} / ${ci(m.wait_q95)}`],
    ['  max', ci(m.max_wait)],
    ['  share > 15 min / > 30 min', `${pct(m.p_wait_gt_15min?.mean)} / ${pct(m.p_wait_gt_30min?.mean)}`],
    ['within class target (wait from callable)', pct(all.withinTarget)],
    ['max waiting at once', ci(m.max_queue_length, 1)],
    ['utilisation of windows on duty', pct(a.mean.utilisation.overall)],
    ['overtakes per ticket: mean / max', `${f(fr.overtakes?.mean, 2)} / ${f(fr.overtakes?.max, 1)}`],
    ['max lateness past due, min', f(fr.latenessMs ? fr.latenessMs.max / MIN : null)],
    ["Jain's index over wait / target", f(fr.jain, 3)],
    ['bookings called within 5 min of slot', pct(fr.punctuality.punctual)],
    ['ETA: bias / MAE, min', `${f(fr.eta ? fr.eta.biasMs / MIN : null)} / ${f(fr.eta ? fr.eta.maeMs / MIN : null)}`],
    ['ETA: within ±5 min / over the stated p90', `${pct(fr.eta?.withinTolerance)} / ${pct(fr.eta?.overP90)}`],
  ];
}

function groupRow(id: string, g: GroupStats): string {
  const w = g.wait;
  return `${id.padEnd(26)}${f(g.citizens, 0).padStart(8)}${f(g.served, 0).padStart(8)}${f(g.abandoned, 1).padStart(8)}${f(w?.mean).padStart(8)}${f(w?.p50).padStart(8)}${f(w?.p90).padStart(8)}${f(w?.max).padStart(8)}${pct(g.withinTarget).padStart(9)}`;
}

const GROUP_HEAD = `${''.padEnd(26)}${'people'.padStart(8)}${'served'.padStart(8)}${'left'.padStart(8)}${'mean'.padStart(8)}${'p50'.padStart(8)}${'p90'.padStart(8)}${'max'.padStart(8)}${'target'.padStart(9)}`;

export function formatRun(name: string, a: Aggregate, options: { topServices?: number } = {}): string {
  const lines = [`${name}: ${a.replications} replication(s) of ${a.mean.days} day(s), seeds ${a.seeds[0]}–${a.seeds[a.seeds.length - 1]}`, ''];
  for (const [k, v] of headline(a)) lines.push(`  ${k.padEnd(44)}${v}`);
  lines.push('', 'by class (waits in minutes from callable)', GROUP_HEAD);
  for (const [id, g] of Object.entries(a.mean.byClass)) lines.push(groupRow(id, g));
  lines.push('', 'by channel', GROUP_HEAD);
  for (const [id, g] of Object.entries(a.mean.byChannel)) lines.push(groupRow(id, g));
  const top = options.topServices ?? 10;
  const services = Object.entries(a.mean.byService)
    .filter(([, g]) => g.wait !== null)
    .sort((x, y) => (y[1].wait?.p90 ?? 0) - (x[1].wait?.p90 ?? 0))
    .slice(0, top);
  lines.push('', `services with the longest p90 wait (top ${top})`, GROUP_HEAD);
  for (const [id, g] of services) lines.push(groupRow(id, g));
  const hours = byHour(a);
  if (hours.length > 0) {
    lines.push('', `${'arrived'.padEnd(14)}${'mean wait'.padStart(12)}${'waiting at the end of the hour'.padStart(34)}`);
    for (const h of hours) lines.push(`${h.label.padEnd(14)}${ci(h.wait).padStart(12)}${ci(h.queue, 1).padStart(34)}`);
  }
  lines.push('', 'utilisation by agency');
  for (const [id, u] of Object.entries(a.mean.utilisation.byAgency)) lines.push(`  ${id.padEnd(26)}${pct(u)}`);
  const m = a.mean;
  if (m.transfers && m.transfers.count > 0) {
    lines.push('', `transfers after a service: ${f(m.transfers.count, 1)} per run (${f(m.transfers.served, 1)} served at the second service)`);
    for (const [id, n] of Object.entries(m.transfers.byTarget)) lines.push(`  to ${id.padEnd(23)}${f(n, 1)}`);
  }
  if (m.holds && m.holds.placed > 0) {
    const h = m.holds;
    lines.push('', `online holds: ${f(h.placed, 1)} placed, ${f(h.confirmed, 1)} confirmed, ${f(h.late, 1)} confirmed after expiry (booked again), ${f(h.expired, 1)} left to expire`);
  }
  if (m.ratings && m.ratings.all.count > 0) {
    lines.push('', `ratings (1–5): ${f(m.ratings.all.count, 1)} per run, mean ${f(m.ratings.all.mean, 2)}`, `${'by agency'.padEnd(28)}${'ratings'.padStart(8)}${'mean'.padStart(8)}`);
    for (const [id, r] of Object.entries(m.ratings.byAgency)) lines.push(`  ${id.padEnd(26)}${f(r.count, 1).padStart(8)}${f(r.mean, 2).padStart(8)}`);
    const svc = Object.entries(m.ratings.byService).sort((x, y) => (x[1].mean ?? 0) - (y[1].mean ?? 0)).slice(0, top);
    lines.push(`${`lowest-rated services (top ${top})`.padEnd(28)}${'ratings'.padStart(8)}${'mean'.padStart(8)}`);
    for (const [id, r] of svc) lines.push(`  ${id.padEnd(26)}${f(r.count, 1).padStart(8)}${f(r.mean, 2).padStart(8)}`);
  }
  return lines.join('\n');
}

/** Variants side by side: the headline rows and the per-class waits. */
export function formatComparison(variants: readonly { name: string; agg: Aggregate }[]): string {
  const rows = variants.map((v) => headline(v.agg));
  const width = Math.max(16, ...variants.map((v) => v.name.length + 2), ...rows.flatMap((r) => r.map(([, cell]) => cell.length + 3)));
  const lines = [`${''.padEnd(44)}${variants.map((v) => v.name.padStart(width)).join('')}`];
  rows[0]!.forEach(([label], i) => lines.push(`${label.padEnd(44)}${rows.map((r) => r[i]![1].padStart(width)).join('')}`));
  const classes = Object.keys(variants[0]!.agg.mean.byClass);
  for (const c of classes) {
    lines.push(`${`${c}: wait mean / p90, min`.padEnd(44)}${variants.map((v) => `${f(v.agg.mean.byClass[c]?.wait?.mean)} / ${f(v.agg.mean.byClass[c]?.wait?.p90)}`.padStart(width)).join('')}`);
    lines.push(`${`${c}: within target`.padEnd(44)}${variants.map((v) => pct(v.agg.mean.byClass[c]?.withinTarget).padStart(width)).join('')}`);
  }
  return lines.join('\n');
}

/** The hourly metrics of one-day runs: arrival hour, mean wait, number waiting at the end of the hour. */
export function byHour(a: Aggregate): { label: string; wait: Estimate | undefined; queue: Estimate | undefined }[] {
  const out: { label: string; wait: Estimate | undefined; queue: Estimate | undefined }[] = [];
  for (const k of Object.keys(a.metrics)) {
    const m = /^mean_wait_arrivals_(\d+)_(\d+)$/.exec(k);
    if (!m) continue;
    const from = Number(m[1]);
    const to = Number(m[2]);
    const clock = (x: number) => `${String(Math.floor(x / 60) % 24).padStart(2, '0')}:${String(x % 60).padStart(2, '0')}`;
    out.push({ label: `${clock(from)}–${clock(to)}`, wait: a.metrics[k], queue: a.metrics[`queue_length_at_${to}min`] });
  }
  return out;
}
