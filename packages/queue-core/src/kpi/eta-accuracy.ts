/**
 * Accuracy of the ETA published at issue (fairness-research.md §5.2). Error e = predicted − actual
 * wait, with the p50 as the point prediction: bias (mean e; negative = under-prediction), MAE,
 * RMSE, the share with |e| ≤ tolerance (5 min by default), and the under-prediction rate against
 * the stated p90 (share of actual waits above it; about 10 % when the p90 is honest).
 */
import type { KpiRecord } from './record.ts';
import { waitOf } from './record.ts';

export interface EtaAccuracy {
  /** Records with a published ETA and a known wait. */
  readonly n: number;
  readonly biasMs: number;
  readonly maeMs: number;
  readonly rmseMs: number;
  readonly withinTolerance: number;
  /** Share with W > published p90 (null when no record had a p90). */
  readonly overP90: number | null;
}

/** Horizon buckets by the published p50, in minutes: [0,10), [10,30), [30,60), [60,∞). */
export const ETA_HORIZONS_MIN = [0, 10, 30, 60] as const;

export function etaAccuracy(records: readonly KpiRecord[], toleranceMs = 5 * 60_000): EtaAccuracy | null {
  let n = 0;
  let sum = 0;
  let abs = 0;
  let sq = 0;
  let within = 0;
  let n90 = 0;
  let over90 = 0;
  for (const r of records) {
    const w = waitOf(r);
    if (w === null) continue;
    if (r.etaP90Ms !== undefined && r.etaP90Ms !== null) {
      n90++;
      if (w > r.etaP90Ms) over90++;
    }
    if (r.etaP50Ms === undefined || r.etaP50Ms === null) continue;
    const e = r.etaP50Ms - w;
    n++;
    sum += e;
    abs += Math.abs(e);
    sq += e * e;
    if (Math.abs(e) <= toleranceMs) within++;
  }
  if (n === 0 && n90 === 0) return null;
  return {
    n,
    biasMs: n > 0 ? sum / n : Number.NaN,
    maeMs: n > 0 ? abs / n : Number.NaN,
    rmseMs: n > 0 ? Math.sqrt(sq / n) : Number.NaN,
    withinTolerance: n > 0 ? within / n : Number.NaN,
    overP90: n90 > 0 ? over90 / n90 : null,
  };
}

/** ETA accuracy per horizon bucket of the published p50 ('0-10', '10-30', '30-60', '60+'). */
export function etaAccuracyByHorizon(records: readonly KpiRecord[], toleranceMs = 5 * 60_000): Record<string, EtaAccuracy | null> {
  const out: Record<string, EtaAccuracy | null> = {};
  ETA_HORIZONS_MIN.forEach((lo, k) => {
    const hi = ETA_HORIZONS_MIN[k + 1];
    const label = hi === undefined ? `${lo}+` : `${lo}-${hi}`;
    const inBucket = records.filter((r) => {
      const p = r.etaP50Ms;
      if (p === undefined || p === null) return false;
      return p >= lo * 60_000 && (hi === undefined || p < hi * 60_000);
    });
    out[label] = etaAccuracy(inBucket, toleranceMs);
  });
  return out;
}
