/**
 * The Redis event store: per centre, a list of msgpack events (its length is the version), one
 * expiring string per remembered first answer, and the latest snapshot. Events and answer are
 * written together by one compare-and-append Lua script (lua/append-2.lua; the events travel as one
 * buffer and their lengths, and the script pushes one list element per event), a snapshot and its
 * version by another (lua/snapshot-2.lua). Any number of server instances may share one Redis: an
 * instance that lost the race gets a conflict, catches up and decides again, so no ticket is ever
 * called twice.
 */
import type { CentreSnapshot, QueueEvent } from '@asan/queue-core';
import { Redis } from 'ioredis';
import { Packr } from 'msgpackr';
import { DEFAULT_IDEMPOTENCY_TTL_MS, type AppendRequest, type AppendResult, type EventStore, type StoredAnswer } from './event-store.ts';
import { EventGroupPacker } from './event-pack.ts';
import { commandName, defineScripts } from './lua-scripts.ts';
import { answerKey, appendedChannel, appendedPattern, centreKeys, centreOfChannel } from './redis-keys.ts';

/** One configured packer at the edge: plain msgpack maps (no records), readable by any client. */
const packr = new Packr({ useRecords: false, encodeUndefinedAsNil: false });
/** Snapshots hold typed arrays: `moreTypes` keeps them typed (plain msgpack would turn them into buffers). */
const snapshotPackr = new Packr({ useRecords: false, moreTypes: true });
/** An append's events, packed as `packr` packs each, into one buffer (see event-pack.ts). */
const groupPacker = new EventGroupPacker(packr);

const APPENDED = 0;
const VERSION_CONFLICT = -1;
const KEY_ANSWERED = -2;

const SNAPSHOT_SAVED = 1;
const SNAPSHOT_IGNORED = 0;
const SNAPSHOT_AHEAD = -1;

type AppendScript = (events: string, answer: string, expected: number, packedAnswer: Buffer | string, ttlMs: number, channel: string, payloads: Buffer, lengths: string) => Promise<[number, number]>;
type SnapshotScript = (snapshot: string, events: string, version: number, data: Buffer) => Promise<[number, number]>;

export interface RedisStoreOptions {
  readonly url: string;
  /** Separates deployments and test runs sharing one Redis. */
  readonly prefix: string;
  /** How long a first answer is kept (Redis expires it); default DEFAULT_IDEMPOTENCY_TTL_MS. */
  readonly idempotencyTtlMs?: number;
  /**
   * A connection error (refused, reset, …; ioredis then reconnects). Without a listener ioredis
   * prints each one with its stack to the console ("[ioredis] Unhandled error event").
   */
  readonly onConnectionError?: (err: Error) => void;
}

export class RedisStore implements EventStore {
  readonly kind = 'redis';
  readonly shared = true;
  readonly redis: Redis;
  private readonly appendScript: AppendScript;
  private readonly snapshotScript: SnapshotScript;
  private readonly ttlMs: number;
  private subscriber: Redis | undefined;
  /** The connection has been ready once: from then on a command while it is down fails at once. */
  private wasReady = false;
  /** The last connection error (e.g. ECONNREFUSED): what a failed start reports. */
  lastConnectionError: Error | undefined;

  constructor(private readonly options: RedisStoreOptions) {
    this.ttlMs = options.idempotencyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS;
    if (!Number.isSafeInteger(this.ttlMs) || this.ttlMs < 1) throw new Error(`idempotencyTtlMs must be a positive integer, got ${this.ttlMs}`);
    this.redis = new Redis(options.url, {
      maxRetriesPerRequest: 2,
      lazyConnect: false,
      enableOfflineQueue: true,
      enableAutoPipelining: true,
      // An append is written at once, not auto-pipelined: ioredis sends its pipeline from a
      // setImmediate, and a group is decided in one (centre-host.ts), so the append would wait a
      // whole turn of the event loop more. A centre has one append in flight at a time anyway.
      // A snapshot neither: a pipeline concatenates its commands into one buffer, a copy of the
      // whole snapshot (tens of MB for a large centre) on the main thread.
      autoPipeliningIgnoredCommands: [commandName('append'), commandName('snapshot')],
    });
    this.redis.on('ready', () => (this.wasReady = true));
    this.redis.on('error', this.connectionError);
    defineScripts(this.redis);
    this.appendScript = this.script<AppendScript>('append');
    this.snapshotScript = this.script<SnapshotScript>('snapshot');
  }

