/** Reading integers the user typed (options of the sim CLI, its speed script and the bench CLI). */

/**
 * An integer written in decimal digits (an optional minus sign, surrounding blanks allowed), else
 * NaN; NaN too beyond Number.MAX_SAFE_INTEGER. Number() alone would read '' as 0, '0x2' as 2, '1e1'
 * as 10 and '2.0' as 2. Used by the sim CLI's options, scripts/bench.ts and the bench CLI.
 */
export function decimalInteger(v: string): number {
  const n = /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) ? n : NaN;
}
