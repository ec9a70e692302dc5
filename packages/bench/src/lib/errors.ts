/**
 * Refusals of the bench CLI: a stable code and a message that says what to fix. The CLI prints
 * them as one line (no stack trace) and exits with 2 (3: a tool is missing): nothing was measured.
 * The same codes, marked afterMeasuring, for a results file or README that could not be written
 * once the suite had measured: exit 1 (the numbers were printed first). Listed in the README.
 */
import { readFileSync } from 'node:fs';

export type BenchErrorCode = 'BENCH_ERR_FILE' | 'BENCH_ERR_BAD_OPTION' | 'BENCH_ERR_NO_REDIS_SERVER';

/**
 * Exit status of a coded error: 3 when a tool the suite needs is missing, 2 for a refusal (nothing
 * was measured), 1 for a file that could not be written after measuring (the numbers are on stdout).
 */
export function exitStatusOf(e: BenchError): number {
  if (e.afterMeasuring) return 1;
  return e.code === 'BENCH_ERR_NO_REDIS_SERVER' ? 3 : 2;
}

export class BenchError extends Error {
  constructor(
    readonly code: BenchErrorCode,
    message: string,
    /** Raised once the suite has measured (a results file or README that could not be written). */
    readonly afterMeasuring = false,
  ) {
    super(`${code}: ${message}`);
    this.name = 'BenchError';
  }
}

/** Reads and parses a JSON file the user named (`shown`: the path as they typed it). */
export function readJsonFile(file: string, shown: string = file): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new BenchError('BENCH_ERR_FILE', `cannot read ${shown}: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new BenchError('BENCH_ERR_FILE', `${shown} is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}
