/**
 * Staff routes: all windows of a centre, unserved services, day statistics (desk, operator, admin),
 * the centre's configuration and a manual tick (admin).
 */
import type { ResultOf } from '@asan/queue-core';
import type { FastifyInstance } from 'fastify';
import { centreParams, closed, dayStats, idempotencyHeaders, ID, READ_ERRORS, windowView, withErrors, WRITE_ERRORS } from '../http/schemas.ts';
import { runWrite } from '../http/write.ts';

const tags = ['staff'];
const security = [{ bearer: [] }];
const ERRORS = [401, 403, ...READ_ERRORS];

export async function staffRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  app.get<{ Params: { centre: string } }>('/api/centres/:centre/windows', {
    schema: { tags, summary: 'Every window of the centre (staff)', security, params: centreParams, response: withErrors({ 200: { type: 'array', items: windowView } }, ERRORS) },
    handler: async (req) => {
      const host = ctx.network.get(req.params.centre);
      ctx.auth.require(req, ['desk', 'operator'], 'see windows', host.id);
      return host.read((c) => c.windows());
    },
  });

  app.get<{ Params: { centre: string } }>('/api/centres/:centre/unserved', {
    schema: {
      tags,
      summary: 'Services with people waiting but no open window: someone must open one (staff)',
      security,
      params: centreParams,
      response: withErrors({ 200: { type: 'array', items: closed({ service: ID, waiting: { type: 'integer' } }, ['service', 'waiting']) } }, ERRORS),
    },
    handler: async (req) => {
      const host = ctx.network.get(req.params.centre);
      ctx.auth.require(req, ['desk', 'operator'], 'see unserved services', host.id);
      return host.read((c) => c.unservedServices());
    },
  });

  app.get<{ Params: { centre: string } }>('/api/centres/:centre/stats/day', {
    schema: { tags, summary: "Today's statistics: issued, called, served, no-shows, waits, ratings (staff)", security, params: centreParams, response: withErrors({ 200: dayStats }, ERRORS) },
    handler: async (req) => {
      const host = ctx.network.get(req.params.centre);
      ctx.auth.require(req, ['desk', 'operator'], 'see statistics', host.id);
      return host.read((c) => {
        const s = c.dayStats();
        return { ...s, date: Number.isNaN(s.date) ? null : s.date };
      });
    },
  });

  app.get<{ Params: { centre: string } }>('/api/centres/:centre/config', {
    schema: { tags, summary: "The centre's configuration as given (admin)", security, params: centreParams, response: withErrors({ 200: { type: 'object', additionalProperties: true } }, ERRORS) },
    handler: async (req) => {
      const host = ctx.network.get(req.params.centre);
      ctx.auth.require(req, [], 'read the configuration');
      return host.centre.config.input;
    },
  });

  app.post<{ Params: { centre: string } }>('/api/centres/:centre/tick', {
    schema: {
      tags,
      summary: 'Run the time-driven transitions now (admin; the server also ticks on its own)',
      security,
      params: centreParams,
      headers: idempotencyHeaders,
      body: closed({}),
      response: withErrors({ 200: closed({ transitions: { type: 'integer' } }, ['transitions']) }, WRITE_ERRORS),
    },
    handler: async (req, reply) => {
      const host = ctx.network.get(req.params.centre);
      ctx.auth.require(req, [], 'tick');
      return runWrite<ResultOf['tick']>(ctx, req, reply, host, (now) => ({ type: 'tick', now }), (r) => ({ status: 200, body: r }));
    },
  });
}
