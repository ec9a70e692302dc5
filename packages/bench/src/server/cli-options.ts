/** Option parsers shared by the bench commands (commander argument parsers), and where a path they name is. */
import path from 'node:path';
import { decimalInteger } from '@asan/sim';
import { InvalidArgumentError } from 'commander';

/**
 * An integer as typed: decimal digits, or decimal digits and `k` for thousands (`50k`, `400k`),
 * else NaN. The simulator's decimalInteger reads the digits: Number() alone would take '0x10' as 16,
 * '1e3' as 1000, '2.0' as 2 and '' as 0.
 */
export function integerOf(v: string): number {
  const t = v.trim();
  const thousands = /\dk$/i.test(t);
  const n = decimalInteger(thousands ? t.slice(0, -1) : t);
  return thousands ? n * 1000 : n;
}

/** A number as typed in decimal notation (`3`, `0.5`, `2.25`), else NaN: no '0x10', '1e3' or ''. */
export function decimalOf(v: string): number {
  return /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(v) ? Number(v) : NaN;
}

/** The items of a comma-separated option value, trimmed. */
const itemsOf = (v: string): string[] => v.split(',').map((x) => x.trim());

/**
 * Refuses a list that gives a value twice (it would be run, and reported, twice). `values` are the
 * parsed items and `typed` the items as typed (so `1k,1000` is caught too).
 */
export function refuseTwice(name: string, values: readonly unknown[], typed: readonly string[]): void {
  const i = values.findIndex((x, j) => values.indexOf(x) !== j);
  if (i < 0) return;
  const first = typed[values.indexOf(values[i])]!;
  throw new InvalidArgumentError(`${name}: ${typed[i]} is given twice${first === typed[i] ? '' : ` (${first} and ${typed[i]} are the same)`}`);
}

export const positiveInt = (name: string) => (v: string): number => {
  const n = integerOf(v);
  if (!(n >= 1)) throw new InvalidArgumentError(`${name} must be a positive integer (decimal digits, or with k for thousands)`);
  return n;
};

export const nonNegativeInt = (name: string) => (v: string): number => {
  const n = integerOf(v);
  if (!(n >= 0)) throw new InvalidArgumentError(`${name} must be an integer ≥ 0 (decimal digits, or with k for thousands)`);
  return n;
};

export const positiveNumber = (name: string) => (v: string): number => {
  const n = decimalOf(v);
  if (!(n > 0)) throw new InvalidArgumentError(`${name} must be a number > 0 in decimal notation (e.g. 0.5)`);
  return n;
};

/** Comma-separated integers ≥ min (`k` for thousands), each given once. */
export const intList = (name: string, min = 1, example = '1,10') => (v: string): number[] => {
  const typed = itemsOf(v);
  const list = typed.map(integerOf);
  if (list.some((n) => !(n >= min))) throw new InvalidArgumentError(`${name}: integers ≥ ${min}, comma-separated (e.g. ${example})`);
  refuseTwice(name, list, typed);
  return list;
};

/** Comma-separated numbers > 0 in decimal notation, each given once. */
export const numberList = (name: string, example: string) => (v: string): number[] => {
  const typed = itemsOf(v);
  const list = typed.map(decimalOf);
  if (list.some((n) => !(n > 0))) throw new InvalidArgumentError(`${name}: numbers > 0 in decimal notation, comma-separated (e.g. ${example})`);
  refuseTwice(name, list, typed);
  return list;
};

/** Comma-separated values of `choices`, each given once. */
export const choiceList = <T extends string>(name: string, choices: readonly T[]) => (v: string): T[] => {
  const list = itemsOf(v);
  const bad = list.filter((x) => !(choices as readonly string[]).includes(x));
  if (list.length === 0 || bad.length > 0) throw new InvalidArgumentError(`${name}: comma-separated of ${choices.join(', ')}; unknown: ${bad.join(', ')}`);
  refuseTwice(name, list, list);
  return list as T[];
};

/**
 * A file the user named, as an absolute path: `pnpm bench` runs in packages/bench, and passes the
 * directory pnpm was started from in INIT_CWD; a relative path is taken from there.
 */
export function userPath(file: string): string {
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
}
