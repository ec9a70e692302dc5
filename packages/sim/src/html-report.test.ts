import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatComparison, formatRun } from './format-run.ts';
import { time } from '@asan/queue-core';
import { htmlReport } from './html-report.ts';
import { runSpec, withCentre } from './run-spec.ts';

const spec = JSON.parse(readFileSync(new URL('../examples/mobile-bus.json', import.meta.url), 'utf8')) as unknown;

describe('outputs of a run', () => {
  it('HTML report: self-contained, with the charts', async () => {
    const seed = 3;
    console.log(`seed ${seed}`);
    const agg = await runSpec(spec, { replications: 2, seed, threads: 1 });
    const html = htmlReport('Bus <day>', agg, 'a & b');
    expect(html).toContain('<title>Bus &#60;day&#62;</title>');
    expect(html.match(/<svg /g)!.length).toBeGreaterThanOrEqual(9);
    for (const title of ['Citizens waiting', 'Windows on duty and busy', 'Window utilisation', 'Wait by class', 'Wait by service', 'within the class target', 'ETA within', 'Mean wait by arrival hour']) {
      expect(html).toContain(title);
    }
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
    expect(html).not.toMatch(/<script/);
  });

  it('the day charts end half an hour after the last window closed; citizens still waiting then are said, not drawn to midnight', async () => {
    const seed = 2025;
    console.log(`seed ${seed}`);
    const large = JSON.parse(readFileSync(new URL('../examples/large-weekday.json', import.meta.url), 'utf8')) as unknown;
    const agg = await runSpec(large, { replications: 1, seed, threads: 1 });
    const tl = agg.mean.timeline;
    const lastDuty = tl.onDuty.map((v) => v > 0.001).lastIndexOf(true);
    const left = tl.waiting[lastDuty + 1]!;
    expect(left).toBeGreaterThan(0.5); // this day ends with citizens waiting and every window closed
    const html = htmlReport('Large', agg);
    const labels = [...html.matchAll(/aria-label="Citizens waiting[^]*?<\/svg>/g)][0]![0].match(/>(\d\d:\d\d)</g)!.map((m) => m.slice(1, -1));
    const end = time.formatClock((lastDuty + 2) * tl.binMin);
    // labels are drawn every hour: the last one is at most the crop's end
    expect(labels.at(-1)! <= end).toBe(true);
    expect(html).toContain(`When the last window closed (${time.formatClock((lastDuty + 1) * tl.binMin)}), ${left.toFixed(1)} citizens were still waiting`);
  });

  it('one replication: no ±0 (there is no confidence interval), and the report says so', async () => {
    const seed = 4;
    console.log(`seed ${seed}`);
    const agg = await runSpec(spec, { replications: 1, seed, threads: 1 });
    const text = formatRun('bus', agg);
    const html = htmlReport('Bus', agg);
    expect(text).not.toMatch(/±0\.0/);
    expect(text).toMatch(/wait from arrival: mean, min\s+\d+\.\d\d\n/);
    expect(html).not.toMatch(/±0\.0/);
    expect(html).toContain('One replication: no confidence intervals');
    // with two, the half-widths are there
    expect(formatRun('bus', await runSpec(spec, { replications: 2, seed, threads: 1 }))).toMatch(/wait from arrival: mean, min\s+\d+\.\d\d ±\d+\.\d\d\n/);
  });

  it('several days: the (n) of the wait box plots is citizens per day, as the report says', async () => {
    const seed = 6;
    console.log(`seed ${seed}`);
    const agg = await runSpec(spec, { replications: 1, days: 3, seed, threads: 1 });
    const html = htmlReport('Bus', agg);
    expect(html).toContain('(n) = citizens per day');
    const perDay = (agg.mean.byService['id-card-new']!.citizens / 3).toFixed(0);
    expect(html).toContain(`id-card-new (${perDay})`);
    expect(html).toContain(`general (${(agg.mean.byClass['general']!.citizens / 3).toFixed(0)})`);
    // the mean wait by arrival hour is measured on one-day runs: no empty chart, a note instead
    expect(html).not.toContain('aria-label="Mean wait by arrival hour');
    expect(html).toContain('Mean wait by arrival hour: measured on one-day runs only (this one has 3 days).');
  });

  it('text tables: one run, and policies side by side on the same seeds', async () => {
    const seed = 5;
    console.log(`seed ${seed}`);
    const edd = await runSpec(spec, { replications: 2, seed, threads: 1 });
    const fifo = await runSpec(withCentre(spec, { policy: 'fifo' }), { replications: 2, seed, threads: 1 });
    expect(formatRun('bus', edd)).toMatch(/^bus: 2 replication\(s\) of 1 day\(s\), seeds 5–6/);
    const table = formatComparison([{ name: 'edd', agg: edd }, { name: 'fifo', agg: fifo }]);
    expect(table.split('\n')[0]).toMatch(/edd\s+fifo$/);
    // same seeds: the same citizens arrive under both policies
    expect(fifo.mean.citizens).toBe(edd.mean.citizens);
    expect(fifo.metrics.n_arrivals!.mean).toBe(edd.metrics.n_arrivals!.mean);
    expect(fifo.mean.fairness.all.overtakes?.max).toBe(0);
  });
});
