/**
 * The state of one CentreHost, owned here and nowhere else, and the steps every write path shares:
 * the plain path (one command: decide → append → apply, with catch-up and retries on conflicts),
 * the catch-up, the rebuild after a lost group append, and the reads served where the centre in
 * memory is the log's. The group paths are functions over a HostCore: group-commit.ts (deciding a
 * batch in groups; a shared store's commit) and pipelined-drain.ts (the embedded store's);
 * centre-host.ts is the public face. Not exported by the package: its fields are open to those
 * modules only. A method named `…Locked` runs under `mutex`.
 */
import type { Centre, Command, QueueEvent } from '@asan/queue-core';
import { fromEngine, ServerError } from '../errors.ts';
import type { StoredAnswer } from '../store/event-store.ts';
import type { Answer, CentreHost, CentreHostOptions, Idempotency } from './centre-host.ts';
import { loadCentre, type CentreStart } from './load-centre.ts';
import { Mutex } from './mutex.ts';
import { SnapshotWriter } from './snapshot-writer.ts';

/** First answers kept in memory per centre (the store keeps all of them). */
const ANSWERS_CACHED = 5_000;

/** A write waiting in the centre's queue for its turn. */
export interface Queued {
  readonly build: (now: number) => Command;
  readonly answerOf: (result: unknown) => Answer;
  readonly idempotency: Idempotency | undefined;
  readonly gone: (() => boolean) | undefined;
  readonly resolve: (answer: Answer) => void;
  readonly reject: (err: unknown) => void;
}

/** A write whose client disconnected before its turn: not decided, not answered. */
export class ClientGone extends Error {
  constructor() {
    super('the client disconnected before the command was decided');
    this.name = 'ClientGone';
  }
}

export class HostCore {
  readonly mutex = new Mutex();
  private readonly answers = new Map<string, StoredAnswer>();
  /** Writes waiting for their turn (not yet decided), in arrival order. */
  readonly queue: Queued[] = [];
  /** Set while a drain runs (or is about to start): a new write only wakes it. */
  draining = false;
  /** Set while a pipelined drain waits for the next request to arrive. */
  wake: (() => void) | undefined;
  /** Commands decided in groups whose appends are in flight (pipelined drain). */
  inflightMembers = 0;
  /**
   * Events applied in memory whose group's append is still in flight (pipelined drain): while there
   * are any, the centre in memory is ahead of the log, and a read waits for a point where it is not.
   */
  unappended = 0;
  /**
   * Reads waiting for a catch-up (shared stores) or for the centre in memory to be the log's again
   * (embedded store, groups in flight): one catch-up serves all of them.
   */
  private readonly readers: { readonly run: () => void; readonly fail: (err: unknown) => void }[] = [];
  private readScheduled = false;
  /**
   * A group's append failed and so did the rebuild after it (the store is down): the centre in
   * memory may hold the group's events, which are not in the log. It is rebuilt from the store
   * before it is used again (a command, a read, a snapshot); until that succeeds, commands are
   * refused with the store's error.
   */
  stale = false;
  readonly snapshots: SnapshotWriter;

  constructor(
    private current: Centre,
    readonly options: CentreHostOptions,
    /** The host the options' callbacks are given. */
    private readonly host: CentreHost,
    start: CentreStart,
  ) {
    this.snapshots = new SnapshotWriter(
      current.config.id,
      options.snapshotEveryEvents ?? 0,
      start.snapshotVersion ?? 0,
      () => this.centre.version,
      options.store,
      // Taken like a read: only appended events, at a point the drain serves even under a steady
      // stream of writes (under the mutex alone, it waited until the writes stopped).
      () => this.read((centre) => centre.snapshot()),
      (err) => options.onSnapshotError?.(host, err),
    );
  }

  /** The centre in memory (replaced, never mutated behind callers' backs, when rebuilt from the store). */
  get centre(): Centre {
    return this.current;
  }

  get id(): string {
    return this.centre.config.id;
  }

  /** An append attempt's outcome, for metrics. */
  noteAppend(ok: boolean): void {
    this.options.onAppend?.(this.host, ok ? 'ok' : 'conflict');
  }

