/**
 * The workload both the engine and the anchor see: which service and class each new ticket has,
 * and the due-date key it gets (the engine's EDD key, d = now + T_class), from a fixed seed.
 */
import { time } from '@asan/queue-core';
import { Rng, WeightedPicker } from '../lib/rng.ts';
import { PRIORITY_SHARE } from './centre-fixture.ts';

/** `now` advances by this much per pair (and per pre-filled ticket). */
export const STEP_MS = 1;
export const PRIORITY_TARGET_MS = 10 * time.MINUTE_MS;
export const GENERAL_TARGET_MS = 30 * time.MINUTE_MS;

export class Workload {
  readonly rng: Rng;
  private readonly services: WeightedPicker;

  constructor(seed: number, popularity: readonly number[]) {
    this.rng = new Rng(seed);
    this.services = new WeightedPicker(popularity);
  }

  service(): number {
    return this.services.pick(this.rng);
  }

  isPriority(): boolean {
    return this.rng.next() < PRIORITY_SHARE;
  }

  /** The EDD due date of a walk-in issued at `now`. */
  static due(now: number, priority: boolean): number {
    return now + (priority ? PRIORITY_TARGET_MS : GENERAL_TARGET_MS);
  }
}
