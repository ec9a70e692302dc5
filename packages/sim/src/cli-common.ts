/** Helpers shared by the CLI commands: reading JSON files, parsing integer options, progress bars. */
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import type { Executor } from './cli-executor.ts';
import { decimalInteger } from './decimal.ts';
import { SimError } from './errors.ts';
import type { RunSpecOptions } from './run-spec.ts';

/**
 * A path as the user typed it: relative to the directory `pnpm sim` was started from (pnpm runs
 * the script in packages/sim and passes the caller's directory in INIT_CWD).
 */
export function userPath(file: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), file);
}

export function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(userPath(file), 'utf8');
  } catch (e) {
    throw new SimError('SIM_ERR_FILE', { file, reason: e instanceof Error ? e.message : String(e) });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new SimError('SIM_ERR_FILE', { file, reason: `not valid JSON (${e instanceof Error ? e.message : String(e)})` });
  }
}

/**
 * Throws SIM_ERR_OUTPUT unless `file` can be written (its directory exists; the file, if there, is a
 * file): checked before a run, so a long run is not lost to a typo. The check opens the file for
 * writing (an existing one without truncating it, a new one created and removed again): access()
 * says yes to root for places such as /proc where no file can be created.
 */
export function checkWritable(file: string): void {
  const path = userPath(file);
  let reason: string | null = null;
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    if (st?.isDirectory()) reason = 'it is a directory; give a file name';
    else if (st) closeSync(openSync(path, 'r+'));
    else if (!statSync(dirname(path), { throwIfNoEntry: false })?.isDirectory()) reason = `no directory ${dirname(path)}`;
    else {
      closeSync(openSync(path, 'wx'));
      unlinkSync(path);
    }
  } catch (e) {
    reason = e instanceof Error ? e.message : String(e);
  }
  if (reason !== null) throw new SimError('SIM_ERR_OUTPUT', { file, reason });
}

/** Writes an output file, or throws SIM_ERR_OUTPUT. */
export function writeOutput(file: string, text: string): void {
  try {
    writeFileSync(userPath(file), text);
  } catch (e) {
    throw new SimError('SIM_ERR_OUTPUT', { file, reason: e instanceof Error ? e.message : String(e) });
  }
}

/** A commander parser for an integer option ≥ min. */
export function intOption(name: string, min: number): (v: string) => number {
  return (v) => {
    const n = decimalInteger(v);
    if (Number.isNaN(n) || n < min) throw new InvalidArgumentError(`--${name} must be an integer ≥ ${min}`);
    return n;
  };
}

/**
 * Progress on stderr: a bar on a terminal; otherwise (a background run, output to a file) a line
 * every 5 %: `35% (7/20 replications, 12 s)`.
 */
export function progressBar(unit: string): { update(done: number, total: number): void; stop(): void } {
  if (!process.stderr.isTTY) {
    const t0 = performance.now();
    let lastPct = -1;
    return {
      update(done, total) {
        const pct = Math.floor((20 * done) / total) * 5;
        if (pct === lastPct) return;
        lastPct = pct;
        process.stderr.write(`${pct}% (${done}/${total} ${unit}, ${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
      },
      stop() {},
    };
  }
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

export interface RunOptions {
  days: number;
  replications: number;
  seed: number;
  threads?: number;
  progress: boolean;
  redis?: string;
  workers?: number;
}

/** The options every command that runs a spec takes. */
export function addRunOptions(cmd: Command, defaults: { replications: number }): Command {
  return cmd
    .option('-d, --days <n>', 'consecutive days per replication', intOption('days', 1), 1)
    .option('-r, --replications <n>', 'replications (seeds seed, seed + 1, …)', intOption('replications', 1), defaults.replications)
    .option('-s, --seed <n>', 'first seed', intOption('seed', 0), 1)
    .option('-t, --threads <n>', "worker threads (default: the machine's cores; 1 = no threads)", intOption('threads', 1))
    .option('--redis <url>', 'spread the replications over BullMQ workers on this Redis (see `sim worker`)')
    .option('--workers <n>', 'with --redis: start this many local worker processes (0: use workers started elsewhere)', intOption('workers', 0))
    .option('--no-progress', 'no progress bar');
}

/** runSpec options from the command line's. */
export function specRunOptions(opts: RunOptions, exec: Executor | null, onProgress: (done: number, total: number) => void): RunSpecOptions {
  return { days: opts.days, replications: opts.replications, seed: opts.seed, threads: opts.threads, executor: exec?.run, onProgress };
}
