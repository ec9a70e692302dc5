import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runJob } from './jobs.ts';
import { simulate } from './simulate.ts';
import { createScenario, scenarioOnDate } from './spec.ts';
import { runYear, yearJobs } from './year.ts';

const large = JSON.parse(readFileSync(new URL('../examples/large-weekday.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const bus = JSON.parse(readFileSync(new URL('../examples/mobile-bus.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('sim year: jobs and counts', () => {
  it('refuses an invalid spec with SIM_ERR_SPEC_INVALID before any job runs (it came back from the workers as SIM_ERR_WORKER)', async () => {
    expect(() => yearJobs({ id: 'x' }, { centres: 2, days: 1, seed: 1, stretchDays: 7 })).toThrow(/^SIM_ERR_SPEC_INVALID: /);
    let progress = 0;
    const r = runYear({ id: 'x' }, { centres: 2, days: 1, seed: 1, threads: 2, onProgress: () => progress++ });
    await expect(r).rejects.toThrow(/^SIM_ERR_SPEC_INVALID: Scenario spec is invalid: \d+ problem\(s\)\n  - classes: /);
    expect(progress).toBe(0);
  });

  it('covers every (centre, day) once, in week stretches from the spec date, each with its own seed', () => {
    const jobs = yearJobs({ ...bus, date: '2025-03-05' }, { centres: 3, days: 17, seed: 5, stretchDays: 7 });
    expect(jobs.length).toBe(9);
    const seeds = jobs.map((j) => j.seeds[0]);
    expect(new Set(seeds).size).toBe(9);
    const byDate = new Map<string, number>();
    for (const j of jobs) if (j.kind === 'stretch') byDate.set(j.date, (byDate.get(j.date) ?? 0) + j.days);
    expect([...byDate.entries()]).toEqual([['2025-03-05', 21], ['2025-03-12', 21], ['2025-03-19', 9]]);
  });

  it('gives every job its own seed past 1,000 stretches per centre too (centre c + 1 reused centre c\'s seeds), and keeps the seeds of shorter runs', () => {
    const jobs = yearJobs({ ...bus, date: '2025-03-05' }, { centres: 2, days: 1001, seed: 0, stretchDays: 1 });
    expect(jobs.length).toBe(2002);
    expect(new Set(jobs.map((j) => j.seeds[0])).size).toBe(2002);
    // up to 1,000 stretches: centre c, stretch k has seed + 1000·c + k, as before (committed year results stay reproducible)
    const year = yearJobs({ ...bus, date: '2025-03-05' }, { centres: 26, days: 365, seed: 1, stretchDays: 7 });
    expect(year.map((j) => j.seeds[0]).slice(0, 3)).toEqual([1, 1001, 2001]);
    expect(year.at(-1)!.seeds[0]).toBe(1 + 25 * 1000 + 52);
  });

  it('a stretch job counts what simulate does for that seed and date', () => {
    const seed = 4;
    console.log(`seed ${seed}`);
    const r = runJob({ kind: 'stretch', spec: bus, date: '2025-03-06', days: 2, seeds: [seed] });
    const run = simulate(createScenario({ ...bus, date: '2025-03-06' }), { seed, days: 2 });
    expect(r.kind === 'stretch' && r.counts).toMatchObject({
      days: 2,
      citizens: run.records.length,
      served: run.records.filter((x) => x.state === 'done').length,
      abandoned: run.records.filter((x) => x.abandoned).length,
      commands: run.commands,
      events: run.events,
    });
  });

  it('a stretch on another date uses the scenario createScenario would build for that date', () => {
    for (const spec of [large, bus]) {
      const first = createScenario({ ...spec, date: '2025-03-04' });
      const other = scenarioOnDate(first, spec, '2025-06-17');
      expect(other).toEqual(createScenario({ ...spec, date: '2025-06-17' }));
      expect(Object.isFrozen(other)).toBe(true);
      // a fixed centre's shares the config and sources
      if (spec === large) expect(other.config === first.config && other.walkIns === first.walkIns).toBe(true);
    }
  });
});
