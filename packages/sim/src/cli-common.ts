/** Helpers shared by the CLI commands: reading JSON files, parsing integer options, progress bars. */
import { readFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { InvalidArgumentError } from 'commander';
import { SimError } from './errors.ts';

export function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new SimError('SIM_ERR_FILE', { file, reason: e instanceof Error ? e.message : String(e) });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new SimError('SIM_ERR_FILE', { file, reason: `not valid JSON (${e instanceof Error ? e.message : String(e)})` });
  }
}

/** A commander parser for an integer option ≥ min. */
export function intOption(name: string, min: number): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`--${name} must be an integer ≥ ${min}`);
    return n;
  };
}

/** A progress bar on stderr, shown only on a terminal. */
export function progressBar(unit: string): { update(done: number, total: number): void; stop(): void } | null {
  if (!process.stderr.isTTY) return null;
  const bar = new cliProgress.SingleBar(
    { format: `{bar} {value}/{total} ${unit} ({percentage}%, eta {eta}s)`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
