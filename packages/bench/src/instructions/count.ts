/**
 * Instruction counts of a workload (`bench instructions`): the harness bundle runs twice under
 * valgrind's cachegrind (`--cache-sim=no`, node `--predictable`), with a small and a large
 * number of units; (instructions of the large run − of the small run) ÷ (units difference) is
 * the count per unit. Start-up, module loading and most compilation cancel out, and on a shared
 * machine these counts repeat within ~1 % where time spreads by 10–40 %.
 */
import { execFile as execFileCb, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { BENCH_ROOT } from '../lib/machine.ts';
import { HARNESSES, type HarnessName } from './harnesses.ts';

const execFile = promisify(execFileCb);

export const BASE_PACKAGES = ['queue-core', 'sim'] as const;
export type BasePackage = (typeof BASE_PACKAGES)[number];
const REPO = path.resolve(BENCH_ROOT, '..', '..');
/** Bundles live inside packages/bench so that Node resolves anything left external from there. */
const BUNDLE_DIR = path.join(BENCH_ROOT, '.instructions');

export interface CountOptions {
  readonly from?: number;
  readonly to?: number;
  readonly repeats: number;
  /** A git revision to count too: its sources of `basePackages` with this checkout's harnesses. */
  readonly base?: string;
  /** Which packages' sources come from the base revision (default both). */
  readonly basePackages?: readonly BasePackage[];
  /** Also list the top functions of the difference (cg_diff + cg_annotate), this many. */
  readonly top: number;
  readonly scenarios: string;
  readonly largeExample: string;
  readonly log: (line: string) => void;
  /** Flags for node under valgrind (default DEFAULT_NODE_FLAGS). */
  readonly nodeFlags?: readonly string[];
}

/**
 * `--predictable` makes V8 single-threaded and its heuristics deterministic: plain
 * `--single-threaded` counts of one bundle still moved by up to ~10 % between runs here (large
 * example), `--predictable` ones repeat within ~0.1 %.
 */
export const DEFAULT_NODE_FLAGS: readonly string[] = ['--predictable'];

export interface Count {
  readonly subject: 'head' | 'base';
  readonly perUnit: number[];
  readonly top: { instructions: number; share: number; fn: string }[];
}

export interface HarnessCounts {
  readonly harness: HarnessName;
  readonly unit: string;
  readonly from: number;
  readonly to: number;
  readonly counts: Count[];
}

export class InstructionsError extends Error {
  constructor(
    readonly code: 'BENCH_ERR_NO_VALGRIND' | 'BENCH_ERR_BAD_REVISION' | 'BENCH_ERR_HARNESS_FAILED',
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/** The `I refs` total of a cachegrind run's summary (stderr). */
export function parseInstructionTotal(stderr: string): number {
  const m = /I\s+refs:\s+([\d,]+)/.exec(stderr);
  if (!m) throw new InstructionsError('BENCH_ERR_HARNESS_FAILED', `no "I refs" line in valgrind's output:\n${stderr.slice(-2000)}`);
  return Number(m[1]!.replaceAll(',', ''));
}

/** The function lines of `cg_annotate` output: instructions, share and name, in its order. */
export function parseAnnotate(text: string): { instructions: number; share: number; fn: string }[] {
  const out: { instructions: number; share: number; fn: string }[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(-?[\d,]+)\s+\(\s*(-?[\d.]+)%\)\s+(\S.*)$/.exec(line);
    if (m && !m[3]!.includes('PROGRAM TOTALS')) out.push({ instructions: Number(m[1]!.replaceAll(',', '')), share: Number(m[2]), fn: m[3]!.trim() });
  }
  return out;
}

export function checkValgrind(): void {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'pipe' });
  } catch {
    throw new InstructionsError('BENCH_ERR_NO_VALGRIND', 'valgrind is not installed (Debian: apt-get install -y valgrind)');
  }
}

/** Maps this checkout's sources of `packages` to another tree's (for --base). */
function basePlugin(baseRoot: string, packages: readonly BasePackage[]): Plugin {
  const swap = (p: string): string | undefined => {
    for (const pkg of packages) {
      const from = path.join(REPO, 'packages', pkg, 'src') + path.sep;
      if (p.startsWith(from)) return path.join(baseRoot, 'packages', pkg, 'src', p.slice(from.length));
    }
    return undefined;
  };
  return {
    name: 'base-sources',
    setup(b) {
      if (packages.includes('queue-core')) {
        b.onResolve({ filter: /^@asan\/queue-core$/ }, () => ({ path: path.join(baseRoot, 'packages', 'queue-core', 'src', 'index.ts') }));
      }
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        const swapped = swap(path.resolve(args.resolveDir, args.path));
        return swapped ? { path: swapped } : undefined;
      });
    },
  };
}

