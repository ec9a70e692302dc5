/**
 * Writes a centre's snapshot to the store every `every` applied events, off the requests' path:
 * the write is scheduled after the events' answers (setImmediate), the snapshot is taken under the
 * centre's mutex (so it holds only appended events, never a group's speculative ones) and saved
 * outside it. One write at a time per centre; failures are reported and retried at the next
 * threshold (a missing snapshot only makes the next start replay more).
 */
import type { CentreSnapshot } from '@asan/queue-core';
import type { EventStore } from '../store/event-store.ts';

export class SnapshotWriter {
  private writing: Promise<void> | undefined;
  /** Snapshots saved by this process. */
  written = 0;
  /** Version of the last snapshot saved by this process. */
  lastVersion: number | null = null;

  constructor(
    private readonly centre: string,
    private readonly every: number,
    /** Version of the latest snapshot (stored or taken): events after it are counted. */
    private base: number,
    /** The centre's current version. */
    private readonly version: () => number,
    private readonly store: EventStore,
    /** Takes a snapshot under the centre's mutex. */
    private readonly take: () => Promise<CentreSnapshot>,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Called after events are applied; schedules a write when `every` have accumulated since the latest snapshot. */
  noteEvents(): void {
    if (this.every <= 0 || this.version() - this.base < this.every || this.writing || !this.store.saveSnapshot) return;
    this.writing = this.write().finally(() => {
      this.writing = undefined;
    });
  }

  /** Resolves when no write is in flight (before the store is closed). */
  async idle(): Promise<void> {
    await this.writing;
  }

  private async write(): Promise<void> {
    try {
      await new Promise((resolve) => setImmediate(resolve));
      const snapshot = await this.take();
      this.base = snapshot.version;
      await this.store.saveSnapshot!(this.centre, snapshot.version, snapshot);
      this.written++;
      this.lastVersion = snapshot.version;
    } catch (err) {
      this.onError(err);
    }
  }
}
