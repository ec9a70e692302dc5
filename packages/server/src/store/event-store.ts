/**
 * The port every event store implements: a per-centre append-only log with optimistic
 * concurrency. `append` writes only if the stored version (number of events) is still the one the
 * caller expects; otherwise it changes nothing and reports the version it found, so the caller can
 * catch up on the new events and decide again. One conformance suite (event-store.conformance.ts)
 * runs against every adapter.
 */
import type { CentreSnapshot, QueueEvent } from '@asan/queue-core';

/** The first answer to an idempotent request, stored atomically with the events it produced. */
export interface StoredAnswer {
  /** Hash of the request (route, parameters, body): the same key with another request is refused. */
  readonly fingerprint: string;
  readonly status: number;
  readonly body: unknown;
}

/** How long a first answer is kept when the configuration says nothing (48 h; `idempotencyTtlHours`). */
export const DEFAULT_IDEMPOTENCY_TTL_MS = 48 * 60 * 60_000;

export interface AppendRequest {
  readonly events: readonly QueueEvent[];
  /**
   * Remembered under `key` in the same atomic write, when the request carried an idempotency key,
   * for the store's answer lifetime (`idempotencyTtlMs`); after it the key is free again.
   */
  readonly answer?: { readonly key: string; readonly value: StoredAnswer };
}

export type AppendResult = { readonly ok: true; readonly version: number } | { readonly ok: false; readonly version: number };

export interface EventStore {
  /** 'embedded' or 'redis': shown by readiness and metrics. */
  readonly kind: string;
  /** Other processes may append (Redis): reads catch up first. False for the embedded store, owned by one process. */
  readonly shared: boolean;
  /** Events of a centre from version `from` (0 = all), in order. */
  load(centre: string, from: number): Promise<QueueEvent[]>;
  /** Current version (event count) of a centre. */
  version(centre: string): Promise<number>;
  /** Appends iff the stored version equals `expected`; never partially. */
  append(centre: string, expected: number, request: AppendRequest): Promise<AppendResult>;
  /** The stored first answer of an idempotency key, if any and not older than the answer lifetime. */
  answer(centre: string, key: string): Promise<StoredAnswer | undefined>;
  /**
   * Shared stores: calls `listener` when any process appended to a centre (at most once per append;
   * may be late or lost — it only hastens a catch-up that reads and writes do anyway).
   */
  subscribe?(listener: (centre: string, version: number) => void): Promise<void>;
  /**
   * Stores a snapshot of a centre at `version` (its events 1..version folded), replacing an older
   * one; a snapshot older than the stored one is ignored. Optional: a store without snapshots
   * replays the whole log at start.
   */
  saveSnapshot?(centre: string, version: number, snapshot: CentreSnapshot): Promise<void>;
  /** The latest stored snapshot of a centre, if any. */
  loadSnapshot?(centre: string): Promise<CentreSnapshot | undefined>;
  /** Throws when the store cannot serve (readiness). */
  ping(): Promise<void>;
  /** Flushes and releases resources; pending appends finish first. */
  close(): Promise<void>;
}
