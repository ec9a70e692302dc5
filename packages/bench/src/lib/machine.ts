/**
 * The machine a result came from: results are only comparable on the same machine, so every
 * results file carries this block (CPU, cores, memory, OS, Node, package versions, commit, load).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** packages/bench, whatever the working directory. */
export const BENCH_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly v8: string;
  readonly packages: Readonly<Record<string, string>>;
  readonly commit: string;
  /** Scheduling priority (nice value) of the run: negative when run with `nice -n -10` on a busy machine. */
  readonly nice: number;
  /** 1-minute load average when the run started and ended (the machine is shared). */
  readonly loadAvg: { start: number; end: number };
  readonly date: string;
}

/** Version of a dependency of packages/bench, read from its package.json; 'unknown' if missing. */
export function packageVersion(name: string): string {
  try {
    const file = path.join(BENCH_ROOT, 'node_modules', ...name.split('/'), 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: BENCH_ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', '../queue-core/src', 'src'], { cwd: BENCH_ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${head} (+ uncommitted changes in queue-core/src or bench/src)` : head;
  } catch {
    return 'unknown';
  }
}

/** Call at the start of a run; pass the result to `finishMachine` at the end. */
export function describeMachine(packages: readonly string[]): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
    packages: Object.fromEntries(packages.map((p) => [p, packageVersion(p)])),
    commit: gitCommit(),
    nice: os.getPriority(),
    loadAvg: { start: round2(os.loadavg()[0] ?? 0), end: NaN },
    date: new Date().toISOString(),
  };
}

export function finishMachine(m: Machine): Machine {
  return { ...m, loadAvg: { start: m.loadAvg.start, end: round2(os.loadavg()[0] ?? 0) } };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
