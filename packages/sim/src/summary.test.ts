import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from './simulate.ts';
import { createScenario } from './spec.ts';
import { summarizeRun } from './summary.ts';

const example = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`../examples/${name}.json`, import.meta.url), 'utf8'));

describe('summarizeRun: utilisation', () => {
  it('counts only the simulated days’ duty, not the day before when bookings are requested (bookingHours)', () => {
    // large-weekday-full requests its bookings 08:00–23:00 the day before: the engine's roster opens
    // the windows that day too, but nobody can come; the simulated day is the spec's date.
    const full = createScenario(example('large-weekday-full'));
    const plain = createScenario(example('large-weekday'));
    const sFull = summarizeRun(full, simulate(full, { seed: 1, days: 1 }));
    const sPlain = summarizeRun(plain, simulate(plain, { seed: 1, days: 1 }));
    const windows = full.config.windows.length;
    expect(Math.max(...sFull.timeline.onDuty)).toBeLessThanOrEqual(windows);
    // the same rosters on the simulated day: the same windows on duty at 14:00
    const bin = (14 * 60) / sFull.timeline.binMin;
    expect(sFull.timeline.onDuty[bin]).toBeCloseTo(sPlain.timeline.onDuty[bin]!, 6);
    // a few transfers more and other draws: utilisation within a few points, not half
    expect(Math.abs(sFull.utilisation.overall! - sPlain.utilisation.overall!)).toBeLessThan(0.05);
  });
});
