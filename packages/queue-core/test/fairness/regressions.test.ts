/**
 * Every counterexample the fairness properties ever found, replayed as an explicit command list
 * (regressions.json: the JSON fast-check printed, prelude and commands) through the same model
 * checks. Add a case by pasting the shrunk counterexample with a name and where it was found.
 */
import { describe, it } from 'vitest';
import type { PolicyName } from '../../src/index.ts';
import { setup } from './harness.ts';
import { manualCentre } from './model-config.ts';
import { runSpec, type CmdSpec } from './model-commands.ts';
import { AutoCommand } from './auto-driver.ts';
import { runAuto } from './properties.ts';
import cases from './regressions.json' with { type: 'json' };

interface Case {
  readonly name: string;
  readonly found: string;
  /** Manual property (policy) or auto-call property (shape and handle times). */
  readonly policy?: PolicyName;
  readonly auto?: { readonly shape: 'pools' | 'single'; readonly handleMs: readonly number[] };
  readonly prelude: readonly CmdSpec[];
  readonly commands: readonly CmdSpec[];
}

describe('fairness regressions (explicit command lists)', () => {
  it.each((cases as unknown as Case[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    if (c.auto) {
      runAuto(c.auto.shape, c.prelude, c.auto.handleMs, (world) => c.commands.forEach((spec) => new AutoCommand(spec).run(world.h.model, world)), { bookings: 0, premise: 0, overtakes: 0 });
      return;
    }
    const h = setup(manualCentre(c.policy ?? 'edd'), c.prelude);
    for (const spec of c.commands) runSpec(spec, h.model, h);
    h.checker.final();
  });
});
