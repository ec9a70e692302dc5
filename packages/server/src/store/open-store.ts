/** The store a configuration names. */
import type { StoreConfig } from '../config/server-config.ts';
import type { EventStore } from './event-store.ts';
import { LmdbStore } from './lmdb-store.ts';
import { RedisStore } from './redis-store.ts';

export function openStore(config: StoreConfig): EventStore {
  return config.kind === 'redis' ? new RedisStore(config) : new LmdbStore(config);
}
