import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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
