/** Builds a model + engine pair, runs the day-before booking prelude, and moves to the service day. */
import type { CentreInput } from '../../src/index.ts';
import { epoch, modelConfigOf, type ModelConfig } from './model-config.ts';
import { Harness, runSpec, type CmdSpec } from './model-commands.ts';
import { RefModel } from './model.ts';
import { Sut, type Tamper } from './sut.ts';

/** Service day: Monday 2026-11-23 (local day number), bookings the Sunday before at 16:00. */
export const SERVICE_DAY = Date.UTC(2026, 10, 23) / 86_400_000;

export function eveOf(cfg: ModelConfig): number {
  return epoch(cfg, SERVICE_DAY - 1, 16 * 60);
}
/** The run starts at 09:50: check-in is open for the 10:00 slot; σ − E of the later slots lies ahead. */
export function dayStartOf(cfg: ModelConfig): number {
  return epoch(cfg, SERVICE_DAY, 9 * 60 + 50);
}

export function setup(input: CentreInput, prelude: readonly CmdSpec[], tamper?: Tamper): Harness {
  const cfg = modelConfigOf(input);
  const model = new RefModel(cfg, eveOf(cfg));
  const h = new Harness(model, new Sut(input, tamper));
  prelude.forEach((spec, k) => {
    model.now = eveOf(cfg) + k * 1000;
    runSpec(spec, model, h);
  });
  model.now = dayStartOf(cfg);
  return h;
}
