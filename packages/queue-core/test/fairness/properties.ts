/**
 * The fairness properties, built once and run by the test files: on the real engine
 * (model-based.prop.test.ts, auto-call.prop.test.ts) and on deliberately broken ones
 * (broken-engines.prop.test.ts), which must be caught.
 */
import fc from 'fast-check';
import type { PolicyName } from '../../src/index.ts';
import { AutoCommand, AutoDriver, type AutoWorld } from './auto-driver.ts';
import { checkKpi, checkPunctuality, drainAndCheck } from './auto-invariants.ts';
import { arrive, book, manualCommand, prelude, ticketRef } from './arbitraries.ts';
import { MAX_COMMANDS } from './fc-settings.ts';
import { setup } from './harness.ts';
import { MIN, autoCentre, manualCentre } from './model-config.ts';
import { ModelCommand, type Advance, type CmdSpec } from './model-commands.ts';
import type { Tamper } from './sut.ts';

const replayPath = process.env.FC_REPLAY_PATH;
const commandsOf = <T>(arb: fc.Arbitrary<T>) => fc.commands([arb as never], { maxCommands: MAX_COMMANDS, size: 'max', ...(replayPath ? { replayPath } : {}) });

/** Manual operation: every command of the centre, in any order, on the model and the engine. */
export function manualProperty(policy: PolicyName, tamper?: Tamper) {
  return fc.property(prelude, commandsOf(manualCommand.map((s) => new ModelCommand(s))), (pre, cmds) => {
    const h = setup(manualCentre(policy), pre, tamper);
    fc.modelRun(() => ({ model: h.model, real: h }), cmds as Iterable<ModelCommand>);
    h.checker.final();
  });
}

export const H_MAX = 12 * MIN;

const handleTimes = fc.array(fc.oneof(fc.integer({ min: 1, max: 12 }).map((n) => n * MIN), fc.integer({ min: 30, max: 720 }).map((s) => s * 1000), fc.constant(H_MAX)), { minLength: 1, maxLength: 24 });

/** The clock moves in small steps (the day should not be over before the bookings are due), and onto booking edges. */
const gentleAdvance: fc.Arbitrary<Advance> = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 6 }).map((n) => ({ k: 'dt' as const, ms: n * MIN })), weight: 6 },
  { arbitrary: fc.integer({ min: 1, max: 120 }).map((n) => ({ k: 'dt' as const, ms: n * 1000 })), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('booking' as const), pick: fc.nat({ max: 2 }), edge: fc.constantFrom('checkInOpens', 'callable', 'slot', 'lateEnds' as const), delta: fc.constantFrom(-1, 0, 1) }), weight: 2 },
);

const autoCommand: fc.Arbitrary<CmdSpec> = fc.oneof(
  { arbitrary: fc.record({ c: fc.constant('issue' as const), service: fc.nat({ max: 2 }), cls: fc.nat({ max: 2 }) }), weight: 4 },
  { arbitrary: fc.record({ c: fc.constant('advance' as const), to: gentleAdvance }), weight: 8 },
  { arbitrary: fc.record({ c: fc.constant('checkIn' as const), t: ticketRef }), weight: 2 },
  { arbitrary: arrive, weight: 5 },
  { arbitrary: fc.record({ c: fc.constant('cancel' as const), t: ticketRef }), weight: 1 },
);

/** More bookings than in the manual property, from more citizens (limits: 3 active per citizen, 1 per service and day). */
const autoPrelude = fc.array(book, { minLength: 4, maxLength: 30, size: 'max' }).map((bs) => bs.map((b, k) => ({ ...b, citizen: k % 12 })));

/** Counts of the auto-call property: bookings checked in on time, and those INV-8's premise held for. */
export interface PunctualityCount {
  bookings: number;
  premise: number;
  /** Overtakes on which the KPI module and the model agreed. */
  overtakes: number;
}

/**
 * One auto-call run: windows open from the start, `run` plays the commands (fc.modelRun, or a plain
 * loop for a regression case), then drain (INV-9), punctuality (INV-8), KPIs and replay.
 */
export function runAuto(shape: 'pools' | 'single', pre: readonly CmdSpec[], hs: readonly number[], run: (world: AutoWorld) => void, count: PunctualityCount, tamper?: Tamper): void {
  const h = setup(autoCentre(shape), pre, tamper);
  const world: AutoWorld = { h, driver: new AutoDriver(h, (_id, k) => hs[k % hs.length]!) };
  for (const w of h.model.windows) h.exec({ type: 'openWindow', now: h.model.now, window: w.number }, h.model.open(w.number), 'auto: open');
  run(world);
  drainAndCheck(world, H_MAX, shape === 'single');
  count.premise += checkPunctuality(world, H_MAX);
  count.overtakes += checkKpi(world);
  count.bookings += h.model.tickets.filter((t) => t.kind === 'booking' && t.e !== null && !t.late).length;
  h.checker.final();
}

/** Auto-call mode: windows always open, a free window calls at once; INV-8 and INV-9 at the end. */
export function autoProperty(shape: 'pools' | 'single', count: PunctualityCount = { bookings: 0, premise: 0, overtakes: 0 }, tamper?: Tamper) {
  return fc.property(autoPrelude, handleTimes, commandsOf(autoCommand.map((s) => new AutoCommand(s))), (pre, hs, cmds) => {
    runAuto(shape, pre, hs, (world) => fc.modelRun(() => ({ model: world.h.model, real: world }), cmds as Iterable<AutoCommand>), count, tamper);
  });
}
