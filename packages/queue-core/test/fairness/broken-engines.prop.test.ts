/**
 * The fairness properties must be able to fail: each deliberately broken engine (broken-engines.ts)
 * is run through the manual model-based property with fc.check, and must be caught; the shrunk
 * counterexample and the invariant that caught it are printed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BROKEN } from './broken-engines.ts';
import { PROPERTY_TIMEOUT_MS, fcParams } from './fc-settings.ts';
import { manualProperty } from './properties.ts';

describe('fairness: broken engines are caught', () => {
  it.each(BROKEN.map((b) => [b.name, b] as const))('%s', (name, tamper) => {
    const details = fc.check(manualProperty('edd', tamper), fcParams(`broken: ${name}`, 300));
    expect(details.failed, `not caught in ${details.numRuns} runs`).toBe(true);
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    console.log(`[fairness] caught "${name}" after ${details.numRuns} run(s), shrunk ${details.numShrinks} times\n  ${error.split('\n').join('\n  ')}\n  counterexample: ${fc.stringify(details.counterexample)}`);
    expect(error).toMatch(tamper.caughtBy);
  }, PROPERTY_TIMEOUT_MS);
});
