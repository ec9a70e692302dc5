import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SimError } from './errors.ts';
import { formatValidation, validate } from './validate.ts';

const dir = new URL('../../../../shared/sim-reference/', import.meta.url);
const read = (name: string): unknown => JSON.parse(readFileSync(new URL(name, dir), 'utf8'));

/**
 * CI replication counts: fewer than the reference runs (which only widens the simulator's
 * confidence interval, legitimately), so the four scenarios take well under a minute on 2 cores.
 * Seeds are each scenario's run.seed_first onwards, as `pnpm sim validate` uses them.
 */
const CI_REPLICATIONS = { steady_state: 20, day: 400 } as const;

describe('validate against the external references (Ciw 3.2.7 / closed forms)', () => {
  it('passes every metric of the four reference scenarios', { timeout: 300_000 }, async () => {
    const result = await validate(read('scenarios.json'), read('reference-values.json'), {
      replications: (s) => CI_REPLICATIONS[s.type],
      threads: 2,
    });
    const table = formatValidation(result);
    console.log(`seeds: each scenario's run.seed_first onwards (${JSON.stringify(result.replications)} replications)`);
    console.log(table);
    expect(result.checks.length).toBeGreaterThanOrEqual(86);
    expect(result.failed, table).toBe(0);
  });
});

describe('validate never passes on nothing checked', () => {
  const scenarios = read('scenarios.json');
  const all = read('reference-values.json') as { scenarios: Record<string, Record<string, unknown>> };
  const D1 = 'D1_DAY_SHIFTS_8_10_8';
  const [metric, value] = Object.entries(all.scenarios[D1]!)[0]!;
  const onlyD1 = { scenarios: { [D1]: { [metric]: value }, A1_MM8: {} } }; // A1_MM8: an entry without metrics
  const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => (e instanceof SimError ? e.code : String(e)));

  it('refuses a values file with values for none of the scenarios (it printed "0 passed, 0 failed", exit 0)', async () => {
    let progress = 0;
    for (const values of [{ scenarios: {} }, { scenarios: { A1_MM8: {} } }, { scenarios: { NOT_IN_THE_FILE: { [metric]: value } } }]) {
      await expect(validate(scenarios, values, { replications: 2, threads: 1, onProgress: () => progress++ })).rejects.toThrow(/^SIM_ERR_REFERENCE_INVALID: .*\n  - scenarios: the values file has values for none of the scenarios .*nothing to check/);
    }
    expect(progress).toBe(0);
  });

  it('refuses a --scenario without reference values before running anything (it was dropped silently)', async () => {
    let progress = 0;
    for (const id of ['E1_ERLANG_A_RHO100', 'A1_MM8']) {
      const p = validate(scenarios, onlyD1, { replications: 2, threads: 1, scenarios: [D1, id], onProgress: () => progress++ });
      expect(await code(p)).toBe('SIM_ERR_UNKNOWN_SCENARIO');
      await expect(validate(scenarios, onlyD1, { replications: 2, threads: 1, scenarios: [id] })).rejects.toThrow(`SIM_ERR_UNKNOWN_SCENARIO: No scenario ${id} in the reference values file (it has no values for it); known: ${D1}`);
    }
    expect(progress).toBe(0);
  });

  it('names the scenarios it skips for want of reference values (they were skipped silently)', { timeout: 60_000 }, async () => {
    const r = await validate(scenarios, onlyD1, { replications: 2, threads: 1 });
    expect(r.checks.map((c) => `${c.scenario} ${c.metric}`)).toEqual([`${D1} ${metric}`]);
    expect(r.skipped).toEqual(['A1_MM8', 'C_PRIORITY_NP_M5', 'E1_ERLANG_A_RHO100']);
    expect(formatValidation(r)).toMatch(/\nskipped \(no reference values in the values file\): A1_MM8, C_PRIORITY_NP_M5, E1_ERLANG_A_RHO100\n\n[01] passed, [01] failed$/);
    // asked for by name: nothing else is listed as skipped
    expect((await validate(scenarios, onlyD1, { replications: 2, threads: 1, scenarios: [D1] })).skipped).toEqual([]);
  });
});
