/**
 * The embedded event store (the default): LMDB through the `lmdb` package, msgpack values.
 *
 * Layout, in one LMDB environment under `dataDir`:
 *   events   [centre, version] → event      (version = 1-based position in the centre's log)
 *   heads    centre → version                (the number of events of the centre)
 *   answers  [centre, idempotency key] → first answer
 *   snapshots centre → latest snapshot (queue-core CentreSnapshot), packed by msgpackr with
 *            `moreTypes` (typed arrays kept as typed arrays; the default packing does not keep them)
 *   snapshot-versions centre → version of that snapshot (read without unpacking it)
 *
 * `append` is one LMDB write transaction that reads the head, compares it with the expected version
 * and writes the events, the new head and the answer — or nothing. LMDB serialises write
 * transactions across threads and processes, so two processes on one data directory cannot both
 * append at one version. Durability: by default every commit is flushed before `append` resolves;
 * `noSync` trades that for speed (a crash of the machine, not of the process, may lose the last
 * commits).
 */
import { mkdirSync } from 'node:fs';
import type { CentreSnapshot, QueueEvent } from '@asan/queue-core';
import { open, type Database, type RootDatabase } from 'lmdb';
import { Packr } from 'msgpackr';
import type { AppendRequest, AppendResult, EventStore, StoredAnswer } from './event-store.ts';

export interface LmdbStoreOptions {
  readonly dataDir: string;
  /** Do not flush to disk on commit (faster; a machine crash may lose recent commits). */
  readonly noSync: boolean;
  /** Let the next transaction start while the previous one is being flushed (LMDB's overlappingSync). */
  readonly overlappingSync: boolean;
}

export class LmdbStore implements EventStore {
  readonly kind = 'embedded';
  readonly shared = false;
  private readonly root: RootDatabase;
  private readonly events: Database<QueueEvent, [string, number]>;
  private readonly heads: Database<number, string>;
  private readonly answers: Database<StoredAnswer, [string, string]>;
  private readonly snapshots: Database<Buffer, string>;
  private readonly snapshotVersions: Database<number, string>;
  private readonly packr = new Packr({ moreTypes: true });

  constructor(options: LmdbStoreOptions) {
    mkdirSync(options.dataDir, { recursive: true });
    // LMDB refuses noSync together with overlappingSync (there is nothing to overlap without syncs).
    this.root = open({ path: options.dataDir, noSync: options.noSync, overlappingSync: options.noSync ? false : options.overlappingSync, maxDbs: 8 });
    this.events = this.root.openDB({ name: 'events', encoding: 'msgpack', keyEncoding: 'ordered-binary' });
    this.heads = this.root.openDB({ name: 'heads', encoding: 'msgpack' });
    this.answers = this.root.openDB({ name: 'answers', encoding: 'msgpack', keyEncoding: 'ordered-binary' });
    this.snapshots = this.root.openDB({ name: 'snapshots', encoding: 'binary' });
    this.snapshotVersions = this.root.openDB({ name: 'snapshot-versions', encoding: 'msgpack' });
  }

  async load(centre: string, from: number): Promise<QueueEvent[]> {
    const out: QueueEvent[] = [];
    for (const { value } of this.events.getRange({ start: [centre, from + 1], end: [centre, Number.MAX_SAFE_INTEGER] })) out.push(value);
    return out;
  }

  async version(centre: string): Promise<number> {
    return this.heads.get(centre) ?? 0;
  }

  append(centre: string, expected: number, request: AppendRequest): Promise<AppendResult> {
    return this.root.transaction((): AppendResult => {
      const head = this.heads.get(centre) ?? 0;
      if (head !== expected) return { ok: false, version: head };
      let v = head;
      for (const ev of request.events) this.events.put([centre, ++v], ev);
      this.heads.put(centre, v);
      if (request.answer) this.answers.put([centre, request.answer.key], request.answer.value);
      return { ok: true, version: v };
    });
  }

  async answer(centre: string, key: string): Promise<StoredAnswer | undefined> {
    return this.answers.get([centre, key]);
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
  }

  async loadSnapshot(centre: string): Promise<CentreSnapshot | undefined> {
    const packed = this.snapshots.get(centre);
    return packed === undefined ? undefined : (this.packr.unpack(packed) as CentreSnapshot);
  }

  async ping(): Promise<void> {
    this.heads.get('');
  }

  async close(): Promise<void> {
    await this.root.flushed;
    await this.root.close();
  }
}
