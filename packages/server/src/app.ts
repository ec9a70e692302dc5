/**
 * buildApp(options): the Fastify instance with every route, for tests (`app.inject()`) and for
 * main.ts (which calls `listen`). The clock is injectable: every command gets `now` from it.
 */
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jitterBackoff } from './centre/centre-host.ts';
import { CentreNetwork } from './centre/network.ts';
import type { ServerConfig } from './config/server-config.ts';
import { ServerError } from './errors.ts';
import type { AppContext } from './http/context.ts';
import { clientError, frameworkError, installErrorHandlers, socketTimeout } from './http/error-handler.ts';
import { lazyChildLogger } from './http/lazy-logger.ts';
import { PerPathStore } from './http/rate-limit-store.ts';
import { installReplayClock, type ReplayClock } from './http/replay-clock.ts';
import { errorBody } from './http/schemas.ts';
import { startJobs, type Jobs } from './jobs/start-jobs.ts';
import { LiveHub } from './live/live-hub.ts';
import { Metrics } from './metrics.ts';
import { deskRoutes } from './routes/desk-routes.ts';
import { liveRoutes } from './routes/live-routes.ts';
import { opsRoutes } from './routes/ops-routes.ts';
import { publicRoutes } from './routes/public-routes.ts';
import { staffRoutes } from './routes/staff-routes.ts';
import { windowRoutes } from './routes/window-routes.ts';
import { Authenticator } from './security/auth.ts';
import { KeyedHash } from './security/keyed-hash.ts';
import type { EventStore } from './store/event-store.ts';
import { openStore } from './store/open-store.ts';
import { RedisStore } from './store/redis-store.ts';
import { PACKAGE_VERSION } from './version.ts';

/** The Error schema inline (the 405 answer in `components.responses` is not a route's: no `$ref` to resolve). */
const { $id: _errorId, ...errorSchema } = errorBody;

export interface BuildOptions {
  readonly config: ServerConfig;
  /** Epoch milliseconds; the only clock the server reads. Default Date.now. */
  readonly clock?: () => number;
  /**
   * Replays and benchmarks only (`--clock replay`): the server reads this clock, and admin requests
   * set it with the `x-asan-now` header (http/replay-clock.ts). Takes the place of `clock`.
   */
  readonly replayClock?: ReplayClock;
  /** A store to use instead of the one the configuration names (tests). Closed with the app. */
  readonly store?: EventStore;
  /** Fastify logger options; default: pino at config.logLevel with personal data redacted. */
  readonly logger?: FastifyServerOptions['logger'];
  /** Run the time-driven jobs (ticks, notifications). Default true. */
  readonly jobs?: boolean;
  /** Collect the default process metrics. Default true. */
  readonly defaultMetrics?: boolean;
}

/** Never logged in clear: tokens, personal IDs, names, citizen keys. */
export const REDACT = ['req.headers.authorization', '*.citizenId', '*.citizen', '*.name', 'body', 'req.body'];

const TOKEN_IN_URL = /\/(status|holds)\/[^/?]+/g;

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: req.url.replace(TOKEN_IN_URL, '/$1/[token]'), id: req.id }),
    },
  };
}

