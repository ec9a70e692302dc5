/** What every route plugin reads from the app: decorated once on the root instance as `ctx`. */
import type { CentreNetwork } from '../centre/network.ts';
import type { ServerConfig } from '../config/server-config.ts';
import type { LiveHub } from '../live/live-hub.ts';
import type { Metrics } from '../metrics.ts';
import type { Authenticator } from '../security/auth.ts';
import type { KeyedHash } from '../security/keyed-hash.ts';
import type { EventStore } from '../store/event-store.ts';

export interface AppContext {
  readonly config: ServerConfig;
  readonly clock: () => number;
  readonly store: EventStore;
  readonly network: CentreNetwork;
  readonly hash: KeyedHash;
  readonly auth: Authenticator;
  readonly live: LiveHub;
  readonly metrics: Metrics;
  /** False from the start of shutdown: readiness fails, new writes are refused. */
  accepting: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}
