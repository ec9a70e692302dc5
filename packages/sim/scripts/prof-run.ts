/**
 * CPU time per simulated day (best of --rounds), for before/after comparisons of the simulator's
 * own overhead, and a CPU profile with `node --cpu-prof --import tsx scripts/prof-run.ts …`.
 *
 *   pnpm --filter @asan/sim exec tsx scripts/prof-run.ts [example|d1|d2] [days per round] [rounds]
 *
 * d2: D1 at D2 scale (rates and operators × 3, scripts/reference-days.ts).
 */
import { readFileSync } from 'node:fs';
import { importReference } from '../src/reference-import.ts';
import { simulate } from '../src/simulate.ts';
import { createScenario } from '../src/spec.ts';
import { d1Reference, d2Scale } from './reference-days.ts';

const name = process.argv[2] ?? 'large-weekday';
const n = Number(process.argv[3] ?? 40);
const rounds = Number(process.argv[4] ?? 3);
const sc =
  name === 'd1'
    ? importReference(d1Reference())
    : name === 'd2'
      ? importReference(d2Scale(d1Reference()))
      : createScenario(JSON.parse(readFileSync(new URL(`../examples/${name}.json`, import.meta.url), 'utf8')));
for (let i = 0; i < 5; i++) simulate(sc, { seed: i });
let best = Infinity;
let customers = 0;
let commands = 0;
/**
 * One day, its result dropped on return. A `const r` in the loop below kept the day before's result
 * (its records: ~1.3 MB at D2 scale) alive through the next day, and the scavenges of that day
 * copied or promoted them (`--trace-gc-nvp`, D2 scale: 1.44 MB survived a scavenge on average, 0.66
 * MB with this; what is left is the records being made when a scavenge comes).
 */
function day(seed: number): void {
  const r = simulate(sc, { seed });
  customers += r.records.length;
  commands += r.commands;
}
for (let round = 0; round < rounds; round++) {
  const c0 = process.cpuUsage();
  customers = 0;
  commands = 0;
  for (let i = 0; i < n; i++) day(1000 + i);
  const u = process.cpuUsage(c0);
  best = Math.min(best, (u.user + u.system) / 1000);
}
console.log(`${name}: ${customers} customers, ${commands} commands in ${n} days; best of ${rounds}: ${best.toFixed(0)} ms CPU, ${(best / n).toFixed(2)} ms/day, ${Math.round((customers / best) * 1000).toLocaleString('en')} customers/CPU-s`);
