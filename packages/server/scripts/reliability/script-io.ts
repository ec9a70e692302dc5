/**
 * What every reliability script shares: typed flags (`--name value`, numbers checked), progress on
 * stderr, and the result as JSON on stdout plus a JSON file under `results/`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

export function numberFlags<K extends string>(defaults: Record<K, number>, argv = process.argv.slice(2)): Record<K, number> {
  const options = Object.fromEntries(Object.keys(defaults).map((k) => [k, { type: 'string' as const }]));
  const { values } = parseArgs({ args: argv[0] === '--' ? argv.slice(1) : argv, options, strict: true });
  const out = { ...defaults };
  for (const k of Object.keys(defaults) as K[]) {
    const text = (values as Record<string, string | undefined>)[k];
    if (text === undefined) continue;
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${k} must be a non-negative number, got ${JSON.stringify(text)}`);
    out[k] = n;
  }
  return out;
}

export const progress = (line: string): void => void process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

/** Prints the result and writes it to results/<name>-<date>.json next to the script. */
export function report(name: string, result: unknown): void {
  const json = JSON.stringify(result, (_k, v: unknown) => (v instanceof Map ? Object.fromEntries(v) : v), 2);
  const dir = new URL('./results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`${name}-${new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-')}.json`, dir);
  writeFileSync(file, `${json}\n`);
  process.stdout.write(`${json}\n`);
  progress(`written ${file.pathname}`);
}

/** Runs a script's main; a thrown error or a failed check exits 1. */
export function main(run: () => Promise<boolean>): void {
  run().then(
    (ok) => process.exit(ok ? 0 : 1),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
