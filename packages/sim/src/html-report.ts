/**
 * A self-contained HTML report of a run aggregate (inline SVG, inline CSS, nothing fetched):
 * waiting citizens and windows over the day, window utilisation over the day and by agency, wait
 * distributions per class and service, target compliance, ETA accuracy, and the headline table.
 */
import { time } from '@asan/queue-core';
import type { Aggregate } from './aggregate.ts';
import { byHour, headline } from './format-run.ts';
import type { GroupStats } from './summary.ts';
import { barChart, boxPlot, esc, lineChart, type Box } from './svg-charts.ts';

const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;
const MIN = 60_000;

/** Box plots of the busiest groups, labelled with their citizens per day (`days` days per run). */
function boxes(groups: Readonly<Record<string, GroupStats>>, limit: number, days: number): Box[] {
  return Object.entries(groups)
    .filter(([, g]) => g.wait !== null)
    .sort((a, b) => b[1].citizens - a[1].citizens)
    .slice(0, limit)
    .map(([id, g]) => ({ label: `${id} (${(g.citizens / days).toFixed(0)})`, ...g.wait! }));
}

export function htmlReport(title: string, a: Aggregate, description = ''): string {
  const m = a.mean;
  const tl = m.timeline;
  // the active part of the day, to half an hour after the last window closed: citizens still
  // waiting then are not served (they wait until the engine ends the day, which may be midnight),
  // so their flat line is said in words instead of drawn for hours
  const active = tl.onDuty.map((v, i) => v > 0.001 || (tl.waiting[i] ?? 0) > 0.001);
  const first = Math.max(0, active.indexOf(true));
  const lastDuty = tl.onDuty.map((v) => v > 0.001).lastIndexOf(true);
  const lastActive = active.lastIndexOf(true);
  const last = Math.max(first, lastDuty === -1 ? lastActive : Math.min(lastActive, lastDuty + 2));
  const leftWaiting = lastDuty === -1 ? 0 : (tl.waiting[lastDuty + 1] ?? 0);
  const range = (xs: readonly number[]) => xs.slice(first, last + 1);
  const labels = range(tl.waiting).map((_, i) => time.formatClock((first + i) * tl.binMin));
  const util = range(tl.busy).map((b, i) => {
    const d = range(tl.onDuty)[i]!;
    return d > 0 ? b / d : 0;
  });
  const classes = Object.entries(m.byClass);
  const hours = byHour(a);
  const etaRows = [['all', m.fairness.all.eta] as const, ...Object.entries(m.fairness.byClass).map(([k, g]) => [k, g.eta] as const)];
  const sections = [
    `<h2>Headline</h2><table>${headline(a)
      .map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`)
      .join('')}</table>`,
    `<h2>Over the day</h2>`,
    lineChart('Citizens waiting (time average per 15 min)', labels, [{ name: 'waiting', values: range(tl.waiting) }], 'citizens'),
    leftWaiting > 0.05
      ? `<p>When the last window closed (${time.formatClock((lastDuty + 1) * tl.binMin)}), ${leftWaiting.toFixed(1)} citizens were still waiting; nobody served them (headline: unserved at the end of the day).</p>`
      : '',
    lineChart('Windows on duty and busy', labels, [
      { name: 'on duty', values: range(tl.onDuty) },
      { name: 'busy', values: range(tl.busy) },
    ], 'windows'),
    lineChart('Window utilisation (busy / on duty)', labels, [{ name: 'utilisation', values: util }], 'share'),
    hours.length > 0
      ? barChart('Mean wait by arrival hour (minutes, from arrival)', hours.map((h) => ({ label: h.label, value: h.wait?.mean ?? null })), (v) => `${v.toFixed(1)} min`)
      : `<p>Mean wait by arrival hour: measured on one-day runs only (this one has ${m.days} days).</p>`,
    `<h2>Waits</h2><p>Wait = first call − the time the ticket became callable (kpi.waitOf), minutes: box p25–p75, whiskers p10–p90, bar the median, dot the maximum. (n) = citizens per day.</p>`,
    boxPlot('Wait by class', boxes(m.byClass, 16, m.days), 'min'),
    boxPlot('Wait by service (the 25 busiest)', boxes(m.byService, 25, m.days), 'min'),
    `<h2>Targets</h2>`,
    barChart('Share called within the class target', classes.map(([id, g]) => ({ label: id, value: g.withinTarget })), pct, 1),
    barChart(
      'Share within target by service (the 25 busiest)',
      Object.entries(m.byService)
        .sort((x, y) => y[1].citizens - x[1].citizens)
        .slice(0, 25)
        .map(([id, g]) => ({ label: id, value: g.withinTarget })),
      pct,
      1,
    ),
    `<h2>ETA accuracy</h2><p>The ETA printed on the ticket (engine p50 / p90) against the wait that followed.</p>`,
    `<table><tr><th></th><th>n</th><th>bias, min</th><th>MAE, min</th><th>within ±5 min</th><th>wait above the stated p90</th></tr>${etaRows
      .map(([k, e]) =>
        e
          ? `<tr><td>${esc(k)}</td><td>${e.n.toFixed(0)}</td><td>${(e.biasMs / MIN).toFixed(2)}</td><td>${(e.maeMs / MIN).toFixed(2)}</td><td>${pct(e.withinTolerance)}</td><td>${e.overP90 === null ? '–' : pct(e.overP90)}</td></tr>`
          : `<tr><td>${esc(k)}</td><td colspan="5">–</td></tr>`,
      )
      .join('')}</table>`,
    barChart('ETA within ±5 min, by class', etaRows.map(([k, e]) => ({ label: k, value: e ? e.withinTolerance : null })), pct, 1),
    `<h2>Utilisation by agency</h2>`,
    barChart('Busy share of the time on duty', Object.entries(m.utilisation.byAgency).map(([k, v]) => ({ label: k, value: v })), pct, 1),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;max-width:820px;color:#222}table{border-collapse:collapse;margin:8px 0}td,th{border-bottom:1px solid #ddd;padding:3px 10px;text-align:left;font-size:13px}svg{display:block;margin:12px 0;font-family:system-ui,sans-serif}h2{margin-top:32px}</style>
</head><body>
<h1>${esc(title)}</h1>
<p>${esc(description)}</p>
<p>${a.replications} replication(s) of ${m.days} day(s), seeds ${a.seeds[0]}–${a.seeds[a.seeds.length - 1]}. ${a.replications === 1 ? 'One replication: no confidence intervals (run two or more for them).' : 'Figures are means over replications; ± is the 95% confidence half-width.'}</p>
${sections.join('\n')}
</body></html>
`;
}
