/**
 * The embedded event store (the default): LMDB through the `lmdb` package, msgpack values.
 *
 * Layout, in one LMDB environment under `dataDir`:
 *   events   [centre, version] → the events of one append, ending at `version` (1-based position
 *            in the centre's log of the record's LAST event): a single event is stored as the event
 *            itself, several as an array of events (one record per append: one key and one value
 *            to encode per group of commands, not one per event). A record with key v holding n
 *            events holds versions v-n+1..v; the records of a centre cover its log without gaps.
 *            Data directories written before this layout (one record per event, the event itself)
 *            read the same way: each such record is a one-event record.
 *   heads    centre → version                (the number of events of the centre)
 *   answers  [centre, idempotency key] → { at: epoch ms it was stored, answer: first answer }; an
 *            answer older than `idempotencyTtlMs` is treated as absent and purged (at open, and for
 *            a centre whenever its snapshot is saved). Entries of older versions (the bare answer,
 *            no time) count as stored at open and are rewritten with that time by the sweep at open.
 *   snapshots centre → latest snapshot (queue-core CentreSnapshot), packed by msgpackr with
 *            `moreTypes` (typed arrays kept as typed arrays; the default packing does not keep them)
 *   snapshot-versions centre → version of that snapshot (read without unpacking it)
 *
 * `append` is one LMDB write transaction that reads the head, compares it with the expected version
 * (and refuses a key that still has an answer) and writes the events, the new head and the answer
 * with its time — or nothing. LMDB serialises write transactions across threads and processes, so
 * two processes on one data directory cannot both append at one version. Durability: by default
 * every commit is flushed before `append` resolves; `noSync` trades that for speed (a crash of the
 * machine, not of the process, may lose the last commits).
 */
import { mkdirSync } from 'node:fs';
import type { CentreSnapshot, QueueEvent } from '@asan/queue-core';
import { open, type Database, type RootDatabase } from 'lmdb';
import { Packr } from 'msgpackr';
import { DEFAULT_IDEMPOTENCY_TTL_MS, type AppendRequest, type AppendResult, type EventStore, type StoredAnswer } from './event-store.ts';

/** A remembered first answer and when it was stored. */
interface AnswerEntry {
  readonly at: number;
  readonly answer: StoredAnswer;
}

export interface LmdbStoreOptions {
  readonly dataDir: string;
  /** Do not flush to disk on commit (faster; a machine crash may lose recent commits). */
  readonly noSync: boolean;
  /** Let the next transaction start while the previous one is being flushed (LMDB's overlappingSync). */
  readonly overlappingSync: boolean;
  /** How long a first answer is kept; default DEFAULT_IDEMPOTENCY_TTL_MS. */
  readonly idempotencyTtlMs?: number;
  /** Epoch ms, for the answers' lifetime only (tests inject one); default Date.now. */
  readonly clock?: () => number;
}

export class LmdbStore implements EventStore {
  readonly kind = 'embedded';
  readonly shared = false;
  private readonly root: RootDatabase;
  private readonly events: Database<QueueEvent | QueueEvent[], [string, number]>;
  private readonly heads: Database<number, string>;
  private readonly answers: Database<AnswerEntry | StoredAnswer, [string, string]>;
  private readonly snapshots: Database<Buffer, string>;
  private readonly snapshotVersions: Database<number, string>;
  private readonly packr = new Packr({ moreTypes: true });
  private readonly ttlMs: number;
  private readonly clock: () => number;
  /** When this handle opened: the time of answers stored without one (older versions). */
  private readonly openedAt: number;
  /** The sweep of expired answers started at open (awaited by close). */
  private readonly openSweep: Promise<number>;

  constructor(options: LmdbStoreOptions) {
    mkdirSync(options.dataDir, { recursive: true });
    // LMDB refuses noSync together with overlappingSync (there is nothing to overlap without syncs).
    this.root = open({ path: options.dataDir, noSync: options.noSync, overlappingSync: options.noSync ? false : options.overlappingSync, maxDbs: 8 });
    this.events = this.root.openDB({ name: 'events', encoding: 'msgpack', keyEncoding: 'ordered-binary' });
    this.heads = this.root.openDB({ name: 'heads', encoding: 'msgpack' });
    this.answers = this.root.openDB({ name: 'answers', encoding: 'msgpack', keyEncoding: 'ordered-binary' });
    this.snapshots = this.root.openDB({ name: 'snapshots', encoding: 'binary' });
    this.snapshotVersions = this.root.openDB({ name: 'snapshot-versions', encoding: 'msgpack' });
    this.ttlMs = options.idempotencyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS;
    if (!Number.isSafeInteger(this.ttlMs) || this.ttlMs < 1) throw new Error(`idempotencyTtlMs must be a positive integer, got ${this.ttlMs}`);
    this.clock = options.clock ?? Date.now;
    this.openedAt = this.clock();
    // A failed sweep only leaves expired answers on disk (they still read as absent).
    this.openSweep = this.purgeExpiredAnswers().catch(() => 0);
  }

