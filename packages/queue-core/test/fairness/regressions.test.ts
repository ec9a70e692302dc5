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
import cases from './regressions.json' with { type: 'json' };

interface Case {
  readonly name: string;
  readonly found: string;
  readonly policy: PolicyName;
  readonly prelude: readonly CmdSpec[];
  readonly commands: readonly CmdSpec[];
}

describe('fairness regressions (explicit command lists)', () => {
  it.each((cases as unknown as Case[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const h = setup(manualCentre(c.policy), c.prelude);
    for (const spec of c.commands) runSpec(spec, h.model, h);
    h.checker.final();
  });
});
