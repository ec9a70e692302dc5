/**
 * One centre inside the server: the engine's `Centre` in memory, kept equal to the store's log.
 *
 * A command runs under the centre's mutex: decide → append at our version → apply (and remember the
 * answer). When another instance appended first, the append reports a conflict: we load the events
 * after our version, apply them and decide again, a bounded number of times. The first answer of a
 * request with an idempotency key is stored with its events, atomically, so a retry — on this
 * instance or another, before or after a restart — gets the same answer and changes nothing.
 */
import { Centre, type CentreConfig, type Command, type QueueEvent } from '@asan/queue-core';
import { fromEngine, ServerError } from '../errors.ts';
import type { EventStore, StoredAnswer } from '../store/event-store.ts';
import { Mutex } from './mutex.ts';

export interface Answer {
  readonly status: number;
  readonly body: unknown;
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
}

/** First answers kept in memory per centre (the store keeps all of them). */
const ANSWERS_CACHED = 5_000;

export class CentreHost {
  private readonly mutex = new Mutex();
  private readonly answers = new Map<string, StoredAnswer>();

  private constructor(
    readonly centre: Centre,
    private readonly options: CentreHostOptions,
  ) {}

  get id(): string {
    return this.centre.config.id;
  }

  /** Rebuilds the centre from its stored log. */
  static async open(config: CentreConfig, options: CentreHostOptions): Promise<CentreHost> {
    const events = await options.store.load(config.id, 0);
    return new CentreHost(Centre.replay(config, events), options);
  }

  /** Commands queued or running on this centre. */
  get pending(): number {
    return this.mutex.pending;
  }

  /**
   * Runs a command built at the current time. `answerOf` turns the engine's result into the HTTP
   * answer; refusals throw ServerError (nothing changed).
   */
  run<R>(build: (now: number) => Command, answerOf: (result: R) => Answer, idempotency?: Idempotency): Promise<Answer> {
    return this.mutex.run(async () => {
      const { store, appendAttempts } = this.options;
      // Another instance may have appended since: decide on the latest state (a stale refusal or a
      // stale "nobody waiting" would be wrong). Real races remain and end in a conflict below.
      if (store.shared) await this.catchUpLocked();
      for (let attempt = 1; attempt <= appendAttempts; attempt++) {
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
        if (!out.ok) throw fromEngine(out.error);
        if (out.duplicate) throw new ServerError('SRV_ERR_IDEMPOTENCY_KEY_REUSED', { key: idempotency?.key });
        const answer = answerOf(out.result as R);
        if (out.events.length === 0) return answer;
        const stored: StoredAnswer | undefined = idempotency ? { fingerprint: idempotency.fingerprint, status: answer.status, body: answer.body } : undefined;
        const appended = await guard(() =>
          store.append(this.id, this.centre.version, { events: out.events, ...(stored && idempotency ? { answer: { key: idempotency.key, value: stored } } : {}) }),
        );
        this.options.onAppend?.(this, appended.ok ? 'ok' : 'conflict');
        if (appended.ok) {
          this.applyAll(out.events);
          if (idempotency && stored) {
            this.centre.remember(idempotency.key, cmd, out);
            this.cache(idempotency.key, stored);
          }
          return answer;
        }
        await this.catchUpLocked();
        // Let the winners' burst pass: a random pause that doubles with every lost race.
        if (attempt < appendAttempts) await sleep(this.options.backoffMs(attempt));
      }
      throw new ServerError('SRV_ERR_CONFLICT', { centre: this.id, attempts: appendAttempts });
    });
  }

  /** Catches up on events appended by other instances, then reads. */
  read<T>(query: (centre: Centre, now: number) => T): Promise<T> {
    // Nobody else appends to an unshared store: the centre in memory is the log.
    if (!this.options.store.shared) return Promise.resolve(query(this.centre, this.options.clock()));
    return this.mutex.run(async () => {
      await this.catchUpLocked();
      return query(this.centre, this.options.clock());
    });
  }

  /** Catches up on events appended by other instances. */
  sync(): Promise<void> {
    return this.mutex.run(() => this.catchUpLocked());
  }

  private async catchUpLocked(): Promise<void> {
    const events = await guard(() => this.options.store.load(this.id, this.centre.version));
    if (events.length > 0) this.applyAll(events);
  }

  private applyAll(events: readonly QueueEvent[]): void {
    this.centre.apply(events);
    this.options.onEvents(this, events);
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
    throw new ServerError('SRV_ERR_STORE_UNAVAILABLE', { reason: err instanceof Error ? err.message : String(err) });
  }
}
