/** Option parsers shared by the server, bullmq and replay commands (commander argument parsers). */
import { InvalidArgumentError } from 'commander';

export const positiveInt = (name: string) => (v: string): number => {
  const n = Number(v.replace(/k$/i, '000'));
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive integer`);
  return n;
};

export const nonNegativeInt = (name: string) => (v: string): number => {
  const n = Number(v.replace(/k$/i, '000'));
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be an integer ≥ 0`);
  return n;
};

export const positiveNumber = (name: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a number > 0`);
  return n;
};

export const intList = (name: string) => (v: string): number[] => {
  const list = v.split(',').map((x) => Number(x.trim()));
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 1)) throw new InvalidArgumentError(`${name}: positive integers, comma-separated`);
  return list;
};

export const choiceList = <T extends string>(name: string, choices: readonly T[]) => (v: string): T[] => {
  const list = v.split(',').map((x) => x.trim());
  const bad = list.filter((x) => !(choices as readonly string[]).includes(x));
  if (list.length === 0 || bad.length > 0) throw new InvalidArgumentError(`${name}: comma-separated of ${choices.join(', ')}; unknown: ${bad.join(', ')}`);
  return list as T[];
};
