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
 */
import { Centre, type CentreConfig, type Command, type QueueEvent } from '@asan/queue-core';
import { fromEngine, ServerError } from '../errors.ts';
import type { EventStore, StoredAnswer } from '../store/event-store.ts';
import { loadCentre, type CentreStart } from './load-centre.ts';
import { Mutex } from './mutex.ts';
import { SnapshotWriter } from './snapshot-writer.ts';

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

/** First answers kept in memory per centre (the store keeps all of them). */
const ANSWERS_CACHED = 5_000;

/** Commands decided together and appended in one write, at most. */
const GROUP_MAX = 256;

interface Queued {
  readonly build: (now: number) => Command;
  readonly answerOf: (result: unknown) => Answer;
  readonly idempotency: Idempotency | undefined;
  readonly gone: (() => boolean) | undefined;
  readonly resolve: (answer: Answer) => void;
  readonly reject: (err: unknown) => void;
}

/** Groups whose appends are in flight at once (unshared store): one flushing, one committing behind it. */
const PIPELINE_DEPTH = 2;

/** A write whose client disconnected before its turn: not decided, not answered. */
export class ClientGone extends Error {
  constructor() {
    super('the client disconnected before the command was decided');
    this.name = 'ClientGone';
  }
}

/** A group whose append was issued: `done` is true once it is in the log (per the store's durability). */
interface InFlight {
  readonly members: readonly Decided[];
  readonly events: readonly QueueEvent[];
  /** The version the group's append expects (the log's length before its events). */
  readonly from: number;
  readonly done: Promise<boolean>;
}

/** A decided member of a group: its answer or its refusal, given once the group's append is done. */
type Decided = { readonly q: Queued; readonly answer: Answer } | { readonly q: Queued; readonly error: unknown };

export class CentreHost {
  private readonly mutex = new Mutex();
  private readonly answers = new Map<string, StoredAnswer>();
  private readonly queue: Queued[] = [];
  private draining = false;
  /** Set while a pipelined drain waits for the next request to arrive. */
  private wake: (() => void) | undefined;
  /** Commands decided in groups whose appends are in flight (pipelined drain). */
  private inflightMembers = 0;
  /**
   * Events applied in memory whose group's append is still in flight (pipelined drain): while there
   * are any, the centre in memory is ahead of the log, and a read waits for a point where it is not.
   */
  private unappended = 0;
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
  private stale = false;
  readonly snapshots: SnapshotWriter;

