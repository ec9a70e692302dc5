/** What every crash test expects of a crash report: nothing acknowledged is lost, nothing doubled. */
import { expect } from 'vitest';
import type { CrashReport } from './crash-scenario.ts';

export function expectNothingLost(r: CrashReport, minAcknowledged: number): void {
  expect(r.acknowledged).toBeGreaterThanOrEqual(minAcknowledged);
  expect(r.lostByHttp).toEqual([]);
  expect(r.reconciliation.lost).toEqual([]);
  expect(r.reconciliation.orphans).toBe(0);
  expect(r.reconciliation.afterFinal).toEqual([]);
  // Every resend of an unanswered issue got a ticket (its first answer or a new one), and every
  // ticket in the log is one somebody was told about: no doubles from the resends.
  expect(Object.keys(r.resent).filter((s) => s !== '201')).toEqual([]);
  expect(r.unclaimed).toBe(0);
  expect(r.freshNumberReused).toBe(false);
}
