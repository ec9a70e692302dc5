/**
 * Auto-call mode (a free window calls at once): booking punctuality (INV-8) and no starvation /
 * drain (INV-9), on a centre with overlapping window pools and on a single pool, with every
 * per-call and per-command invariant of the manual property checked on the way.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROPERTY_TIMEOUT_MS, fcParams } from './fc-settings.ts';
import { autoProperty, type PunctualityCount } from './properties.ts';

describe('fairness: auto-call mode', () => {
  it.each(['pools', 'single'] as const)('%s: bookings are served by τ + h_max when few are ahead (INV-8), and the queue drains (INV-9)', (shape) => {
    const count: PunctualityCount = { bookings: 0, premise: 0, overtakes: 0 };
    fc.assert(autoProperty(shape, count), fcParams(`auto-call ${shape}`, 100));
    console.log(`[fairness] auto-call ${shape}: INV-8 premise held for ${count.premise} of ${count.bookings} bookings checked in on time; kpi.overtakes agreed with the model on ${count.overtakes} overtakes`);
    expect(count.premise).toBeGreaterThan(0);
    expect(count.overtakes).toBeGreaterThan(0);
  }, PROPERTY_TIMEOUT_MS);
});
