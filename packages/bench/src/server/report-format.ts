/** Formatting shared by the server, bullmq and replay reports: numbers, spreads, verdicts, the machine. */
import type { Machine } from '../lib/machine.ts';
import type { Spread } from '../lib/stats.ts';

export const int = (x: number): string => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');
export const fixed = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : '–');
export const pct = (x: number): string => (Number.isFinite(x) ? `${Math.round(x * 100)} %` : '–');
export const intRange = (s: Spread): string => `${int(s.median)} (${int(s.min)}–${int(s.max)})`;
export const fixedRange = (s: Spread, digits: number): string => `${fixed(s.median, digits)} (${fixed(s.min, digits)}–${fixed(s.max, digits)})`;
export const pctRange = (s: Spread | null): string => (s ? `${pct(s.median)} (${pct(s.min)}–${pct(s.max)})` : '');
export const verdict = (pass: boolean | null): string => (pass === null ? 'not measured' : pass ? '**pass**' : '**FAIL**');

export interface Target {
  readonly name: string;
  readonly goal: string;
  readonly shown: string;
  readonly pass: boolean | null;
}

export function targetTable(targets: readonly Target[]): string[] {
  return ['| target | goal | measured (median, min–max) | result |', '| --- | --- | --- | --- |', ...targets.map((t) => `| ${t.name} | ${t.goal} | ${t.shown} | ${verdict(t.pass)} |`)];
}

export function machineLine(m: Machine): string {
  return `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; ${m.date.slice(0, 10)}, commit ${m.commit}; 1-min load average ${m.loadAvg.start} → ${m.loadAvg.end}.`;
}

export function machineSection(m: Machine, extra: readonly string[] = []): string[] {
  return [
    '## Machine',
    '',
    `- CPU: ${m.cpu} × ${m.cores}; memory ${m.memoryGiB} GiB; ${m.os}`,
    `- Node ${m.node} (V8 ${m.v8}); ${Object.entries(m.packages).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    ...extra.map((e) => `- ${e}`),
    `- Commit ${m.commit}; 1-min load average ${m.loadAvg.start} at start, ${m.loadAvg.end} at end (shared machine: other work may have been running).`,
    `- Date ${m.date}`,
    '',
  ];
}
