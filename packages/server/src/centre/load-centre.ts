/**
 * Loading a centre at start: from the store's latest snapshot plus the events after it, or — with
 * no snapshot, or one that does not fit (another configuration or format, or a log it cannot
 * continue) — by replaying the whole log.
 */
import { Centre, InvariantError, SnapshotMismatchError, type CentreConfig } from '@asan/queue-core';
import type { EventStore } from '../store/event-store.ts';

/** How a centre was loaded. */
export interface CentreStart {
  /** Version of the snapshot it started from, or null (whole log replayed). */
  readonly snapshotVersion: number | null;
  /** Events folded after the snapshot (or from empty). */
  readonly replayed: number;
  /** Why a stored snapshot was not used, if there was one. */
  readonly snapshotRefused?: string;
}

export async function loadCentre(config: CentreConfig, store: EventStore): Promise<{ centre: Centre; start: CentreStart }> {
  const snapshot = store.loadSnapshot ? await store.loadSnapshot(config.id) : undefined;
  let snapshotRefused: string | undefined;
  if (snapshot !== undefined) {
    try {
      const centre = Centre.restore(config, snapshot);
      const events = await store.load(config.id, snapshot.version);
      centre.apply(events);
      return { centre, start: { snapshotVersion: snapshot.version, replayed: events.length } };
    } catch (err) {
      if (!(err instanceof SnapshotMismatchError || err instanceof InvariantError)) throw err;
      snapshotRefused = err.message;
    }
  }
  const events = await store.load(config.id, 0);
  return { centre: Centre.replay(config, events), start: { snapshotVersion: null, replayed: events.length, ...(snapshotRefused !== undefined ? { snapshotRefused } : {}) } };
}
