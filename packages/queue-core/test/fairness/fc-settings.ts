/**
 * Run sizes and replay for the fairness properties. Environment overrides:
 *   FC_RUNS=<n>         runs per property (default: each property's CI size)
 *   FC_SEED=<n>         seed (default: a fresh one, printed)
 *   FC_PATH=<path>      replay one failing case (with its FC_SEED), as fast-check prints it
 *   FC_MAX_COMMANDS=<n> commands per run (default 200)
 * Every property prints its seed once, failed or not.
 */
import fc from 'fast-check';

export const MAX_COMMANDS = Number(process.env.FC_MAX_COMMANDS ?? 200);

export function fcParams<T>(name: string, defaultRuns: number, commands = true): fc.Parameters<T> {
  const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const numRuns = process.env.FC_RUNS !== undefined ? Number(process.env.FC_RUNS) : defaultRuns;
  const path = process.env.FC_PATH;
  console.log(`[fairness] ${name}: seed=${seed} runs=${numRuns}${commands ? ` maxCommands=${MAX_COMMANDS}` : ''}${path ? ` path=${path}` : ''}  (replay: FC_SEED=${seed}${path ? ` FC_PATH=${path}` : ''})`);
  return { seed, numRuns, ...(path ? { path } : {}) };
}

/** Time limit of a property test: generous at CI size (a shared 2-core machine), none to speak of for long runs. */
export const PROPERTY_TIMEOUT_MS = process.env.FC_RUNS !== undefined ? 24 * 3_600_000 : 300_000;
