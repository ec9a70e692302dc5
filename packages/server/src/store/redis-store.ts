/**
 * The Redis event store: per centre, a list of msgpack events (its length is the version) and a
 * hash of first answers, appended together by one compare-and-append Lua script
 * (lua/append-2.lua). Any number of server instances may share one Redis: an instance that lost
 * the race gets a conflict, catches up and decides again, so no ticket is ever called twice.
 */
import type { QueueEvent } from '@asan/queue-core';
import { Redis } from 'ioredis';
import { Packr } from 'msgpackr';
import type { AppendRequest, AppendResult, EventStore, StoredAnswer } from './event-store.ts';
import { commandName, defineScripts } from './lua-scripts.ts';
import { appendedChannel, appendedPattern, centreKeys, centreOfChannel } from './redis-keys.ts';

/** One configured packer at the edge: plain msgpack maps (no records), readable by any client. */
const packr = new Packr({ useRecords: false, encodeUndefinedAsNil: false });

const APPENDED = 0;
const VERSION_CONFLICT = -1;
const KEY_ANSWERED = -2;

type AppendScript = (events: string, answers: string, expected: number, key: string, answer: Buffer | string, channel: string, ...payloads: Buffer[]) => Promise<[number, number]>;

export interface RedisStoreOptions {
  readonly url: string;
  /** Separates deployments and test runs sharing one Redis. */
  readonly prefix: string;
}

export class RedisStore implements EventStore {
  readonly kind = 'redis';
  readonly shared = true;
  readonly redis: Redis;
  private readonly appendScript: AppendScript;
  private subscriber: Redis | undefined;
  /** The connection has been ready once: from then on a command while it is down fails at once. */
  private wasReady = false;

  constructor(private readonly options: RedisStoreOptions) {
    this.redis = new Redis(options.url, { maxRetriesPerRequest: 2, lazyConnect: false, enableOfflineQueue: true, enableAutoPipelining: true });
    this.redis.on('ready', () => (this.wasReady = true));
    defineScripts(this.redis);
    const fn = (this.redis as unknown as Record<string, AppendScript>)[commandName('append')];
    if (!fn) throw new Error('append script is not registered');
    this.appendScript = fn.bind(this.redis);
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
    const keys = centreKeys(this.options.prefix, centre);
    const payloads = request.events.map((e) => packr.pack(e));
    const answer = request.answer;
    const channel = appendedChannel(this.options.prefix, centre);
    const [code, version] = await this.appendScript(keys.events, keys.answers, expected, answer?.key ?? '', answer ? packr.pack(answer.value) : '', channel, ...payloads);
    if (code === APPENDED) return { ok: true, version };
    if (code === VERSION_CONFLICT || code === KEY_ANSWERED) return { ok: false, version };
    throw new Error(`append script returned unknown code ${code}`);
  }

  async answer(centre: string, key: string): Promise<StoredAnswer | undefined> {
    this.up();
    const raw = await this.redis.hgetBuffer(centreKeys(this.options.prefix, centre).answers, key);
    return raw ? (packr.unpack(raw) as StoredAnswer) : undefined;
  }

  async subscribe(listener: (centre: string, version: number) => void): Promise<void> {
    // A subscribed connection can do nothing else: a second one.
    this.subscriber ??= this.redis.duplicate();
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
