/**
 * Entry point of the bundle `bench instructions` runs under valgrind:
 *   node bundle.mjs <harness> <units> <scenarios.json> <large-weekday.json>
 * Prints one JSON line: { harness, units }.
 */
import { HARNESSES, type HarnessName } from './harnesses.ts';

const [name, units, scenarios, largeExample] = process.argv.slice(2);
const harness = HARNESSES[name as HarnessName];
if (!harness || !units || !scenarios || !largeExample) {
  console.error('usage: node bundle.mjs <harness> <units> <scenarios.json> <large-weekday.json>');
  process.exit(2);
}
const ran = harness.run(Number(units), { scenarios, largeExample });
console.log(JSON.stringify({ harness: name, units: ran }));
