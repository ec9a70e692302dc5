/** The store a configuration names. */
import type { StoreConfig } from '../config/server-config.ts';
import type { EventStore } from './event-store.ts';
import { LmdbStore } from './lmdb-store.ts';
import { RedisStore } from './redis-store.ts';

export interface OpenStoreOptions {
  /** How long first answers of idempotency keys are kept (`idempotencyTtlHours` of the configuration). */
  readonly idempotencyTtlMs: number;
  /** Redis: a connection error (ioredis reconnects); see RedisStoreOptions. */
  readonly onConnectionError?: (err: Error) => void;
}

export function openStore(config: StoreConfig, options: OpenStoreOptions): EventStore {
  return config.kind === 'redis' ? new RedisStore({ ...config, ...options }) : new LmdbStore({ ...config, ...options });
}