/** Bundles the harness entry (with `baseRoot`'s sources of `packages` when given); returns the file. */
export async function bundle(name: string, baseRoot?: string, packages: readonly BasePackage[] = BASE_PACKAGES): Promise<string> {
  mkdirSync(BUNDLE_DIR, { recursive: true });
  const outfile = path.join(BUNDLE_DIR, `${name}.mjs`);
  await build({
    entryPoints: [path.join(BENCH_ROOT, 'src', 'instructions', 'entry.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'error',
    plugins: baseRoot ? [basePlugin(baseRoot, packages)] : [],
    // third-party imports of the base tree's sources resolve from this checkout's packages
    nodePaths: baseRoot ? ['sim', 'queue-core', 'bench'].map((p) => path.join(REPO, 'packages', p, 'node_modules')) : [],
  });
  return outfile;
}

async function instructions(file: string, harness: HarnessName, units: number, opts: CountOptions, cgOut: string): Promise<number> {
  const args = ['--tool=cachegrind', '--cache-sim=no', `--cachegrind-out-file=${cgOut}`, process.execPath, ...(opts.nodeFlags ?? DEFAULT_NODE_FLAGS), file, harness, String(units), opts.scenarios, opts.largeExample];
  try {
    const { stderr } = await execFile('valgrind', args, { maxBuffer: 64 * 1024 * 1024 });
    return parseInstructionTotal(stderr);
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new InstructionsError('BENCH_ERR_HARNESS_FAILED', `${harness} (${units} units) failed under valgrind: ${err.stderr?.slice(-2000) ?? err.message}`);
  }
}

function topOf(small: string, large: string, n: number): Count['top'] {
  const diff = `${large}.diff`;
  writeFileSync(diff, execFileSync('cg_diff', [small, large], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }));
  const annotated = execFileSync('cg_annotate', ['--auto=no', diff], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return parseAnnotate(annotated).slice(0, n);
}

export async function countInstructions(names: HarnessName[], opts: CountOptions): Promise<HarnessCounts[]> {
  checkValgrind();
  const subjects: { subject: 'head' | 'base'; root?: string }[] = [{ subject: 'head' }];
  let worktree: string | undefined;
  if (opts.base) {
    worktree = mkdtempSync(path.join(os.tmpdir(), 'asan-base-'));
    try {
      execFileSync('git', ['-C', REPO, 'worktree', 'add', '--detach', worktree, opts.base], { stdio: 'pipe' });
    } catch (e) {
      rmSync(worktree, { recursive: true, force: true });
      throw new InstructionsError('BENCH_ERR_BAD_REVISION', `cannot check out ${opts.base}: ${(e as { stderr?: Buffer }).stderr?.toString().trim() ?? e}`);
    }
    subjects.push({ subject: 'base', root: worktree });
  }
  const cgDir = mkdtempSync(path.join(os.tmpdir(), 'asan-cg-'));
  try {
    const files = new Map<string, string>();
    for (const s of subjects) files.set(s.subject, await bundle(s.subject, s.root, opts.basePackages));
    const results: HarnessCounts[] = [];
    for (const name of names) {
      const h = HARNESSES[name];
      const from = opts.from ?? h.from;
      const to = opts.to ?? h.to;
      const counts = subjects.map((s) => ({ subject: s.subject, perUnit: [] as number[], top: [] as Count['top'] }));
      for (let r = 0; r < opts.repeats; r++) {
        // alternate the order of head and base between repeats
        const order = r % 2 === 0 ? counts : [...counts].reverse();
        for (const c of order) {
          const small = path.join(cgDir, `${name}-${c.subject}-${r}-a`);
          const large = path.join(cgDir, `${name}-${c.subject}-${r}-b`);
          const a = await instructions(files.get(c.subject)!, name, from, opts, small);
          const b = await instructions(files.get(c.subject)!, name, to, opts, large);
          const per = (b - a) / (to - from);
          c.perUnit.push(per);
          opts.log(`${name} ${c.subject} repeat ${r + 1}/${opts.repeats}: ${Math.round(per).toLocaleString('en')} instructions per ${h.unit}`);
          if (opts.top > 0 && r === opts.repeats - 1) c.top = topOf(small, large, opts.top);
        }
      }
      results.push({ harness: name, unit: h.unit, from, to, counts });
    }
    return results;
  } finally {
    rmSync(cgDir, { recursive: true, force: true });
    if (worktree) {
      execFileSync('git', ['-C', REPO, 'worktree', 'remove', '--force', worktree], { stdio: 'pipe' });
    }
  }
}
