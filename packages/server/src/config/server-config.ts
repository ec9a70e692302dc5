/**
 * The server's configuration: one defaults object (units in the names), the validated and frozen
 * shape the server runs on, and the input shape a configuration file may give (every field
 * optional but `centres`). See validate-config.ts for the checks and README.md for the format.
 */
import type { CentreConfig, CentreInput } from '@asan/queue-core';

export const ROLES = ['desk', 'kiosk', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface TokenRule {
  /** The bearer token (at least 16 characters outside the demo). */
  readonly token: string;
  readonly role: Role;
  /** desk / kiosk: limit to one centre (absent: all); operator: required, with `window`. */
  readonly centre?: string;
  readonly window?: number;
  /** Shown in logs instead of the token. */
  readonly label?: string;
}

export type StoreConfig =
  | { readonly kind: 'embedded'; readonly dataDir: string; readonly noSync: boolean; readonly overlappingSync: boolean }
  | { readonly kind: 'redis'; readonly url: string; readonly prefix: string };

export interface ServerConfig {
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly bodyLimitBytes: number;
    /** Graceful shutdown: in-flight requests get this long to finish. */
    readonly graceMs: number;
    readonly requestTimeoutMs: number;
    /** A live stream that sent nothing for this long gets a `clock` event (keeps proxies from cutting it); 0: never. */
    readonly liveHeartbeatMs: number;
    /** Live streams one client address may hold open at once; one more is refused (429 SRV_ERR_TOO_MANY_STREAMS). */
    readonly liveMaxStreamsPerAddress: number;
  };
  readonly store: StoreConfig;
  /** Key of the HMACs: citizen keys and public ticket tokens. Keep it secret and stable. */
  readonly secret: string;
  readonly centres: readonly CentreConfig[];
  readonly tokens: readonly TokenRule[];
  readonly jobs: {
    /** Every centre gets a `tick` this often (booking expiry, recall time-outs, roster, end of day). */
    readonly tickIntervalMs: number;
    /** POSTed to when a remote ticket nears its call or a booking is due; null: no notifications. */
    readonly webhookUrl: string | null;
    readonly webhookTimeoutMs: number;
    /** Notify a remote ticket when this many people (or fewer) are ahead of it. */
    readonly notifyAtPeopleAhead: number;
    /** Notify a booking this long before its slot. */
    readonly bookingReminderMs: number;
  };
  readonly rateLimit: {
    /** Requests per client address and window on public booking routes. */
    readonly publicMax: number;
    readonly publicWindowMs: number;
  };
  /** Decide-and-append attempts of one command before SRV_ERR_CONFLICT. */
  readonly appendAttempts: number;
  /**
   * Each centre's state is snapshotted every this many events (counted since the last snapshot,
   * per centre), so a start replays at most about this many events after the latest snapshot.
   * 0: never. Both stores.
   */
  readonly snapshotEveryEvents: number;
  /**
   * Writes waiting for one centre (queued behind the one being decided and stored), at most; one
   * more is refused at once with 503 SRV_ERR_OVERLOADED and Retry-After (nothing changed), instead of
   * queueing so long that its client gives up before it is answered.
   */
  readonly centreQueueMaxRequests: number;
  /**
   * How long the first answer of an idempotency key is kept (both stores; whole hours, 1–8760). A
   * retry within it gets the first answer; after it the answer is gone (see README, Idempotency).
   */
  readonly idempotencyTtlHours: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** True when running the built-in demo network (demo tokens and secret). */
  readonly demo: boolean;
}

/** What a configuration file (or a test) may give; everything but `centres` has a default. */
export interface ServerConfigInput {
  http?: Partial<ServerConfig['http']>;
  store?: Partial<{ kind: 'embedded' | 'redis'; dataDir: string; noSync: boolean; overlappingSync: boolean; url: string; prefix: string }>;
  secret?: string;
  centres: CentreInput[];
  tokens?: TokenRule[];
  jobs?: Partial<ServerConfig['jobs']>;
  rateLimit?: Partial<ServerConfig['rateLimit']>;
  appendAttempts?: number;
  snapshotEveryEvents?: number;
  centreQueueMaxRequests?: number;
  idempotencyTtlHours?: number;
  logLevel?: ServerConfig['logLevel'];
  demo?: boolean;
}

export const DEFAULTS = {
  http: { host: '127.0.0.1', port: 3000, bodyLimitBytes: 16 * 1024, graceMs: 10_000, requestTimeoutMs: 30_000, liveHeartbeatMs: 15_000, liveMaxStreamsPerAddress: 64 },
  store: { kind: 'embedded', dataDir: './.data', noSync: false, overlappingSync: true, url: 'redis://127.0.0.1:6379', prefix: 'asan' },
  jobs: { tickIntervalMs: 15_000, webhookUrl: null, webhookTimeoutMs: 5_000, notifyAtPeopleAhead: 3, bookingReminderMs: 60 * 60_000 },
  rateLimit: { publicMax: 30, publicWindowMs: 60_000 },
  appendAttempts: 8,
  snapshotEveryEvents: 1000,
  centreQueueMaxRequests: 2000,
  idempotencyTtlHours: 48,
  logLevel: 'info',
} as const;
