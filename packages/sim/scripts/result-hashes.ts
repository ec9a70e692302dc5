/**
 * Full-result hashes for before/after comparisons of the simulator (not a test): sha-256 of every
 * `simulate` result (records with their keys, the result's and its arrays' frozenness, duty, end time, commands, events) of
 * the four reference scenarios and the five examples, 1 and 3 days, three seeds each; one line
 * per run and a hash of all. A change that keeps results identical prints the same lines.
 *
 *   pnpm --filter @asan/sim exec tsx scripts/result-hashes.ts > /tmp/hashes.txt
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readScenarioFile } from '../src/reference-format.ts';
import { importReference } from '../src/reference-import.ts';
import type { Scenario } from '../src/scenario.ts';
import { simulate } from '../src/simulate.ts';
import { createScenario } from '../src/spec.ts';

const EXAMPLES = ['large-weekday', 'large-weekday-evening', 'large-weekday-full', 'large-weekend', 'mobile-bus'];
const ref = readScenarioFile(JSON.parse(readFileSync(new URL('../../../../shared/sim-reference/scenarios.json', import.meta.url), 'utf8')));
const all = createHash('sha256');

function run(label: string, sc: Scenario, days: number, seed: number): void {
  if (days > sc.maxDays) return;
  const r = simulate(sc, { seed, days });
  const text = JSON.stringify({
    ...r,
    keys: r.records.map((x) => Object.keys(x).join(',')).join('|'),
    // (records themselves are readonly by type, not frozen, since the session-12 change in citizen.ts)
    frozen: Object.isFrozen(r) && Object.isFrozen(r.records),
  });
  all.update(text);
  console.log(`${label} d${days} s${seed} ${r.records.length} ${createHash('sha256').update(text).digest('hex').slice(0, 16)}`);
}

for (const s of ref.scenarios) {
  const sc = importReference(s);
  for (const seed of [1, 2, 99]) for (const d of [1, 3]) run(s.id, sc, d, seed);
}
for (const name of EXAMPLES) {
  const sc = createScenario(JSON.parse(readFileSync(new URL(`../examples/${name}.json`, import.meta.url), 'utf8')));
  for (const seed of [1, 2025, 7]) for (const d of [1, 3]) run(name, sc, d, seed);
}
console.log('ALL', all.digest('hex'));
