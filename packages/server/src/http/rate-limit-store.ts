/**
 * The rate limit's store: @fastify/rate-limit's own in-memory store, but one bucket per route path
 * instead of one per route. Fastify adds a HEAD route for every GET; the plugin gave it a store of
 * its own, so a rate-limited read (a ticket's status by its token) let `publicMax` GETs *and*
 * `publicMax` HEADs through per address — and a HEAD answers the same status (200 or 404), as good
 * as a GET for trying tokens. Routes of one path share one count (test/rate-limit-head.test.ts).
 */
import { createRequire } from 'node:module';
import type { FastifyRateLimitOptions, FastifyRateLimitStore } from '@fastify/rate-limit';

type Incr = FastifyRateLimitStore['incr'];
interface Local {
  incr: Incr;
  /** A look without counting (the plugin's `{ increment: false }`). */
  read: Incr;
}
type LocalCtor = new (continueExceeding?: boolean, exponentialBackoff?: boolean, cache?: number) => Local;

// The plugin's own store (not in its typings): the same counting, expiry and backoff.
const LocalStore = createRequire(import.meta.url)('@fastify/rate-limit/store/LocalStore.js') as LocalCtor;

interface StoreOptions {
  readonly continueExceeding?: boolean;
  readonly exponentialBackoff?: boolean;
  readonly cache?: number;
  /** The route a child is made for (the plugin passes the merged options with it). */
  readonly routeInfo?: { readonly url?: string };
}

export class PerPathStore implements FastifyRateLimitStore {
  private readonly local: Local;
  private readonly byPath: Map<string, PerPathStore>;

  constructor(options: FastifyRateLimitOptions | StoreOptions, byPath = new Map<string, PerPathStore>()) {
    const o = options as StoreOptions;
    this.local = new LocalStore(o.continueExceeding, o.exponentialBackoff, o.cache);
    this.byPath = byPath;
  }

  incr(...args: Parameters<Incr>): void {
    this.local.incr(...args);
  }

  read(...args: Parameters<Incr>): void {
    this.local.read(...args);
  }

  /** The store of a route: one per path, shared by its methods (GET and the HEAD Fastify adds). */
  child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
    const o = routeOptions as unknown as StoreOptions;
    const path = o.routeInfo?.url;
    if (path === undefined) return new PerPathStore(o, this.byPath);
    let store = this.byPath.get(path);
    if (store === undefined) this.byPath.set(path, (store = new PerPathStore(o, this.byPath)));
    return store;
  }
}
