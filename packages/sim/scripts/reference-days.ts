/**
 * The reference days the speed scripts run: D1 from shared/sim-reference, and D1 at D2 scale.
 */
import { readFileSync } from 'node:fs';
import { readScenarioFile, type RefScenario } from '../src/reference-format.ts';

/** shared/sim-reference/scenarios.json, beside the repository. */
export const SCENARIOS = new URL('../../../../shared/sim-reference/scenarios.json', import.meta.url);

const D1 = 'D1_DAY_SHIFTS_8_10_8';

/** D1_DAY_SHIFTS_8_10_8 as the reference file (default: shared/sim-reference/scenarios.json) defines it. */
export function d1Reference(scenarios: string | URL = SCENARIOS): RefScenario {
  const d1 = readScenarioFile(JSON.parse(readFileSync(scenarios, 'utf8'))).scenarios.find((s) => s.id === D1);
  if (!d1) throw new Error(`no scenario ${D1} in ${String(scenarios)}`);
  return d1;
}

/**
 * A reference day at D2 scale, the size of the day Ciw 3.2.7 was timed on (2,500 customers): D1 with
 * every hourly rate × 3 (D1's description: "D2's divided by 3") and every shift's operators × 3 (the
 * operator counts are ours: D1's load per operator kept).
 */
export function d2Scale(d1: RefScenario): RefScenario {
  if (typeof d1.servers === 'number') throw new Error('D1 has shifts');
  const classes = d1.classes.map((c) => {
    if (c.arrivals.process !== 'poisson_piecewise') throw new Error('D1 has piecewise arrivals');
    return { ...c, arrivals: { ...c.arrivals, rates_per_min: c.arrivals.rates_per_min.map((r) => r * 3) } };
  });
  return { ...d1, id: 'D2_SCALE_FROM_D1', classes, servers: { shifts: d1.servers.shifts.map((s) => ({ ...s, count: s.count * 3 })) } };
}
