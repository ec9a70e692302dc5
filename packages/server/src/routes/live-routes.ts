/**
 * Live pages and their stream: GET /api/centres/:centre/live (server-sent events with the public
 * snapshot), the board page for centre monitors, the operator page of one window, and an index.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { centreParams, windowParams, withErrors } from '../http/schemas.ts';
import { int } from '../http/write.ts';
import { ServerError } from '../errors.ts';

const page = (name: string): string => readFileSync(new URL(`../pages/${name}`, import.meta.url), 'utf8');
const BOARD = page('board.html');
const OPERATOR = page('operator.html');
const INDEX = page('index.html');
const html = { 200: { type: 'string', description: 'HTML page' } };

/**
 * The version in a reconnecting EventSource's `Last-Event-ID` (the stream's ids are versions, as
 * the server writes them: decimal, no sign, no leading zero, a safe integer); anything else is
 * ignored — the stream then starts with the full snapshot, as a new page's does.
 */
export function lastEventVersion(header: string | string[] | undefined): number | undefined {
  return typeof header === 'string' && /^(0|[1-9][0-9]{0,14})$/.test(header) ? Number(header) : undefined;
}

export async function liveRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const tags = ['live'];
  // Open live streams per client address (req.ip): at most http.liveMaxStreamsPerAddress each.
  const streamsOf = new Map<string, number>();
  const maxStreams = ctx.config.http.liveMaxStreamsPerAddress;

  app.get<{ Params: { centre: string } }>('/api/centres/:centre/live', {
    schema: {
      tags,
      summary: 'Server-sent events: `snapshot` (last calls, load per service, window status) on every change, its `id` the centre version',
      params: centreParams,
      headers: {
        type: 'object',
        properties: {
          'last-event-id': { type: 'string', description: "sent by a reconnecting EventSource: the current version → the stream starts without the snapshot the page has; anything else (older, another store's, malformed) → the full snapshot" },
        },
      },
      response: withErrors({ 200: { type: 'string', description: 'text/event-stream' } }, [429, 503]),
    },
    handler: async (req, reply) => {
      const host = ctx.network.get(req.params.centre);
      // Shutting down: the hub has ended its streams, and a new one would keep the server from closing.
      if (!ctx.accepting) throw new ServerError('SRV_ERR_SHUTTING_DOWN');
      // A store that is down answers here with its coded error, before the stream starts.
      await host.read(() => null);
      // HEAD (Fastify's automatic HEAD route runs this handler): the head only. A stream would never
      // send its head (Node ignores writes to a HEAD response until it ends) nor end: the client waited
      // for ever, its connection unusable, counted as a live client.
      if (req.method === 'HEAD') return reply.code(200).header('cache-control', 'no-store').type('text/event-stream; charset=utf-8').send('');
      const address = req.ip;
      const streams = streamsOf.get(address) ?? 0;
      if (streams >= maxStreams) throw new ServerError('SRV_ERR_TOO_MANY_STREAMS', { limit: maxStreams });
      streamsOf.set(address, streams + 1);
      reply.raw.once('close', () => {
        const left = (streamsOf.get(address) ?? 1) - 1;
        if (left > 0) streamsOf.set(address, left);
        else streamsOf.delete(address);
      });
      reply.hijack();
      ctx.live.subscribe(host, reply.raw, lastEventVersion(req.headers['last-event-id']));
    },
  });

  app.get('/', { schema: { tags, summary: 'Index: links to the boards, operator pages and API docs', response: html }, handler: async (_req, reply) => reply.type('text/html; charset=utf-8').send(INDEX) });

  app.get<{ Params: { centre: string } }>('/board/:centre', {
    schema: { tags, summary: 'Board page for the monitors of a centre', params: centreParams, response: withErrors(html, []) },
    handler: async (req, reply) => {
      ctx.network.get(req.params.centre);
      return reply.type('text/html; charset=utf-8').send(BOARD);
    },
  });

  app.get<{ Params: { centre: string; window: string } }>('/operator/:centre/:window', {
    schema: { tags, summary: 'Operator page of one window (asks for the operator token)', params: windowParams, response: withErrors(html, []) },
    handler: async (req, reply) => {
      const host = ctx.network.get(req.params.centre);
      const number = int(req.params.window);
      if (!host.centre.config.windowIndex.has(number)) throw new ServerError('SRV_ERR_UNKNOWN_ENTITY', { engineMessage: `Unknown window ${number}`, window: number });
      return reply.type('text/html; charset=utf-8').send(OPERATOR);
    },
  });

  app.get('/api/index', {
    schema: { tags, summary: 'Pages of this server (for the index page)', response: { 200: { type: 'array', items: { type: 'object', additionalProperties: false, properties: { centre: { type: 'string' }, name: { type: 'string' }, windows: { type: 'array', items: { type: 'integer' } } }, required: ['centre', 'name', 'windows'] } } } },
    handler: async () => ctx.network.all().map((h) => ({ centre: h.id, name: h.centre.config.name, windows: h.centre.config.windows.map((w) => w.number) })),
  });
}
