/**
 * The targets of the issue, checked against the measured medians. A target whose depth was not
 * measured (e.g. a --quick run) is reported as not measured, never as a pass.
 */
import type { CoreResult } from './core-suite.ts';

export interface TargetCheck {
  readonly name: string;
  readonly target: string;
  readonly measured: string;
  /** null: not measured in this run. */
  readonly pass: boolean | null;
}

export const TARGETS = {
  ratioDepth: 10_000,
  minRatio: 1 / 5,
  slowdownFrom: 1_000,
  slowdownTo: 100_000,
  maxSlowdown: 2,
  memoryDepth: 100_000,
  maxBytesPerTicket: 300,
} as const;

export function evaluateTargets(r: Omit<CoreResult, 'targets'>): TargetCheck[] {
  const t = TARGETS;
  const out: TargetCheck[] = [];

  const at = r.depths.find((d) => d.depth === t.ratioDepth);
  out.push({
    name: `engine pairs/s ÷ flatqueue pairs/s at ${t.ratioDepth.toLocaleString('en-US')}`,
    target: `≥ ${t.minRatio.toFixed(2)} (1/5)`,
    measured: at ? `${at.ratio.median.toFixed(3)} (${at.ratio.min.toFixed(3)}–${at.ratio.max.toFixed(3)})` : 'not measured',
    pass: at ? at.ratio.median >= t.minRatio : null,
  });

  const s = r.slowdown;
  const slowMeasured = s !== null && s.from === t.slowdownFrom && s.to === t.slowdownTo;
  out.push({
    name: `engine slowdown ${t.slowdownFrom / 1000}k → ${t.slowdownTo / 1000}k (pair time ratio)`,
    target: `≤ ${t.maxSlowdown}×`,
    measured: s ? `${s.factor.median.toFixed(2)}× (${s.factor.min.toFixed(2)}–${s.factor.max.toFixed(2)})${slowMeasured ? '' : `, ${s.from}→${s.to} only`}` : 'not measured',
    pass: slowMeasured ? s.factor.median <= t.maxSlowdown : null,
  });

  const m = r.memory;
  const memMeasured = m !== null && m.depth === t.memoryDepth;
  out.push({
    name: `heap bytes per waiting ticket at ${t.memoryDepth / 1000}k (heapUsed + arrayBuffers)`,
    target: `≤ ${t.maxBytesPerTicket} B`,
    measured: m ? `${m.bytesPerTicket.toFixed(0)} B${memMeasured ? '' : ` at ${m.depth.toLocaleString('en-US')} only`}` : 'not measured',
    pass: memMeasured ? m.bytesPerTicket <= t.maxBytesPerTicket : null,
  });
  return out;
}
