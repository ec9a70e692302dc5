/**
 * Model-based property tests (fairness-research.md §3): random command sequences run on the
 * engine and on the naive reference model; after every command the invariants INV-1…INV-7a and
 * INV-10…INV-16 are checked (invariants.ts), and at the end replay and determinism (INV-14).
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { PolicyName } from '../../src/index.ts';
import { PROPERTY_TIMEOUT_MS, fcParams } from './fc-settings.ts';
import { manualProperty } from './properties.ts';

const RUNS: Record<PolicyName, number> = { edd: 200, 'strict-priority': 40, fifo: 40 };

describe('fairness: model-based, manual operation', () => {
  it.each(Object.keys(RUNS) as PolicyName[])('%s: engine agrees with the reference model and every invariant holds', (policy) => {
    fc.assert(manualProperty(policy), fcParams(`model-based ${policy}`, RUNS[policy]));
  }, PROPERTY_TIMEOUT_MS);
});
