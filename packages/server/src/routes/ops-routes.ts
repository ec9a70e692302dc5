/** Operations: liveness, readiness (store reachable, not shutting down) and Prometheus metrics. */
import type { FastifyInstance } from 'fastify';
import { ServerError } from '../errors.ts';
import { closed, withErrors } from '../http/schemas.ts';
import { PACKAGE_VERSION } from '../version.ts';

export async function opsRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const tags = ['operations'];

  app.get('/health', {
    schema: { tags, summary: 'Liveness: the process answers', response: { 200: closed({ status: { type: 'string' }, version: { type: 'string' } }, ['status', 'version']) } },
    handler: async () => ({ status: 'ok', version: PACKAGE_VERSION }),
  });

  app.get('/ready', {
    schema: {
      tags,
      summary: 'Readiness: the store answers and the server is not shutting down',
      response: withErrors({ 200: closed({ status: { type: 'string' }, store: { type: 'string' }, centres: { type: 'integer' } }, ['status', 'store', 'centres']) }, [503]),
    },
    handler: async () => {
      if (!ctx.accepting) throw new ServerError('SRV_ERR_NOT_READY', { reason: 'shutting down' });
      try {
        await ctx.store.ping();
      } catch (err) {
        throw new ServerError('SRV_ERR_NOT_READY', { reason: `store: ${err instanceof Error ? err.message : String(err)}` });
      }
      return { status: 'ready', store: ctx.store.kind, centres: ctx.network.all().length };
    },
  });

  app.get('/metrics', {
    schema: { tags, summary: 'Prometheus metrics', response: { 200: { type: 'string' } } },
    handler: async (_req, reply) => {
      reply.type(ctx.metrics.registry.contentType);
      return ctx.metrics.registry.metrics();
    },
  });
}