  async load(centre: string, from: number): Promise<QueueEvent[]> {
    const out: QueueEvent[] = [];
    // The first record whose last version is ≥ from+1 holds version from+1 (records have no gaps);
    // its events before from+1 are skipped.
    for (const { key, value } of this.events.getRange({ start: [centre, from + 1], end: [centre, Number.MAX_SAFE_INTEGER] })) {
      if (!Array.isArray(value)) {
        out.push(value);
        continue;
      }
      const first = key[1] - value.length + 1;
      for (let i = Math.max(0, from + 1 - first); i < value.length; i++) out.push(value[i]!);
    }
    return out;
  }

  async version(centre: string): Promise<number> {
    return this.heads.get(centre) ?? 0;
  }

  append(centre: string, expected: number, request: AppendRequest): Promise<AppendResult> {
    return this.root.transaction((): AppendResult => {
      const head = this.heads.get(centre) ?? 0;
      if (head !== expected) return { ok: false, version: head };
      // The key already has an unexpired answer: nothing written (as the Redis script does).
      if (request.answer && this.live(this.answers.get([centre, request.answer.key]))) return { ok: false, version: head };
      const { events } = request;
      const v = head + events.length;
      if (events.length === 1) this.events.put([centre, v], events[0]!);
      else if (events.length > 1) this.events.put([centre, v], events as QueueEvent[]);
      this.heads.put(centre, v);
      if (request.answer) this.answers.put([centre, request.answer.key], { at: this.clock(), answer: request.answer.value });
      return { ok: true, version: v };
    });
  }

  async answer(centre: string, key: string): Promise<StoredAnswer | undefined> {
    return this.live(this.answers.get([centre, key]))?.answer;
  }

  /**
   * Deletes the answers older than the lifetime (of one centre, or of all) and gives older
   * versions' bare answers their time; returns how many were deleted. Reads first, then deletes in
   * one transaction each still-expired entry (an append may have stored the key again meanwhile).
   */
  async purgeExpiredAnswers(centre?: string): Promise<number> {
    const expired: [string, string][] = [];
    const legacy: [string, string][] = [];
    const range = centre === undefined ? this.answers.getRange() : this.answers.getRange({ start: [centre] });
    for (const { key, value } of range) {
      if (centre !== undefined && key[0] !== centre) break;
      const entry = this.entry(value)!;
      if (this.expired(entry)) expired.push(key);
      else if (!('at' in value)) legacy.push(key);
    }
    if (expired.length === 0 && legacy.length === 0) return 0;
    return this.root.transaction(() => {
      let deleted = 0;
      for (const key of expired) {
        const entry = this.entry(this.answers.get(key));
        if (entry && this.expired(entry)) {
          this.answers.remove(key);
          deleted++;
        }
      }
      for (const key of legacy) {
        const value = this.answers.get(key);
        if (value && !('at' in value)) this.answers.put(key, { at: this.openedAt, answer: value });
      }
      return deleted;
    });
  }

  /** A stored value as an entry with its time (older versions stored the bare answer). */
  private entry(value: AnswerEntry | StoredAnswer | undefined): AnswerEntry | undefined {
    if (value === undefined) return undefined;
    return 'at' in value ? value : { at: this.openedAt, answer: value };
  }

  /** The entry of a stored value, unless it has expired. */
  private live(value: AnswerEntry | StoredAnswer | undefined): AnswerEntry | undefined {
    const entry = this.entry(value);
    return entry && !this.expired(entry) ? entry : undefined;
  }

  private expired(entry: AnswerEntry): boolean {
    return this.clock() - entry.at >= this.ttlMs;
  }

  async saveSnapshot(centre: string, version: number, snapshot: CentreSnapshot): Promise<void> {
    if (snapshot.version !== version) throw new Error(`snapshot of ${centre} is at version ${snapshot.version}, not ${version}`);
    const packed = this.packr.pack(snapshot);
    await this.root.transaction(() => {
      const head = this.heads.get(centre) ?? 0;
      if (version > head) throw new Error(`snapshot of ${centre} at version ${version} is ahead of the log (${head})`);
      if (version > (this.snapshotVersions.get(centre) ?? -1)) {
        this.snapshots.put(centre, packed);
        this.snapshotVersions.put(centre, version);
      }
    });
    // Snapshots come every `snapshotEveryEvents` events: a natural time to drop the centre's expired answers.
    // A failed sweep leaves expired answers on disk (they read as absent); the snapshot is saved.
    await this.purgeExpiredAnswers(centre).catch(() => 0);
  }

  async loadSnapshot(centre: string): Promise<CentreSnapshot | undefined> {
    const packed = this.snapshots.get(centre);
    return packed === undefined ? undefined : (this.packr.unpack(packed) as CentreSnapshot);
  }

  async ping(): Promise<void> {
    this.heads.get('');
  }

  async close(): Promise<void> {
    await this.openSweep;
    await this.root.flushed;
    await this.root.close();
  }
}
