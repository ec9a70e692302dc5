import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from './simulate.ts';
import { createScenario } from './spec.ts';
import { summarizeRun } from './summary.ts';

/**
 * Golden values: one day of each example with seed 2025 (examples/golden.json, committed). A change
 * here means the simulator or the engine now decides differently for the same inputs: check why,
 * then update golden.json deliberately.
 */
const SEED = 2025;
const golden = JSON.parse(readFileSync(new URL('../examples/golden.json', import.meta.url), 'utf8')) as Record<string, Record<string, number>>;

describe('examples: golden values (seed 2025, one day)', () => {
  for (const name of Object.keys(golden)) {
    it(name, () => {
      console.log(`seed ${SEED}`);
      const spec = JSON.parse(readFileSync(new URL(`../examples/${name}.json`, import.meta.url), 'utf8')) as unknown;
      const sc = createScenario(spec);
      const s = summarizeRun(sc, simulate(sc, { seed: SEED }));
      const a = s.all;
      const g = golden[name]!;
      // transfers, holds and ratings: for the examples that model them
      const extra =
        'transfers' in g
          ? {
              transfers: s.transfers.count,
              holdsPlaced: s.holds.placed,
              holdsLate: s.holds.late,
              holdsExpired: s.holds.expired,
              ratings: s.ratings.all.count,
              meanRating: Number(s.ratings.all.mean!.toFixed(6)),
            }
          : {};
      expect({
        citizens: a.citizens,
        arrived: a.arrived,
        served: a.served,
        abandoned: a.abandoned,
        noShows: a.noShows,
        expired: a.expired,
        unserved: a.unserved,
        meanWaitMin: Number(s.metrics.mean_wait!.toFixed(6)),
        p90WaitMin: Number(s.metrics.wait_q90!.toFixed(6)),
        maxQueue: s.metrics.max_queue_length,
        lastCompletionMin: Number(s.metrics.last_completion_min!.toFixed(6)),
        commands: s.commands,
        events: s.events,
        ...extra,
      }).toEqual(g);
    });
  }

  it('the large weekday example has the size the issue asks for', () => {
    const spec = JSON.parse(readFileSync(new URL('../examples/large-weekday.json', import.meta.url), 'utf8')) as {
      agencies: unknown[];
      services: { id: string; demand: { weight: number } }[];
      windows: { count?: number; shifts?: { start: string; end: string }[] }[];
      demand: { perDay: number; bookingShare: number };
    };
    expect(spec.agencies.length).toBeGreaterThanOrEqual(20);
    expect(spec.services.length).toBeGreaterThanOrEqual(80);
    expect(spec.windows.reduce((a, w) => a + (w.count ?? 1), 0)).toBeGreaterThanOrEqual(60);
    expect(new Set(spec.windows.map((w) => JSON.stringify(w.shifts))).size).toBeGreaterThanOrEqual(3);
    expect(spec.demand.perDay).toBe(2500);
    expect(spec.demand.bookingShare).toBeCloseTo(0.3);
    const top = [...spec.services].sort((x, y) => y.demand.weight - x.demand.weight).slice(0, 2).map((s) => s.id);
    expect(top).toEqual(['id-card-new', 'driving-licence-renew']);
  });
});
