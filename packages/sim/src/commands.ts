/**
 * Reused command objects. The engine reads a command while it executes it and keeps no reference
 * to it (only a command with an idempotency `key` is remembered, and the simulator sends none), so
 * the simulator fills one mutable object per command shape instead of allocating a literal for each
 * of the ~10 commands a citizen causes. Every field of a shape is set before each use, so the
 * commands the engine sees have the values of the literals they replace (fields a command does not
 * have are undefined, see `AnyCommand`). The rarer commands of holds keep their literals.
 */
import type { Channel } from '@asan/queue-core';

/** A number field that starts as a double (epoch ms and durations are not small integers). */
const T0 = -0.5;

/**
 * Every reused command has the fields of all of them, in this order (those a command does not
 * have stay undefined, which the engine reads as absent: its optional fields are checked with
 * `!== undefined` or `??`): the engine's `execute` and `decideCommand` then see one hidden class
 * for every command the simulator sends, so their reads of `key`, `now` and `type` are
 * monomorphic instead of megamorphic lookups (one shape per command type was ~12 shapes).
 */
class AnyCommand {
  type = '';
  now = T0;
  window: number | undefined = undefined;
  ticket: number | undefined = undefined;
  service: string | undefined = undefined;
  class: string | undefined = undefined;
  citizen: string | undefined = undefined;
  channel: Channel | undefined = undefined;
  slot: number | undefined = undefined;
  stop: string | undefined = undefined;
  rating: number | undefined = undefined;
  reason: string | undefined = undefined;
}

/** A reused command: `fields` (its type and the initial values of its own fields) on the shared shape. */
function slot<T extends { type: string }>(fields: T): T {
  const c = new AnyCommand();
  for (const k of Object.keys(fields) as (keyof T & keyof AnyCommand)[]) {
    if (!(k in c)) throw new Error(`command field ${String(k)} is not in AnyCommand`);
    (c as unknown as Record<string, unknown>)[k] = fields[k];
  }
  return c as unknown as T;
}

/**
 * The thread's command objects, shared by its runs (`Run.cmd`): a run is synchronous and fills a
 * command right before the engine reads it, so runs one after the other (or side by side) never
 * see each other's values. Making a set per run (14 objects of 12 fields) was ~⅙ of a run's setup.
 */
export function commandSlots(): CommandSlots {
  return (shared ??= new CommandSlots());
}
let shared: CommandSlots | undefined;

export class CommandSlots {
  readonly tick = slot({ type: 'tick' as const, now: T0 });
  readonly callNext = slot({ type: 'callNext' as const, now: T0, window: 0 });
  readonly start = slot({ type: 'start' as const, now: T0, window: 0 });
  readonly openWindow = slot({ type: 'openWindow' as const, now: T0, window: 0 });
  readonly complete = slot({ type: 'complete' as const, now: T0, window: 0 });
  readonly completeRated = slot({ type: 'complete' as const, now: T0, window: 0, rating: 0 });
  readonly park = slot({ type: 'park' as const, now: T0, window: 0 });
  readonly transfer = slot({ type: 'transfer' as const, now: T0, window: 0, service: '' });
  readonly resume = slot({ type: 'resume' as const, now: T0, ticket: 0 });
  readonly checkIn = slot({ type: 'checkIn' as const, now: T0, ticket: 0 });
  readonly cancel = slot({ type: 'cancel' as const, now: T0, ticket: 0, reason: '' });
  readonly issueWalkIn = slot({ type: 'issueWalkIn' as const, now: T0, service: '', class: '', citizen: '', channel: 'desk' as Channel });
  readonly book = slot({ type: 'book' as const, now: T0, citizen: '', service: '', slot: T0, class: '' });
  readonly bookAt = slot({ type: 'book' as const, now: T0, citizen: '', service: '', slot: T0, class: '', stop: '' });
}
