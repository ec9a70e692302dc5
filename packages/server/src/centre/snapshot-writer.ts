/**
 * Writes a centre's snapshot to the store every `every` applied events, off the requests' path:
 * the write is scheduled after the events' answers (setImmediate), the snapshot is taken like a read
 * (`CentreHost.read`: it holds only appended events, never a group's in flight, and the centre's
 * drain serves it between groups even under a steady stream of writes) and saved outside it. One
 * write at a time per centre; failures are reported and retried at the next threshold (a missing
 * snapshot only makes the next start replay more).
 *
 * The threshold grows with the centre: a snapshot costs time in proportion to the tickets it holds
 * (the engine's known tickets: live ones and the last finished ones, not its whole history)
 * (taken and packed on the main thread, between the centre's groups: 150,000 tickets are a 20 MB
 * snapshot, 0.1–0.5 s), a replayed event costs about the same whatever the size. So the next
 * snapshot waits for max(`every`, as many events as the last one had tickets): its cost per event
 * stays about that of copying one ticket's row, and a start replays at most that many events.
 * (A quarter of the tickets cost 4× that: ~8 µs of server CPU per issued ticket in `bench server`'s
 * issue route, where the centre grows by ~100,000 tickets a run; a whole snapshot-free run ~4 µs less
 * again — see packages/bench/PERF-NOTES.md.)
 * (With the threshold fixed at 1,000, a centre of 150,000 waiting tickets under load was writing
 * snapshots back to back — a stall of the centre every few hundred milliseconds.)
 */
import type { CentreSnapshot } from '@asan/queue-core';
import type { EventStore } from '../store/event-store.ts';

export class SnapshotWriter {
  private writing: Promise<void> | undefined;
  /** Snapshots saved by this process. */
  written = 0;
  /** Version of the last snapshot saved by this process. */
  lastVersion: number | null = null;
  /** Events after the latest snapshot that trigger the next one (see above). */
  private threshold: number;

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
  ) {
    this.threshold = every;
  }

  /** Called after events are applied; schedules a write when `every` have accumulated since the latest snapshot. */
  noteEvents(): void {
    if (this.every <= 0 || this.version() - this.base < this.threshold || this.writing || !this.store.saveSnapshot) return;
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
      this.threshold = Math.max(this.every, snapshot.ids.length); // as many events as it holds tickets
      await this.store.saveSnapshot!(this.centre, snapshot.version, snapshot);
      this.written++;
      this.lastVersion = snapshot.version;
    } catch (err) {
      this.onError(err);
    }
  }
}