  private readonly connectionError = (err: Error): void => {
    this.lastConnectionError = err;
    this.options.onConnectionError?.(err);
  };

  private script<F extends (...args: never[]) => unknown>(name: string): F {
    const fn = (this.redis as unknown as Record<string, F>)[commandName(name)];
    if (!fn) throw new Error(`${name} script is not registered`);
    return fn.bind(this.redis) as F;
  }

  /**
   * During an outage, fail at once: queued behind ioredis's reconnect attempts (up to seconds each)
   * and a centre's mutex, writes would wait longer and longer instead of answering 503. At start
   * (never ready yet) commands wait in the offline queue for the first connection.
   */
  private up(): void {
    if (this.wasReady && this.redis.status !== 'ready') throw new Error(`Redis is unreachable (connection ${this.redis.status})`);
  }

  async load(centre: string, from: number): Promise<QueueEvent[]> {
    this.up();
    const raw = await this.redis.lrangeBuffer(centreKeys(this.options.prefix, centre).events, from, -1);
    return raw.map((b) => packr.unpack(b) as QueueEvent);
  }

  async version(centre: string): Promise<number> {
    this.up();
    return this.redis.llen(centreKeys(this.options.prefix, centre).events);
  }

  async append(centre: string, expected: number, request: AppendRequest): Promise<AppendResult> {
    if (request.events.length === 0) throw new Error('append needs at least one event');
    this.up();
    const { prefix } = this.options;
    const keys = centreKeys(prefix, centre);
    const { blob, lengths } = groupPacker.pack(request.events);
    const answer = request.answer;
    // Without an answer the script touches no answer key; KEYS[2] is still one of the centre's keys (same slot).
    const answerAt = answer ? answerKey(prefix, centre, answer.key) : keys.events;
    const channel = appendedChannel(prefix, centre);
    const [code, version] = await this.appendScript(keys.events, answerAt, expected, answer ? packr.pack(answer.value) : '', this.ttlMs, channel, blob, lengths);
    if (code === APPENDED) return { ok: true, version };
    if (code === VERSION_CONFLICT || code === KEY_ANSWERED) return { ok: false, version };
    throw new Error(`append script returned unknown code ${code}`);
  }

  async answer(centre: string, key: string): Promise<StoredAnswer | undefined> {
    this.up();
    const raw = await this.redis.getBuffer(answerKey(this.options.prefix, centre, key));
    return raw ? (packr.unpack(raw) as StoredAnswer) : undefined;
  }

  async saveSnapshot(centre: string, version: number, snapshot: CentreSnapshot): Promise<void> {
    if (snapshot.version !== version) throw new Error(`snapshot of ${centre} is at version ${snapshot.version}, not ${version}`);
    this.up();
    const keys = centreKeys(this.options.prefix, centre);
    const [code, at] = await this.snapshotScript(keys.snapshot, keys.events, version, snapshotPackr.pack(snapshot));
    if (code === SNAPSHOT_SAVED || code === SNAPSHOT_IGNORED) return;
    if (code === SNAPSHOT_AHEAD) throw new Error(`snapshot of ${centre} at version ${version} is ahead of the log (${at})`);
    throw new Error(`snapshot script returned unknown code ${code}`);
  }

  async loadSnapshot(centre: string): Promise<CentreSnapshot | undefined> {
    this.up();
    const raw = await this.redis.hgetBuffer(centreKeys(this.options.prefix, centre).snapshot, 'data');
    return raw ? (snapshotPackr.unpack(raw) as CentreSnapshot) : undefined;
  }

  async subscribe(listener: (centre: string, version: number) => void): Promise<void> {
    // A subscribed connection can do nothing else: a second one.
    if (!this.subscriber) {
      this.subscriber = this.redis.duplicate();
      this.subscriber.on('error', this.connectionError);
    }
    this.subscriber.on('pmessage', (_pattern: string, channel: string, message: string) => {
      const centre = centreOfChannel(this.options.prefix, channel);
      if (centre !== null) listener(centre, Number(message));
    });
    await this.subscriber.psubscribe(appendedPattern(this.options.prefix));
  }

  async ping(): Promise<void> {
    this.up();
    await this.redis.ping();
  }

  async close(): Promise<void> {
    await this.subscriber?.quit();
    await this.redis.quit();
  }
}