  private constructor(
    private current: Centre,
    private readonly options: CentreHostOptions,
    /** How the centre was loaded at start: from which snapshot, and how many events were replayed. */
    readonly start: CentreStart,
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
      (err) => options.onSnapshotError?.(this, err),
    );
  }

  /** The centre in memory (replaced, never mutated behind callers' backs, when rebuilt from the store). */
  get centre(): Centre {
    return this.current;
  }

  get id(): string {
    return this.centre.config.id;
  }

  /** Loads the centre from its latest stored snapshot and the events after it, or from its whole log. */
  static async open(config: CentreConfig, options: CentreHostOptions): Promise<CentreHost> {
    const { centre, start } = await loadCentre(config, options.store);
    return new CentreHost(centre, options, start);
  }

  /** Commands queued or running on this centre. */
  get pending(): number {
    return this.mutex.pending + this.queue.length + this.inflightMembers;
  }

  /**
   * Write requests inside this centre: waiting for their turn, or decided and waiting for their
   * group's append (`pending` also counts the centre's own jobs, such as the loop draining them).
   */
  get writes(): number {
    return this.queue.length + this.inflightMembers;
  }

  /** Writes waiting for their turn (not yet decided) on this centre. */
  get queued(): number {
    return this.queue.length;
  }

  /**
   * Runs a command built at the current time. `answerOf` turns the engine's result into the HTTP
   * answer; refusals throw ServerError (nothing changed). `gone` says the client has disconnected:
   * a command whose client is gone when its turn comes is not decided (it rejects with ClientGone;
   * nobody was answered, so nothing acknowledged is lost).
   */
  run<R>(build: (now: number) => Command, answerOf: (result: R) => Answer, idempotency?: Idempotency, gone?: () => boolean): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      this.queue.push({ build, answerOf: answerOf as (result: unknown) => Answer, idempotency, gone, resolve, reject });
      if (this.draining) {
        this.wake?.();
        return;
      }
      this.draining = true;
      // The first group starts after this turn of the event loop, so the requests that arrive in the
      // same turn join it (one append for all of them, instead of one for the first and one for the rest).
      setImmediate(this.startDrain);
    });
  }

  private readonly startDrain = (): void => {
    this.mutex.run(() => this.drainLocked()).catch(() => {}); // members are settled one by one
  };

  /** Runs the queued commands in groups until the queue is empty. */
  private async drainLocked(): Promise<void> {
    try {
      if (this.options.store.shared) {
        while (this.queue.length > 0) {
          // Between groups the centre is the log's (up to a catch-up): reads waiting are served
          // here, so a steady stream of writes does not keep them waiting until it stops.
          if (this.readers.length > 0) await this.readAllLocked();
          await this.runGroupLocked(this.queue.splice(0, GROUP_MAX));
        }
      } else {
        await this.drainPipelinedLocked();
      }
    } finally {
      this.draining = false;
    }
  }

  /**
   * Unshared store (embedded): group commit, pipelined. While group N's append is being committed
   * and flushed, group N+1 is decided on the state N left (applied in memory) and its append is
   * issued at once: the store's transactions run in the order they were issued, each checks the
   * head it expects (so N+1 cannot land without N), and LMDB's overlappingSync lets N+1's commit
   * start while N flushes. Answers are given strictly in order, each group's only after its own
   * append resolved — i.e. after its own flush, per the store's durability setting. If an append
   * fails, the groups after it fail too (the head they expect was never written): the centre is
   * rebuilt from the store and their commands run again one at a time.
   */
  private async drainPipelinedLocked(): Promise<void> {
    const inflight: InFlight[] = [];
    while (this.queue.length > 0 || inflight.length > 0) {
      if (this.readers.length > 0) {
        // Reads see only appended events: settle the groups in flight (no new one starts meanwhile),
        // then read; then a group, if writes wait (reads and writes take turns, neither starves).
        await this.settleAllLocked(inflight);
        await this.readAllLocked();
      }
      if (this.queue.length > 0 && inflight.length < PIPELINE_DEPTH) {
        const batch = this.queue.splice(0, GROUP_MAX);
        if (this.stale && !(await this.freshOrRejectLocked(batch))) continue;
        let group: Decided[] = [];
        let events: QueueEvent[] = [];
        const launch = (): void => {
          if (group.length === 0) return;
          inflight.push(this.launchGroup(group, events));
          group = [];
          events = [];
        };
        for (let i = 0; i < batch.length; i++) {
          const q = batch[i]!;
          if (q.gone?.()) {
            q.reject(new ClientGone());
            continue;
          }
          if (q.idempotency) {
            // Stored with its answer, alone: after every group before it is settled.
            launch();
            await this.settleAllLocked(inflight);
            await this.runAloneLocked(q);
            continue;
          }
          this.decideInto(q, group, events);
        }
        launch();
        continue;
      }
      if (inflight.length === 0) continue;
      if (inflight.length < PIPELINE_DEPTH && this.queue.length === 0) {
        // Room for one more group: start it as soon as requests arrive, or settle the oldest first.
        const arrived = await Promise.race([inflight[0]!.done.then(() => false), new Promise<boolean>((resolve) => (this.wake = () => resolve(true)))]);
        this.wake = undefined;
        if (arrived) {
          // Let the requests of the same turn of the event loop join this group.
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
      }
      await this.settleNextLocked(inflight);
    }
  }

  /** Decides one member of a group on the current state (applied in memory at once). */
  private decideInto(q: Queued, group: Decided[], events: QueueEvent[]): void {
    try {
      const out = this.centre.decide(q.build(this.options.clock()));
      if (!out.ok) throw fromEngine(out.error);
      const answer = q.answerOf(out.result);
      if (out.events.length > 0) {
        this.centre.apply(out.events); // in memory now; answered once appended
        for (const e of out.events) events.push(e);
      }
      group.push({ q, answer });
    } catch (err) {
      group.push({ q, error: err });
    }
  }

  /** Issues a group's append now (not awaited): at the version before its events. */
  private launchGroup(members: Decided[], events: QueueEvent[]): InFlight {
    this.inflightMembers += members.length;
    const from = this.centre.version - events.length;
    if (events.length === 0) return { members, events, from, done: Promise.resolve(true) };
    this.unappended += events.length;
    const done = this.options.store.append(this.id, from, { events }).then(
      (r) => {
        this.options.onAppend?.(this, r.ok ? 'ok' : 'conflict');
        return r.ok;
      },
      () => false,
    );
    return { members, events, from, done };
  }

  /** Waits for the oldest group in flight; answers it, or on failure rebuilds and runs every group left alone. */
  private async settleNextLocked(inflight: InFlight[]): Promise<void> {
    const g = inflight.shift()!;
    const ok = (await g.done) || (await this.landedLocked(g.from, g.events));
    this.inflightMembers -= g.members.length;
    this.unappended -= g.events.length;
    if (ok) {
      if (g.events.length > 0) this.afterEvents(g.events);
      for (const m of g.members) 'answer' in m ? m.q.resolve(m.answer) : m.q.reject(m.error);
      return;
    }
    // The speculative state is not the log's. The groups after this one expected a head that was
    // never written: wait for them (a group that did land — it cannot, unless another process
    // writes this data directory — is answered: it is in the log).
    const failed: InFlight[] = [g];
    for (const later of inflight.splice(0)) {
      const landed = (await later.done) || (await this.landedLocked(later.from, later.events));
      this.inflightMembers -= later.members.length;
      this.unappended -= later.events.length;
      if (landed) for (const m of later.members) 'answer' in m ? m.q.resolve(m.answer) : m.q.reject(m.error);
      else failed.push(later);
    }
    try {
      await this.rebuildLocked();
    } catch (err) {
      this.stale = true;
      const error = err instanceof ServerError ? err : storeUnavailable(err);
      for (const f of failed) for (const m of f.members) m.q.reject(error);
      return;
    }
    for (const f of failed) for (const m of f.members) await this.runAloneLocked(m.q);
  }

  private async settleAllLocked(inflight: InFlight[]): Promise<void> {
    while (inflight.length > 0) await this.settleNextLocked(inflight);
  }

  private async runGroupLocked(batch: readonly Queued[]): Promise<void> {
    // Alone, a command takes the plain path (no speculation: a lost race costs a catch-up, not a
    // rebuild; it does not catch up first either unless it appends nothing, see runOneLocked).
    if (batch.length === 1) return this.runAloneLocked(batch[0]!);
    if (this.stale && !(await this.freshOrRejectLocked(batch))) return;
    // A group does not catch up first: a successful append at our version proves that nobody had
    // appended since, so every decision of the group (refusals included) was made on the latest
    // state; a group that appends nothing is checked by a catch-up afterwards (commitGroupLocked).
    let group: Decided[] = [];
    let events: QueueEvent[] = [];
    let from = this.centre.version;
    const flush = async (): Promise<void> => {
      if (group.length === 0) return;
      const [members, appended] = [group, events];
      group = [];
      events = [];
      await this.commitGroupLocked(members, appended, from);
      from = this.centre.version;
    };
    for (const q of batch) {
      if (q.gone?.()) {
        q.reject(new ClientGone());
        continue;
      }
      if (q.idempotency) {
        await flush();
        await this.runAloneLocked(q);
        from = this.centre.version;
        continue;
      }
      this.decideInto(q, group, events);
    }
    await flush();
  }

  /** Appends a group's events in one write, then answers its members; on a conflict or failure, rebuilds and runs them alone. */
  private async commitGroupLocked(members: readonly Decided[], events: readonly QueueEvent[], from: number): Promise<void> {
    const settle = () => {
      for (const m of members) 'answer' in m ? m.q.resolve(m.answer) : m.q.reject(m.error);
    };
    if (events.length === 0) {
      // Nothing to append proves the state current: catch up; if others appended, decide again.
      let caughtUp: number;
      try {
        caughtUp = this.options.store.shared ? await this.catchUpLocked() : 0;
      } catch (err) {
        for (const m of members) m.q.reject(err);
        return;
      }
      if (caughtUp === 0) return settle();
      for (const m of members) await this.runAloneLocked(m.q);
      return;
    }
    let ok = false;
    try {
      const appended = await this.options.store.append(this.id, from, { events });
      this.options.onAppend?.(this, appended.ok ? 'ok' : 'conflict');
      ok = appended.ok;
    } catch {
      // the store failed: run the members alone below (each gets the store's answer)
    }
    if (ok || (await this.landedLocked(from, events))) {
      this.afterEvents(events);
      return settle();
    }
    // The speculative state is not the log's: rebuild from the store, then decide each again.
    try {
      await this.rebuildLocked();
    } catch (err) {
      this.stale = true;
      const error = err instanceof ServerError ? err : storeUnavailable(err);
      for (const m of members) m.q.reject(error);
      return;
    }
    for (const m of members) await this.runAloneLocked(m.q);
  }

  /**
   * After an append reported a conflict or failed: are `events` in the log at `from` all the same?
   * They are when the store ran the append but its reply was lost on the way back, and the client
   * sent it again (ioredis resends a command whose reply it did not get after reconnecting; the
   * second run finds the log moved on — by our own events — and reports a conflict). Deciding those
   * writes again would issue every ticket twice. False when the log cannot be read (the caller's
   * failure path then gives the store's error).
   */
  private async landedLocked(from: number, events: readonly QueueEvent[]): Promise<boolean> {
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
  private async freshOrRejectLocked(batch: readonly Queued[]): Promise<boolean> {
    try {
      await this.freshLocked();
      return true;
    } catch (err) {
      for (const q of batch) q.reject(err);
      return false;
    }
  }

  /** One command on its own: decide → append → apply, with catch-up and retries on conflicts. */
  private async runAloneLocked(q: Queued): Promise<void> {
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
        this.options.onAppend?.(this, appended.ok ? 'ok' : 'conflict');
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

  /**
   * One catch-up for every read waiting (each arrived before it started, so each sees every event
   * appended before the read began); under the mutex, so no read sees a group before its append.
   */
  private async readAllLocked(): Promise<void> {
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

  /** Catches up on events appended by other instances (as a read does: between groups, not after the last). */
  async sync(): Promise<void> {
    await this.read(() => undefined);
  }

  /** Applies the events others appended since our version; returns how many there were. */
  private async catchUpLocked(): Promise<number> {
    const events = await guard(() => this.options.store.load(this.id, this.centre.version));
    if (events.length > 0) this.applyAll(events);
    return events.length;
  }

  private applyAll(events: readonly QueueEvent[]): void {
    this.centre.apply(events);
    this.afterEvents(events);
  }

  /** Events applied and appended (own or caught up): listeners, then the snapshot count. */
  private afterEvents(events: readonly QueueEvent[]): void {
    this.options.onEvents(this, events);
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

/** Random jitter, doubling per lost race: 0–2 ms, 0–4 ms, … (the server's only randomness besides anonymous keys). */
export function jitterBackoff(attempt: number): number {
  return Math.random() * 2 ** Math.min(attempt, 10);
}

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