  /**
   * After an append reported a conflict or failed: are `events` in the log at `from` all the same?
   * They are when the store ran the append but its reply was lost on the way back, and the client
   * sent it again (ioredis resends a command whose reply it did not get after reconnecting; the
   * second run finds the log moved on — by our own events — and reports a conflict). Deciding those
   * writes again would issue every ticket twice. False when the log cannot be read (the caller's
   * failure path then gives the store's error).
   */
  async landedLocked(from: number, events: readonly QueueEvent[]): Promise<boolean> {
    if (events.length === 0) return false;
    let stored: QueueEvent[];
    try {
      stored = await this.options.store.load(this.id, from);
    } catch {
      return false;
    }
    if (stored.length < events.length) return false;
    for (let i = 0; i < events.length; i++) if (!sameEvent(stored[i]!, events[i]!)) return false;
    return true;
  }

  /**
   * After a group's append was lost (a conflict, or the store failed): the speculative state is
   * not the log's. Rebuilds the centre from the store, then runs each command again alone; if the
   * rebuild fails too, the centre is stale and each command is refused with the store's error.
   */
  async rebuildAndRunAloneLocked(commands: readonly Queued[]): Promise<void> {
    try {
      await this.rebuildLocked();
    } catch (err) {
      this.stale = true;
      const error = err instanceof ServerError ? err : storeUnavailable(err);
      for (const q of commands) q.reject(error);
      return;
    }
    for (const q of commands) await this.runAloneLocked(q);
  }

  /** Replaces the centre by a fold of the stored log (after a lost group append). */
  private async rebuildLocked(): Promise<void> {
    this.current = (await guard(() => loadCentre(this.current.config, this.options.store))).centre;
    this.stale = false;
  }

  /** Rebuilds the centre if it may hold events that are not in the log (see `stale`); throws the store's error if that fails. */
  private async freshLocked(): Promise<void> {
    if (this.stale) await this.rebuildLocked();
  }

  /** As `freshLocked`, for a batch about to be decided: false (every member refused with the store's error) if the rebuild failed. */
  async freshOrRejectLocked(batch: readonly Queued[]): Promise<boolean> {
    try {
      await this.freshLocked();
      return true;
    } catch (err) {
      for (const q of batch) q.reject(err);
      return false;
    }
  }

  /** One command on its own: decide → append → apply, with catch-up and retries on conflicts. */
  async runAloneLocked(q: Queued): Promise<void> {
    if (q.gone?.()) return q.reject(new ClientGone());
    try {
      q.resolve(await this.runOneLocked(q.build, q.answerOf, q.idempotency));
    } catch (err) {
      q.reject(err);
    }
  }

  private async runOneLocked(build: (now: number) => Command, answerOf: (result: unknown) => Answer, idempotency: Idempotency | undefined): Promise<Answer> {
    const { store, appendAttempts } = this.options;
    // On a shared store another instance may have appended since our version. A write that appends
    // needs no catch-up first: its append succeeds only at our version, which proves the decision
    // was made on the latest state (one round trip instead of two); a lost race catches up and
    // decides again. A decision that appends nothing — a refusal, or a stale "nobody waiting" — proves
    // nothing: it is answered only once the state is known current (caught up; decided again if
    // others had appended). An idempotent write catches up first (its stored answer is read anyway).
    if (this.stale) await this.freshLocked();
    let current = !store.shared;
    if (!current && idempotency) {
      await this.catchUpLocked();
      current = true;
    }
    let attempt = 1;
    for (;;) {
      if (idempotency) {
        const prior = await this.storedAnswer(idempotency.key);
        if (prior) {
          if (prior.fingerprint !== idempotency.fingerprint) throw new ServerError('SRV_ERR_IDEMPOTENCY_KEY_REUSED', { key: idempotency.key });
          return { status: prior.status, body: prior.body };
        }
      }
      const base = build(this.options.clock());
      const cmd = (idempotency ? { ...base, key: idempotency.key } : base) as Command;
      const out = this.centre.decide(cmd);
      if (!out.ok || out.events.length === 0) {
        if (!current) {
          current = true;
          if ((await this.catchUpLocked()) > 0) continue; // others had appended: decide again
        }
        if (!out.ok) throw fromEngine(out.error);
      }
      // The engine knows the key from the log, but the store no longer has its answer (past its lifetime).
      if (out.duplicate) throw new ServerError('SRV_ERR_IDEMPOTENCY_KEY_EXPIRED', { key: idempotency?.key });
      const answer = answerOf(out.result);
      if (out.events.length === 0) return answer;
      const stored: StoredAnswer | undefined = idempotency ? { fingerprint: idempotency.fingerprint, status: answer.status, body: answer.body } : undefined;
      const from = this.centre.version;
      let appended: { readonly ok: boolean } | undefined;
      let failure: unknown;
      try {
        appended = await store.append(this.id, from, { events: out.events, ...(stored && idempotency ? { answer: { key: idempotency.key, value: stored } } : {}) });
        this.noteAppend(appended.ok);
      } catch (err) {
        failure = err;
      }
      const landed = appended?.ok === true;
      if (landed || (await this.landedLocked(from, out.events))) {
        // Ours (a lost reply's events are applied by the catch-up, with any appended after them).
        if (landed) this.applyAll(out.events);
        else await this.catchUpLocked();
        if (idempotency && stored) {
          this.centre.remember(idempotency.key, cmd, out);
          this.cache(idempotency.key, stored);
        }
        return answer;
      }
      if (appended === undefined) throw storeUnavailable(failure);
      await this.catchUpLocked();
      current = true;
      if (attempt >= appendAttempts) throw new ServerError('SRV_ERR_CONFLICT', { centre: this.id, attempts: appendAttempts });
      // Let the winners' burst pass: a random pause that doubles with every lost race.
      await sleep(this.options.backoffMs(attempt));
      attempt++;
    }
  }

