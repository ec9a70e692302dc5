/**
 * Reused command objects. The engine reads a command while it executes it and keeps no reference
 * to it (only a command with an idempotency `key` is remembered, and the simulator sends none), so
 * the simulator fills one mutable object per command shape instead of allocating a literal for each
 * of the ~10 commands a citizen causes. Every field of a shape is set before each use, so the
 * commands the engine sees are exactly the literals they replace (same fields, same values). The
 * rarer commands of holds keep their literals.
 */
import type { Channel } from '@asan/queue-core';

/** A number field that starts as a double (epoch ms and durations are not small integers). */
const T0 = -0.5;

export class CommandSlots {
  readonly tick = { type: 'tick' as const, now: T0 };
  readonly callNext = { type: 'callNext' as const, now: T0, window: 0 };
  readonly start = { type: 'start' as const, now: T0, window: 0 };
  readonly openWindow = { type: 'openWindow' as const, now: T0, window: 0 };
  readonly complete = { type: 'complete' as const, now: T0, window: 0 };
  readonly completeRated = { type: 'complete' as const, now: T0, window: 0, rating: 0 };
  readonly park = { type: 'park' as const, now: T0, window: 0 };
  readonly transfer = { type: 'transfer' as const, now: T0, window: 0, service: '' };
  readonly resume = { type: 'resume' as const, now: T0, ticket: 0 };
  readonly checkIn = { type: 'checkIn' as const, now: T0, ticket: 0 };
  readonly cancel = { type: 'cancel' as const, now: T0, ticket: 0, reason: '' };
  readonly issueWalkIn = { type: 'issueWalkIn' as const, now: T0, service: '', class: '', citizen: '', channel: 'desk' as Channel };
  readonly book = { type: 'book' as const, now: T0, citizen: '', service: '', slot: T0, class: '' };
  readonly bookAt = { type: 'book' as const, now: T0, citizen: '', service: '', slot: T0, class: '', stop: '' };
}
