/**
 * Workloads for `bench instructions`: each runs a fixed, seeded amount of work through the real
 * engine (and simulator). They are bundled into one file and run under valgrind; the counter
 * compares two sizes of the same workload, so start-up, module loading and compilation cancel out.
 *
 * The simulator is imported from its source files, not from `@asan/sim`'s index: the index also
 * loads the worker pool and the BullMQ executor, which the bundle leaves out.
 */
import { readFileSync } from 'node:fs';
import { EngineDriver } from '../core/engine-driver.ts';
import { importReference } from '../../../sim/src/reference-import.ts';
import { simulate } from '../../../sim/src/simulate.ts';
import { createScenario } from '../../../sim/src/spec.ts';
import { d1Reference, d2Scale } from '../../../sim/scripts/reference-days.ts';

export interface Harness {
  readonly description: string;
  /** What one unit is (the count is divided by units). */
  readonly unit: string;
  /** Default sizes (units) of the small and the large run. */
  readonly from: number;
  readonly to: number;
  /** Runs about `n` units and returns how many ran (a batch may overshoot). */
  run(n: number, paths: HarnessPaths): number;
}

export interface HarnessPaths {
  /** shared/sim-reference/scenarios.json */
  readonly scenarios: string;
  /** packages/sim/examples/large-weekday.json */
  readonly largeExample: string;
}


function simDays(scenario: Parameters<typeof simulate>[0], days: number): number {
  let customers = 0;
  for (let i = 0; i < days; i++) customers += simulate(scenario, { seed: 1000 + i }).records.length;
  return customers;
}

export const HARNESSES = {
  'core-pair': {
    description: 'the core suite\'s engine pair (issue + call-next) at 10k waiting, plus its untimed batch planning and start + complete',
    unit: 'pair',
    from: 20_000,
    to: 80_000,
    run(n) {
      const driver = new EngineDriver(20261123, 7);
      driver.prefill(10_000);
      let done = 0;
      while (done < n) done += driver.runBatch().pairs;
      if (driver.engineDepth() !== 10_000) throw new Error(`core-pair: depth ${driver.engineDepth()}, expected 10000`);
      return done;
    },
  },
  d1: {
    description: 'the D1 reference day (833 customers, 26 windows in 3 shifts) through the simulator, records included; seeds 1000, 1001, …',
    unit: 'D1 day',
    from: 50,
    to: 250,
    run(n, paths) {
      simDays(importReference(d1Reference(paths.scenarios)), n);
      return n;
    },
  },
  d2: {
    description: 'D1 at D2 scale (rates and operators × 3: ~2,500 customers, 78 windows; sim/scripts/reference-days.ts) through the simulator, records included; seeds 1000, 1001, …',
    unit: 'D2-scale day',
    from: 20,
    to: 80,
    run(n, paths) {
      simDays(importReference(d2Scale(d1Reference(paths.scenarios))), n);
      return n;
    },
  },
  'large-day': {
    description: 'one day of the large weekday example (~2,500 applicants, 90 windows) through the simulator, records included; seeds 1000, 1001, …',
    unit: 'day',
    from: 10,
    to: 40,
    run(n, paths) {
      simDays(createScenario(JSON.parse(readFileSync(paths.largeExample, 'utf8'))), n);
      return n;
    },
  },
} satisfies Record<string, Harness>;

export type HarnessName = keyof typeof HARNESSES;
export const HARNESS_NAMES = Object.keys(HARNESSES) as HarnessName[];