export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const { config } = options;
  const clock = options.replayClock?.now ?? options.clock ?? (() => Date.now());
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config.logLevel),
    bodyLimit: config.http.bodyLimitBytes,
    requestTimeout: config.http.requestTimeoutMs,
    // Node checks that timeout only every `connectionsCheckingInterval` (30 s by default), which made a
    // stalled request head wait up to a whole interval longer than the setting (and a setting under
    // 30 s meaningless): check ten times per timeout, at least every second.
    http: { connectionsCheckingInterval: Math.min(1_000, Math.ceil(config.http.requestTimeoutMs / 10)) },
    // Node's requestTimeout does not end a request whose body stops coming once the route has it: the
    // socket's inactivity timeout does (`socketTimeout`, installed below).
    connectionTimeout: config.http.requestTimeoutMs,
    // Bodies are checked as sent: no type coercion, no silently dropped fields.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false } },
    // Not Fastify's own 503 while closing: its body carries no catalogue code. A request that still
    // arrives on a kept-alive connection during the drain runs its route (Fastify adds
    // `Connection: close`): a write or a live stream is refused SRV_ERR_SHUTTING_DOWN, a read answered.
    return503OnClosing: false,
    frameworkErrors: frameworkError,
    // What Node's HTTP parser refuses (head over 16 KiB, malformed request line, timeout): a coded answer too.
    clientErrorHandler: clientError,
    // A request's child logger is made only when it logs (http/lazy-logger.ts).
    childLoggerFactory: lazyChildLogger,
  });

  const store =
    options.store ??
    openStore(config.store, {
      idempotencyTtlMs: config.idempotencyTtlHours * 3_600_000,
      onConnectionError: (err) => app.log.warn({ err: err.message }, 'store connection error'),
    });
  let network: CentreNetwork | undefined;
  let jobs: Jobs | undefined;
  const live = new LiveHub({ heartbeatMs: config.http.liveHeartbeatMs, clock });
  const metrics = new Metrics(() => network, () => live.size, options.defaultMetrics ?? true);
  try {
    network = await CentreNetwork.open(config.centres, {
      store,
      clock,
      appendAttempts: config.appendAttempts,
      backoffMs: jitterBackoff,
      onAppend: (host, outcome) => metrics.countAppend(host.id, outcome),
      snapshotEveryEvents: config.snapshotEveryEvents,
      onSnapshotError: (host, err) => app.log.warn({ centre: host.id, err: String(err) }, 'snapshot write failed'),
    });
    const net = network;
    for (const host of net.all()) app.log.info({ centre: host.id, ...host.start }, 'centre loaded');
    net.onEvents((host, events) => {
      metrics.countEvents(host.id, events.length);
      live.changed(host);
    });
    // Another instance appended: catch up now, so live pages and jobs here see it at once.
    await store.subscribe?.((centre, version) => {
      const host = net.find(centre);
      if (host && host.centre.version < version) host.sync().catch((err: unknown) => app.log.warn({ centre, err: String(err) }, 'catch-up failed'));
    });
  } catch (err) {
    // Redis not reachable: the command fails with "max retries" — the connection's error says why.
    const connection = store instanceof RedisStore ? store.lastConnectionError : undefined;
    await store.close().catch(() => {});
    throw connection ? new Error(`${connection.message} (${err instanceof Error ? err.message : String(err)})`, { cause: err }) : err;
  }

  const ctx: AppContext = {
    config,
    clock,
    store,
    network,
    hash: new KeyedHash(config.secret),
    auth: new Authenticator(config.tokens),
    live,
    metrics,
    accepting: true,
  };
  app.decorate('ctx', ctx);
  // JSON only: Fastify's default text/plain parser would let a string body reach the schema.
  app.removeContentTypeParser('text/plain');
  // Every route declares its answers (and a write its body): a route without them does not start.
  app.addHook('onRoute', (route) => {
    const schema = route.schema as { hide?: boolean; response?: unknown; body?: unknown } | undefined;
    if (schema?.hide) return; // the documentation's own routes
    if (!schema?.response) throw new Error(`route ${String(route.method)} ${route.url} has no response schema`);
    if (route.method === 'POST' && !schema.body) throw new Error(`route POST ${route.url} has no body schema`);
  });
  app.addSchema(errorBody);
  installErrorHandlers(app, config.http.bodyLimitBytes);
  app.server.on('timeout', socketTimeout.bind(app));
  if (options.replayClock) installReplayClock(app, ctx, options.replayClock);
  // A write without a body is a write with an empty one: every POST route declares a closed body schema.
  // Callback-style hooks (not async): no promise and microtask per request on every route.
  app.addHook('preValidation', (req, _reply, done) => {
    if (req.method === 'POST' && req.body === undefined) req.body = {};
    done();
  });
  app.addHook('onResponse', (req, reply, done) => {
    metrics.requests.series(req.method, req.routeOptions.url ?? 'unknown', reply.statusCode).observe(reply.elapsedTime / 1000);
    done();
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'ASAN queue server',
        version: PACKAGE_VERSION,
        description:
          'One fair queue for walk-ins and bookings across the windows of a one-stop service centre. Errors: see the SRV_ERR_* catalogue in the README. ' +
          'A path asked with a method it does not have is answered 405 (components.responses.MethodNotAllowed, with an Allow header); a path that does not exist, 404 SRV_ERR_NOT_FOUND.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
        responses: {
          // Not an answer of any operation: what a method the document does not list for a path gets.
          MethodNotAllowed: {
            description: 'SRV_ERR_METHOD_NOT_ALLOWED: the path exists, but not with this method; Allow lists its methods (details.allow too)',
            headers: { Allow: { description: 'the methods of the path, e.g. "GET, HEAD" or "POST"', schema: { type: 'string' } } },
            content: { 'application/json': { schema: { ...errorSchema, required: [...errorSchema.required] } } },
          },
        },
      },
    },
    // This document is OpenAPI 3 (`openapi` above): the transform gets it as `openapiObject`.
    transformObject: (doc) => optionalBodies(('openapiObject' in doc ? doc.openapiObject : doc.swaggerObject) as OpenApiDoc) as object,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(rateLimit, {
    global: false,
    // One count per route path: a GET and its automatic HEAD share it (http/rate-limit-store.ts).
    store: PerPathStore,
    errorResponseBuilder: (_req, context) => new ServerError('SRV_ERR_RATE_LIMITED', { retryAfterS: Math.ceil(context.ttl / 1000) }),
  });

  await app.register(opsRoutes);
  await app.register(publicRoutes);
  await app.register(deskRoutes);
  await app.register(windowRoutes);
  await app.register(staffRoutes);
  await app.register(liveRoutes);

  app.addHook('onReady', async () => {
    if (options.jobs ?? true) jobs = await startJobs(ctx, app.log);
  });
  // While closing, a kept-alive connection whose request was in flight when close began becomes idle
  // once answered, and Node's server.close() waits for it: up to the keep-alive timeout (72 s), past
  // graceMs. Such connections are closed as they become idle (as Fastify closes the idle ones at once).
  let idleReaper: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    ctx.accepting = false;
    live.closeAll();
    idleReaper = setInterval(() => app.server.closeIdleConnections(), 25);
    idleReaper.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(idleReaper);
    // In-flight requests have finished (the HTTP server closed first); stop the jobs, then the store.
    await jobs?.stop();
    await network?.idle();
    await store.close();
  });
  return app;
}

type OpenApiDoc = { paths?: Record<string, Record<string, { requestBody?: { required?: boolean; content?: Record<string, { schema?: { required?: readonly string[] } }> } }>> };

/**
 * @fastify/swagger marks every request body `required`, but a POST without a body is taken as `{}`
 * (the preValidation hook above): a body whose schema requires no field may be left out, as the
 * README's curl examples do, so the document says it is optional (test/openapi-bodies.test.ts).
 */
function optionalBodies<T extends OpenApiDoc>(doc: T): T {
  for (const methods of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(methods)) {
      const body = op.requestBody;
      if (!body?.content) continue;
      const needs = Object.values(body.content).some((c) => (c.schema?.required ?? []).length > 0);
      body.required = needs;
    }
  }
  return doc;
}