  /** Catches up on events appended by other instances, then reads (reads waiting together share one catch-up). */
  read<T>(query: (centre: Centre, now: number) => T): Promise<T> {
    // Nobody else appends to an unshared store: the centre in memory is the log — unless groups'
    // appends are in flight (it holds their events before the log does) or it is stale (it may hold
    // a failed group's events); then the read waits its turn, like a shared store's.
    if (!this.options.store.shared && !this.stale && this.unappended === 0) return Promise.resolve(query(this.centre, this.options.clock()));
    return new Promise<T>((resolve, reject) => {
      this.readers.push({
        run: () => {
          try {
            resolve(query(this.centre, this.options.clock()));
          } catch (err) {
            reject(err);
          }
        },
        fail: reject,
      });
      // A pipelined drain waiting for requests gets on with settling its groups (it serves the read).
      this.wake?.();
      if (this.readScheduled) return;
      this.readScheduled = true;
      this.mutex.run(() => this.readAllLocked()).catch(() => {}); // readers are settled one by one
    });
  }

  /** Reads are waiting: a drain serves them at its next point where the centre is the log's. */
  get readsWaiting(): boolean {
    return this.readers.length > 0;
  }

  /**
   * One catch-up for every read waiting (each arrived before it started, so each sees every event
   * appended before the read began); under the mutex, so no read sees a group before its append.
   */
  async readAllLocked(): Promise<void> {
    this.readScheduled = false;
    const readers = this.readers.splice(0);
    if (readers.length === 0) return; // served by a drain in the meantime
    try {
      await this.freshLocked();
      await this.catchUpLocked();
    } catch (err) {
      for (const r of readers) r.fail(err);
      return;
    }
    for (const r of readers) r.run();
  }

  /** Applies the events others appended since our version; returns how many there were. */
  async catchUpLocked(): Promise<number> {
    const events = await guard(() => this.options.store.load(this.id, this.centre.version));
    if (events.length > 0) this.applyAll(events);
    return events.length;
  }

  private applyAll(events: readonly QueueEvent[]): void {
    this.centre.apply(events);
    this.afterEvents(events);
  }

  /** Events applied and appended (own or caught up): listeners, then the snapshot count. */
  afterEvents(events: readonly QueueEvent[]): void {
    this.options.onEvents(this.host, events);
    this.snapshots.noteEvents();
  }

  private async storedAnswer(key: string): Promise<StoredAnswer | undefined> {
    const cached = this.answers.get(key);
    if (cached) return cached;
    const stored = await guard(() => this.options.store.answer(this.id, key));
    if (stored) this.cache(key, stored);
    return stored;
  }

  private cache(key: string, answer: StoredAnswer): void {
    this.answers.set(key, answer);
    if (this.answers.size > ANSWERS_CACHED) this.answers.delete(this.answers.keys().next().value!);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Store failures become SRV_ERR_STORE_UNAVAILABLE (503): the client may retry with its key. */
async function guard<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    throw storeUnavailable(err);
  }
}

function storeUnavailable(err: unknown): ServerError {
  return new ServerError('SRV_ERR_STORE_UNAVAILABLE', { reason: err instanceof Error ? err.message : String(err) });
}

/** The same event, as the store gives it back (msgpack keeps the keys in order; undefined values are left out, as here). */
function sameEvent(a: QueueEvent, b: QueueEvent): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
