/**
 * One centre inside the server: the engine's `Centre` in memory, kept equal to the store's log.
 *
 * A command runs under the centre's mutex: decide → append at our version → apply (and remember the
 * answer). When another instance appended first, the append reports a conflict: we load the events
 * after our version, apply them and decide again, a bounded number of times. The first answer of a
 * request with an idempotency key is stored with its events, atomically, so a retry — on this
 * instance or another, before or after a restart — gets the same answer and changes nothing.
 *
 * Group commit: commands that arrive while the centre is busy wait in a queue; the next turn takes
 * them all, decides them one after another in arrival order (each on the state the previous ones
 * left, applied in memory at once) and appends all their events in ONE store append — one LMDB
 * transaction (one flush) or one EVALSHA instead of one per command. Their answers are given only
 * after that append succeeded — which also proves, on a shared store, that nobody appended since our
 * version, so a group needs no catch-up before it (one round trip instead of two; a group that
 * appends nothing catches up afterwards and decides again if others had appended). If the append
 * reports a conflict or fails, the centre is rebuilt from the store (a fold of the whole log) and the
 * group's commands run again one at a time, as above.
 * A command with an idempotency key, or alone in the queue, runs on its own (plain path above).
 * Measured with `pnpm bench server` (packages/bench): see the commit that introduced it.
 *
 * Snapshots: at start the centre is loaded from the store's latest snapshot and the events after
 * it (load-centre.ts); every `snapshotEveryEvents` applied events a new snapshot is written off the
 * requests' path (snapshot-writer.ts), when the store keeps snapshots.
 *
 * Where it is: this file is the public face (the request queue, which drain runs, reads); the
 * centre's state, the plain path, catch-up, rebuild and reads are host-core.ts (HostCore, the one
 * owner of the state); deciding groups and the shared store's drain, group-commit.ts; the embedded
 * store's pipelined drain, pipelined-drain.ts.
 */
import type { Centre, CentreConfig, Command, QueueEvent } from '@asan/queue-core';
import type { EventStore } from '../store/event-store.ts';
import { drainGroupsLocked } from './group-commit.ts';
import { HostCore } from './host-core.ts';
import { loadCentre, type CentreStart } from './load-centre.ts';
import { drainPipelinedLocked } from './pipelined-drain.ts';
import type { SnapshotWriter } from './snapshot-writer.ts';

export { ClientGone } from './host-core.ts';

export interface Answer {
  readonly status: number;
  readonly body: unknown;
  /**
   * The body's JSON, when the route writes it itself (http/slip-json.ts); never stored with an
   * idempotency key (only status and body are): a replayed answer is serialized from its body.
   */
  readonly json?: string;
}

export interface Idempotency {
  readonly key: string;
  readonly fingerprint: string;
}

export interface CentreHostOptions {
  readonly store: EventStore;
  readonly clock: () => number;
  /** Decide-and-append attempts before SRV_ERR_CONFLICT. */
  readonly appendAttempts: number;
  /** Called after events are applied (own appends and catch-ups alike), in log order. */
  readonly onEvents: (host: CentreHost, events: readonly QueueEvent[]) => void;
  /** Pause after the n-th lost race (ms); default: random jitter below 2^n ms. */
  readonly backoffMs: (attempt: number) => number;
  /** Called after every append attempt, for metrics. */
  readonly onAppend?: (host: CentreHost, outcome: 'ok' | 'conflict') => void;
  /** Write a snapshot every this many applied events (0 or absent: never; stores without snapshots: never). */
  readonly snapshotEveryEvents?: number;
  /** A snapshot write failed (the next start replays more; nothing else is affected). */
  readonly onSnapshotError?: (host: CentreHost, err: unknown) => void;
}

export class CentreHost {
  /** All of the host's state (this class keeps none of its own). */
  private readonly core: HostCore;
  readonly snapshots: SnapshotWriter;

  private constructor(
    centre: Centre,
    options: CentreHostOptions,
    /** How the centre was loaded at start: from which snapshot, and how many events were replayed. */
    readonly start: CentreStart,
  ) {
    this.core = new HostCore(centre, options, this, start);
    this.snapshots = this.core.snapshots;
  }

  /** The centre in memory (replaced, never mutated behind callers' backs, when rebuilt from the store). */
  get centre(): Centre {
    return this.core.centre;
  }

  get id(): string {
    return this.core.id;
  }

  /** Loads the centre from its latest stored snapshot and the events after it, or from its whole log. */
  static async open(config: CentreConfig, options: CentreHostOptions): Promise<CentreHost> {
    const { centre, start } = await loadCentre(config, options.store);
    return new CentreHost(centre, options, start);
  }

  /** Commands queued or running on this centre. */
  get pending(): number {
    return this.core.mutex.pending + this.core.queue.length + this.core.inflightMembers;
  }

  /**
   * Write requests inside this centre: waiting for their turn, or decided and waiting for their
   * group's append (`pending` also counts the centre's own jobs, such as the loop draining them).
   */
  get writes(): number {
    return this.core.queue.length + this.core.inflightMembers;
  }

  /** Writes waiting for their turn (not yet decided) on this centre. */
  get queued(): number {
    return this.core.queue.length;
  }

  /**
   * Runs a command built at the current time. `answerOf` turns the engine's result into the HTTP
   * answer; refusals throw ServerError (nothing changed). `gone` says the client has disconnected:
   * a command whose client is gone when its turn comes is not decided (it rejects with ClientGone;
   * nobody was answered, so nothing acknowledged is lost).
   */
  run<R>(build: (now: number) => Command, answerOf: (result: R) => Answer, idempotency?: Idempotency, gone?: () => boolean): Promise<Answer> {
    const core = this.core;
    return new Promise<Answer>((resolve, reject) => {
      core.queue.push({ build, answerOf: answerOf as (result: unknown) => Answer, idempotency, gone, resolve, reject });
      if (core.draining) {
        core.wake?.();
        return;
      }
      core.draining = true;
      // The first group starts after this turn of the event loop, so the requests that arrive in the
      // same turn join it (one append for all of them, instead of one for the first and one for the rest).
      setImmediate(this.startDrain);
    });
  }

  private readonly startDrain = (): void => {
    this.core.mutex.run(() => this.drainLocked()).catch(() => {}); // members are settled one by one
  };

  /** Runs the queued commands in groups until the queue is empty. */
  private async drainLocked(): Promise<void> {
    try {
      if (this.core.options.store.shared) await drainGroupsLocked(this.core);
      else await drainPipelinedLocked(this.core);
    } finally {
      this.core.draining = false;
    }
  }

  /** Catches up on events appended by other instances, then reads (reads waiting together share one catch-up). */
  read<T>(query: (centre: Centre, now: number) => T): Promise<T> {
    return this.core.read(query);
  }

  /** Catches up on events appended by other instances (as a read does: between groups, not after the last). */
  async sync(): Promise<void> {
    await this.read(() => undefined);
  }
}

/** Random jitter, doubling per lost race: 0–2 ms, 0–4 ms, … (the server's only randomness besides anonymous keys). */
export function jitterBackoff(attempt: number): number {
  return Math.random() * 2 ** Math.min(attempt, 10);
}
