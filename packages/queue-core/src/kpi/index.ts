/**
 * Fairness KPIs over per-ticket records (FAIRNESS.md "What to measure"; fairness-research.md §1,
 * §4, §5). Pure functions, no dependencies: the simulator and the tests compute every fairness
 * number here, from `centre.tickets()` or from simulator records.
 */
export type { KpiRecord } from './record.ts';
export { waitOf, callableOf, serviceOf, latenessOf, isAbandoned } from './record.ts';
export { quantile7, ascending } from './quantile.ts';
export { summarize, mean, share } from './stats.ts';
export type { Summary } from './stats.ts';
export { jain } from './jain.ts';
export { overtakes, windowServicesOf } from './overtakes.ts';
export type { WindowServices } from './overtakes.ts';
export { etaAccuracy, etaAccuracyByHorizon, ETA_HORIZONS_MIN } from './eta-accuracy.ts';
export type { EtaAccuracy } from './eta-accuracy.ts';
export { fairnessReport, reportConfigOf } from './report.ts';
export type { FairnessReport, FairnessReportConfig, GroupReport, Punctuality } from './report.ts';
