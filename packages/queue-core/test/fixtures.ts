/** Shared test fixtures: a small centre, local-time helpers. */
import type { CentreInput } from '../src/index.ts';
import { time } from '../src/index.ts';
import { Centre } from '../src/index.ts';
import type { Command, CommandOf, CommandType, ErrorCode, Outcome, QueueError, QueueEvent, ResultOf } from '../src/index.ts';

/** Epoch ms of a Baku local time (UTC+4): at('2026-11-23', '09:30'). 2026-11-23 is a Monday. */
export function at(date: string, clock: string): number {
  return time.epochOf(time.parseDate(date), time.parseClock(clock), 240 * time.MINUTE_MS);
}

export const MON = '2026-11-23';
export const TUE = '2026-11-24';
export const SAT = '2026-11-28';

/** Minutes → ms. */
export const min = (m: number): number => m * time.MINUTE_MS;

export function smallCentre(overrides: Partial<CentreInput> = {}): CentreInput {
  return {
    id: 'baku-1',
    name: 'Baku ASAN Centre No. 1',
    agencies: [
      { id: 'mia', name: 'Ministry of Internal Affairs', kind: 'public' },
      { id: 'bank', name: 'Bank', kind: 'private' },
    ],
    services: [
      { id: 'id-card', agency: 'mia', prefix: 'A', meanHandleMin: 8, slotMin: 15 },
      { id: 'passport', agency: 'mia', prefix: 'B', meanHandleMin: 12, needsPayment: true, slotMin: 15 },
      { id: 'licence', agency: 'mia', prefix: 'C', meanHandleMin: 10, bookable: false },
      { id: 'account', agency: 'bank', prefix: 'D', meanHandleMin: 5 },
    ],
    windows: [
      { number: 1, floor: 1, agency: 'mia', services: ['id-card', 'passport'] },
      { number: 2, floor: 1, agency: 'mia', services: ['id-card'] },
      { number: 3, floor: 2, agency: 'mia', services: ['licence', 'passport'] },
      { number: 4, floor: 2, agency: 'bank', services: ['account'] },
    ],
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------
// Command helpers for scenario tests.

export const SUN = '2026-11-22';
export const WED = '2026-11-25';

/** Anything that executes commands: a Centre, or a Recorded centre. */
interface Executor {
  execute(cmd: Command): Outcome;
}

/** Executes a command that must be accepted; returns its result. */
export function ok<T extends CommandType>(target: Executor, cmd: CommandOf<T>): ResultOf[T] {
  const out = target.execute(cmd as Command);
  if (!out.ok) throw new Error(`expected ${cmd.type} to be accepted, got ${out.error.code}: ${out.error.message}`);
  return out.result as ResultOf[T];
}

/**
 * Executes a command that must be refused with `code`, and checks that the refusal changed
 * nothing: the same dump (JSON) and the same version before and after. Throws (no vitest import,
 * so this file stays usable outside tests).
 */
export function expectRefused(centre: Centre | Recorded, cmd: unknown, code: ErrorCode): QueueError {
  const c = centre instanceof Recorded ? centre.centre : centre;
  const before = JSON.stringify(c.dump());
  const version = c.version;
  const out = centre.execute(cmd as Command);
  if (out.ok) throw new Error(`expected ${code}, but ${JSON.stringify((cmd as { type?: unknown } | null)?.type)} was accepted`);
  if (out.error.code !== code) throw new Error(`expected ${code}, got ${out.error.code}: ${out.error.message}`);
  if (/\{\w+\}/.test(out.error.message)) throw new Error(`message has an unfilled placeholder: ${out.error.message}`);
  if (c.version !== version) throw new Error(`refusal ${code} changed the version: ${version} → ${c.version}`);
  const after = JSON.stringify(c.dump());
  if (after !== before) throw new Error(`refusal ${code} changed the state:\nbefore ${before}\nafter  ${after}`);
  return out.error;
}

/** A centre that keeps the log of every event it applied, for replay checks. */
export class Recorded implements Executor {
  readonly events: QueueEvent[] = [];
  readonly centre: Centre;
  constructor(readonly input: CentreInput = smallCentre()) {
    this.centre = new Centre(input);
  }
  execute(cmd: Command): Outcome {
    const out = this.centre.execute(cmd);
    if (out.ok && !out.duplicate) this.events.push(...out.events);
    return out;
  }
  /** The centre rebuilt from the log. */
  replayed(): Centre {
    return Centre.replay(this.input, this.events);
  }
}
